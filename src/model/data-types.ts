/**
 * The canonical data types, by name.
 * @module
 */

/** Every canonical data type, in a sensible sync order (reference data first). */
export const DATA_TYPES = [
  'company',
  'accounts',
  'taxRates',
  'trackingCategories',
  'items',
  'customers',
  'suppliers',
  'bankAccounts',
  'invoices',
  'bills',
  'creditNotes',
  'billCreditNotes',
  'payments',
  'billPayments',
  'journalEntries',
  'bankTransactions',
  'balanceSheet',
  'profitAndLoss',
] as const;

/** Name of a canonical data type. */
export type DataType = (typeof DATA_TYPES)[number];

/** Data types that are financial statements computed for a period, not lists of records. */
export const REPORT_DATA_TYPES = ['balanceSheet', 'profitAndLoss'] as const satisfies readonly DataType[];
/** A report data type. */
export type ReportDataType = (typeof REPORT_DATA_TYPES)[number];

/** True when `value` names a canonical data type. */
export function isDataType(value: unknown): value is DataType {
  return typeof value === 'string' && (DATA_TYPES as readonly string[]).includes(value);
}
