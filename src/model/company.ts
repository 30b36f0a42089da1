/**
 * The company (organisation) a connection reads.
 * @module
 */
import { z } from 'zod';
import { AddressSchema, PhoneSchema, WebLinkSchema } from './address';
import { BaseRecordShape } from './common';
import { CalendarDate, CurrencyCode, Instant } from './primitives';

const month = z.number().int().min(1).max(12);
const dayOfMonth = z.number().int().min(1).max(31);

/**
 * The organisation whose books a connection reads. Providers state the financial year by its end (Xero
 * `FinancialYearEndMonth`) or its start (QuickBooks `FiscalYearStartMonth`); mappers fill whichever they are given and
 * may derive the other.
 */
export const CompanySchema = z
  .object({
    ...BaseRecordShape,
    name: z.string().min(1).describe('Trading or display name.'),
    legalName: z.string().optional().describe('Registered legal name.'),
    entityType: z
      .string()
      .optional()
      .describe('Legal form as the provider names it (e.g. Xero `COMPANY`, QuickBooks `LLC`).'),
    baseCurrency: CurrencyCode.optional().describe('Base (home) currency of the books.'),
    countryCode: z
      .string()
      .optional()
      .describe('Country of the organisation (ISO 3166 alpha-2 where the provider gives it).'),
    registrationNumber: z.string().optional().describe('Company registration number.'),
    taxNumber: z.string().optional().describe('Tax (VAT/GST/EIN) registration number.'),
    financialYearStartMonth: month.optional().describe('Month (1-12) the financial year starts.'),
    financialYearStartDay: dayOfMonth.optional().describe('Day of month the financial year starts.'),
    financialYearEndMonth: month.optional().describe('Month (1-12) the financial year ends.'),
    financialYearEndDay: dayOfMonth.optional().describe('Day of month the financial year ends.'),
    timezone: z.string().optional().describe('Organisation time zone as the provider names it.'),
    addresses: z.array(AddressSchema).default([]).describe('Addresses of the organisation.'),
    phones: z.array(PhoneSchema).default([]).describe('Phone numbers of the organisation.'),
    emailAddress: z.string().optional().describe('Contact email address.'),
    website: z.string().optional().describe('Web site URL.'),
    webLinks: z.array(WebLinkSchema).default([]).describe('Web site and social links, including `website`.'),
    createdDate: Instant.optional().describe('When the organisation was created in the provider (UTC).'),
    periodLockDate: CalendarDate.optional().describe('Books are locked up to and including this date.'),
    isDemo: z.boolean().optional().describe('True for the provider’s demo/sandbox companies.'),
    sourceUrls: z
      .array(
        z
          .object({
            name: z.string().min(1).describe('What the link opens (e.g. "organisation", "invoices").'),
            url: z.string().min(1).describe('The URL.'),
          })
          .describe('A link into the provider’s web app.'),
      )
      .default([])
      .describe('Links that open this company in the provider’s web app.'),
  })
  .describe('The organisation (company, business) whose books the connection reads.');
/** The organisation whose books a connection reads. */
export type Company = z.output<typeof CompanySchema>;
