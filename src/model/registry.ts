/**
 * Schema registry: data type name → zod schema. The single source for validation, types and generated docs.
 * @module
 */
import type { z } from 'zod';
import type { DataType } from './data-types';
import { CompanySchema } from './company';
import { AccountSchema } from './account';
import { CustomerSchema, SupplierSchema } from './contact';
import { InvoiceSchema, BillSchema, CreditNoteSchema, BillCreditNoteSchema } from './documents';
import { PaymentSchema, BillPaymentSchema } from './payment';
import { JournalEntrySchema } from './journal-entry';
import { ItemSchema } from './item';
import { TaxRateSchema } from './tax-rate';
import { TrackingCategorySchema } from './tracking-category';
import { BankAccountSchema, BankTransactionSchema } from './bank';
import { BalanceSheetSchema, ProfitAndLossSchema } from './reports';

/** Zod schema per canonical data type. */
export const canonicalSchemas = {
  company: CompanySchema,
  accounts: AccountSchema,
  taxRates: TaxRateSchema,
  trackingCategories: TrackingCategorySchema,
  items: ItemSchema,
  customers: CustomerSchema,
  suppliers: SupplierSchema,
  bankAccounts: BankAccountSchema,
  invoices: InvoiceSchema,
  bills: BillSchema,
  creditNotes: CreditNoteSchema,
  billCreditNotes: BillCreditNoteSchema,
  payments: PaymentSchema,
  billPayments: BillPaymentSchema,
  journalEntries: JournalEntrySchema,
  bankTransactions: BankTransactionSchema,
  balanceSheet: BalanceSheetSchema,
  profitAndLoss: ProfitAndLossSchema,
} as const satisfies Record<DataType, z.ZodType>;

/** The validated canonical record of a data type (output of its schema). */
export type CanonicalOf<T extends DataType> = z.output<(typeof canonicalSchemas)[T]>;
/** What a mapper may return for a data type (input of its schema: defaults may be omitted). */
export type CanonicalInputOf<T extends DataType> = z.input<(typeof canonicalSchemas)[T]>;
