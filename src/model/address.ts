/**
 * Addresses, phone numbers, email addresses and web links of contacts and companies.
 * @module
 */
import { z } from 'zod';

/** Kind of address. */
export const AddressType = z
  .enum(['Billing', 'Delivery', 'Street', 'Postal', 'Unknown'])
  .describe('What the address is used for (Xero `POBOX` → Postal, `STREET` → Street; QuickBooks `BillAddr` → Billing, `ShipAddr` → Delivery).');
/** Kind of address. */
export type AddressType = z.output<typeof AddressType>;

/** A postal address. */
export const AddressSchema = z
  .object({
    type: AddressType.default('Unknown').describe('What the address is used for.'),
    attentionTo: z.string().optional().describe('Person or department the post is addressed to ("Attn").'),
    line1: z.string().optional().describe('First address line.'),
    line2: z.string().optional().describe('Second address line (and further lines joined with ", ").'),
    city: z.string().optional().describe('City or town.'),
    region: z.string().optional().describe('State, county or region.'),
    postalCode: z.string().optional().describe('Postal or ZIP code.'),
    country: z.string().optional().describe('Country as the provider wrote it (name or ISO code).'),
    countryCode: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "GB"')
      .optional()
      .describe('ISO 3166-1 alpha-2 country code, when the provider gives one or `country` is unambiguous.'),
  })
  .describe('A postal address.');
/** A postal address. */
export type Address = z.output<typeof AddressSchema>;

/** Kind of phone number. */
export const PhoneType = z.enum(['Primary', 'Mobile', 'Fax', 'Landline', 'Unknown']).describe('Kind of phone number.');
/** Kind of phone number. */
export type PhoneType = z.output<typeof PhoneType>;

/** A phone number. */
export const PhoneSchema = z
  .object({
    type: PhoneType.default('Unknown').describe('Kind of phone number.'),
    number: z.string().min(1).describe('The number as the provider stores it (country and area code joined).'),
  })
  .describe('A phone number.');
/** A phone number. */
export type Phone = z.output<typeof PhoneSchema>;

/** What an email address is used for. */
export const EmailType = z
  .enum(['Primary', 'Billing', 'Other', 'Unknown'])
  .describe('What the email address is used for.');
/** What an email address is used for. */
export type EmailType = z.output<typeof EmailType>;

/** An email address. The model does not validate the syntax: providers store what users typed. */
export const EmailSchema = z
  .object({
    type: EmailType.default('Unknown').describe('What the email address is used for.'),
    address: z.string().min(1).describe('The email address as the provider stores it.'),
  })
  .describe('An email address.');
/** An email address. */
export type Email = z.output<typeof EmailSchema>;

/** A web link (site, social profile, …). */
export const WebLinkSchema = z
  .object({
    type: z.enum(['Website', 'Social', 'Other', 'Unknown']).default('Unknown').describe('Kind of link.'),
    url: z.string().min(1).describe('The URL as the provider stores it.'),
  })
  .describe('A web link.');
/** A web link. */
export type WebLink = z.output<typeof WebLinkSchema>;
