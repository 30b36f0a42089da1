/**
 * Tax rates and codes.
 * @module
 */
import { z } from 'zod';
import { BaseRecordShape, Ref } from './common';
import { Decimal } from './primitives';

/** Status of a tax rate. */
export const TaxRateStatus = z
  .enum(['Active', 'Archived', 'Deleted', 'Unknown'])
  .describe('Whether the rate is in use.');
/** Status of a tax rate. */
export type TaxRateStatus = z.output<typeof TaxRateStatus>;

/** Which documents a tax rate can be used on. */
export const TaxRateUsage = z.enum(['Sales', 'Purchases', 'Unknown']).describe('Kind of document the rate applies to.');
/** Which documents a tax rate can be used on. */
export type TaxRateUsage = z.output<typeof TaxRateUsage>;

/** One component of a (compound) tax rate, e.g. GST and PST. */
export const TaxRateComponentSchema = z
  .object({
    name: z.string().describe('Component name.'),
    rate: Decimal.describe('Component rate in percent ("5" = 5 %).'),
    isCompound: z.boolean().default(false).describe('Whether it is charged on top of the other components.'),
    isNonRecoverable: z.boolean().optional().describe('Whether the tax cannot be reclaimed (a cost, not a receivable).'),
    taxAgencyRef: Ref.optional().describe('Authority the tax is paid to, where the provider keeps one.'),
  })
  .describe('One component of a compound rate.');
/** One component of a tax rate. */
export type TaxRateComponent = z.output<typeof TaxRateComponentSchema>;

/**
 * A tax rate (or tax code) applied to lines. `totalTaxRate` sums the components; `effectiveTaxRate` is what is charged
 * on the net amount once compounding is applied (5 % + 7 % compounded → total 12, effective 12.35).
 */
export const TaxRateSchema = z
  .object({
    ...BaseRecordShape,
    code: z.string().optional().describe('The provider’s tax code (Xero `TaxType`, QuickBooks tax code name).'),
    name: z.string().min(1).describe('Name of the rate.'),
    description: z.string().optional().describe('Description.'),
    effectiveTaxRate: Decimal.optional().describe('Rate actually charged, in percent, as a decimal string ("20").'),
    totalTaxRate: Decimal.optional().describe('Sum of the component rates, in percent.'),
    components: z.array(TaxRateComponentSchema).default([]).describe('Components of a compound rate.'),
    status: TaxRateStatus.describe('Whether the rate is in use.'),
    appliesTo: z.array(TaxRateUsage).default([]).describe('Which documents can use it (empty: not stated).'),
    countryCode: z.string().optional().describe('Country the rate belongs to (ISO 3166 alpha-2), where stated.'),
    reportTaxType: z
      .string()
      .optional()
      .describe('The tax-return box or category the provider reports it under (e.g. Xero `ReportTaxType` `OUTPUT`).'),
  })
  .describe('A tax rate or tax code.');
/** A tax rate. */
export type TaxRate = z.output<typeof TaxRateSchema>;
