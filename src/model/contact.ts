/**
 * Customers and suppliers. They are separate canonical types even where a provider keeps one contact list.
 * @module
 */
import { z } from 'zod';
import { AddressSchema, EmailSchema, PhoneSchema } from './address';
import { BaseRecordShape, Ref } from './common';
import { CurrencyCode, Decimal, Money } from './primitives';

/** Status of a customer or supplier. */
export const ContactStatus = z.enum(['Active', 'Archived', 'Unknown']).describe('Whether the contact is in use.');
/** Status of a customer or supplier. */
export type ContactStatus = z.output<typeof ContactStatus>;

/** A person at a customer or supplier (Xero `ContactPersons`, Codat `contacts`). */
export const ContactPersonSchema = z
  .object({
    name: z.string().optional().describe('Full name.'),
    firstName: z.string().optional().describe('First name.'),
    lastName: z.string().optional().describe('Last name.'),
    emailAddress: z.string().optional().describe('Email address.'),
    phones: z.array(PhoneSchema).optional().describe('Phone numbers.'),
    isPrimary: z.boolean().optional().describe('True for the main contact person.'),
    includeInEmails: z.boolean().optional().describe('Whether documents are emailed to this person too.'),
  })
  .describe('A person at the customer or supplier.');
/** A person at a customer or supplier. */
export type ContactPerson = z.output<typeof ContactPersonSchema>;

/** Bank details of a customer or supplier (where payments to or from them go). */
export const ContactBankAccountSchema = z
  .object({
    accountName: z.string().optional().describe('Name on the account.'),
    accountNumber: z.string().optional().describe('Account number (possibly masked by the provider).'),
    sortCode: z.string().optional().describe('Sort code / routing number / BSB.'),
    iban: z.string().optional().describe('IBAN.'),
    bic: z.string().optional().describe('BIC / SWIFT code.'),
  })
  .describe('Bank details of the contact.');
/** Bank details of a customer or supplier. */
export type ContactBankAccount = z.output<typeof ContactBankAccountSchema>;

const contactShape = {
  ...BaseRecordShape,
  name: z.string().min(1).describe('Display or company name.'),
  contactName: z.string().optional().describe('Name of the person to contact.'),
  firstName: z.string().optional().describe('First name of the primary person.'),
  lastName: z.string().optional().describe('Last name of the primary person.'),
  isIndividual: z.boolean().optional().describe('True for a private person rather than a business, where the provider says.'),
  emailAddress: z.string().optional().describe('Primary email address.'),
  emails: z.array(EmailSchema).default([]).describe('All email addresses, the primary one included.'),
  phones: z.array(PhoneSchema).default([]).describe('Phone numbers.'),
  addresses: z.array(AddressSchema).default([]).describe('Postal addresses.'),
  website: z.string().optional().describe('Web site URL.'),
  contactPersons: z.array(ContactPersonSchema).default([]).describe('People at the contact.'),
  taxNumber: z.string().optional().describe('Tax (VAT/GST/EIN) number.'),
  registrationNumber: z.string().optional().describe('Company registration number.'),
  defaultCurrency: CurrencyCode.optional().describe('Currency documents for this contact default to.'),
  status: ContactStatus.describe('Whether the contact is in use (archived contacts are `isDeleted`).'),
  balance: Money.optional().describe('Outstanding balance as the provider reports it, in `defaultCurrency` or base currency.'),
  creditLimit: Money.optional().describe('Credit limit, where the provider keeps one.'),
  discountPercentage: Decimal.optional().describe('Default discount in percent.'),
  paymentTermsDays: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Days after the issue date documents fall due, where the terms are expressed so.'),
  accountNumber: z.string().optional().describe('Your reference/account number for the contact.'),
  bankAccounts: z.array(ContactBankAccountSchema).default([]).describe('Bank details of the contact.'),
  defaultAccountRef: Ref.optional().describe('Default ledger account for documents with this contact.'),
  defaultTaxRateRef: Ref.optional().describe('Default tax rate for documents with this contact.'),
  parentRef: Ref.optional().describe('Parent contact of a sub-customer or sub-supplier (QuickBooks `ParentRef`).'),
  note: z.string().optional().describe('Free-text note.'),
} as const;

/** A customer: someone you sell to. */
export const CustomerSchema = z.object(contactShape).describe('A customer: someone the company sells to.');
/** A customer. */
export type Customer = z.output<typeof CustomerSchema>;

/** A supplier (vendor): someone you buy from. */
export const SupplierSchema = z.object(contactShape).describe('A supplier (vendor): someone the company buys from.');
/** A supplier. */
export type Supplier = z.output<typeof SupplierSchema>;
