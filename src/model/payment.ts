/**
 * Payments received from customers and made to suppliers.
 * @module
 */
import { z } from 'zod';
import { BaseRecordShape, Ref } from './common';
import { CalendarDate, CurrencyCode, Decimal, Money } from './primitives';
import { TrackingRefSchema } from './tracking-category';

/** Status of a payment. `Authorised` = recorded (Xero `AUTHORISED`, every QuickBooks payment). */
export const PaymentStatus = z
  .enum(['Authorised', 'Pending', 'Void', 'Deleted', 'Unknown'])
  .describe('Status of the payment.');
/** Status of a payment. */
export type PaymentStatus = z.output<typeof PaymentStatus>;

/** Kind of record a payment line settles. */
export const PaymentLineKind = z
  .enum(['Invoice', 'Bill', 'CreditNote', 'BillCreditNote', 'Prepayment', 'Overpayment', 'JournalEntry', 'Unknown'])
  .describe('Kind of record settled.');
/** Kind of record a payment line settles. */
export type PaymentLineKind = z.output<typeof PaymentLineKind>;

/**
 * What a payment settles (Codat `lines[].links`, Merge `applied_to_lines`). A payment that refunds a credit note has
 * a `CreditNote` line.
 */
export const PaymentLineSchema = z
  .object({
    kind: PaymentLineKind.describe('Kind of record settled.'),
    ref: Ref.describe('The record settled.'),
    amount: Money.describe('Amount applied to it, in the payment currency.'),
    date: CalendarDate.optional().describe('Date the amount was applied, when it differs from the payment date.'),
    currencyRate: Decimal.optional().describe('Rate between the payment and the settled record, when they differ.'),
  })
  .describe('A record the payment settles.');
/** A record a payment settles. */
export type PaymentLine = z.output<typeof PaymentLineSchema>;

const paymentShape = {
  date: CalendarDate.describe('Payment date.'),
  amount: Money.describe('Total amount in the payment currency.'),
  currency: CurrencyCode.optional().describe('Payment currency.'),
  currencyRate: Decimal.optional().describe(
    'Units of payment currency per one unit of base currency, as the provider states it (omitted when none).',
  ),
  accountRef: Ref.optional().describe('Bank (or clearing) account the money moved through.'),
  paymentMethodRef: Ref.optional().describe('Payment method (cash, card, transfer…), where the provider keeps one.'),
  reference: z.string().optional().describe('Payment reference.'),
  note: z.string().optional().describe('Note or memo.'),
  lines: z.array(PaymentLineSchema).default([]).describe('Records settled (allocations).'),
  unallocatedAmount: Money.optional().describe('Part of the amount not applied to any record (on account).'),
  tracking: z.array(TrackingRefSchema).default([]).describe('Tracking on the payment, where the provider has it.'),
  status: PaymentStatus.describe('Status of the payment.'),
  isReconciled: z.boolean().optional().describe('Whether it is reconciled with a bank statement.'),
  providerType: z
    .string()
    .optional()
    .describe('The provider’s own payment type (e.g. Xero `ACCRECPAYMENT`, `ARCREDITPAYMENT` for a refund).'),
} as const;

/** A payment received from a customer. */
export const PaymentSchema = z
  .object({ ...BaseRecordShape, customerRef: Ref.optional().describe('The customer who paid.'), ...paymentShape })
  .describe('A payment received from a customer (accounts receivable).');
/** A customer payment. */
export type Payment = z.output<typeof PaymentSchema>;

/** A payment made to a supplier. */
export const BillPaymentSchema = z
  .object({ ...BaseRecordShape, supplierRef: Ref.optional().describe('The supplier paid.'), ...paymentShape })
  .describe('A payment made to a supplier (accounts payable).');
/** A supplier payment. */
export type BillPayment = z.output<typeof BillPaymentSchema>;
