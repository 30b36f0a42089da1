/**
 * Bank accounts and bank transactions.
 * @module
 */
import { z } from 'zod';
import { BaseRecordShape, Ref } from './common';
import { TaxTreatment } from './documents';
import { CalendarDate, CurrencyCode, Decimal, Money } from './primitives';
import { TrackingRefSchema } from './tracking-category';

/** Status of a bank account. */
export const BankAccountStatus = z.enum(['Active', 'Archived', 'Unknown']).describe('Whether the account is in use.');
/** Status of a bank account. */
export type BankAccountStatus = z.output<typeof BankAccountStatus>;

/** Kind of bank account. */
export const BankAccountType = z
  .enum(['Bank', 'CreditCard', 'Savings', 'Loan', 'PaymentService', 'Other', 'Unknown'])
  .describe('Kind of account (`PaymentService` = PayPal, Stripe and similar clearing accounts).');
/** Kind of bank account. */
export type BankAccountType = z.output<typeof BankAccountType>;

/** A bank (or card) account. */
export const BankAccountSchema = z
  .object({
    ...BaseRecordShape,
    name: z.string().min(1).describe('Account name.'),
    code: z.string().optional().describe('Code of the ledger account behind it (nominal code).'),
    institution: z.string().optional().describe('Name of the bank or card issuer.'),
    accountNumber: z.string().optional().describe('Account number (possibly masked by the provider).'),
    sortCode: z.string().optional().describe('Sort code / routing number / BSB.'),
    iban: z.string().optional().describe('IBAN.'),
    bic: z.string().optional().describe('BIC / SWIFT code.'),
    currency: CurrencyCode.optional().describe('Account currency.'),
    balance: Money.optional().describe('Ledger balance as the provider reports it.'),
    availableBalance: Money.optional().describe('Balance available to spend, where the provider knows it.'),
    overdraftLimit: Money.optional().describe('Overdraft or credit limit.'),
    type: BankAccountType.describe('Kind of account.'),
    ledgerAccountRef: Ref.optional().describe('The ledger account behind it (chart of accounts).'),
    status: BankAccountStatus.describe('Whether the account is in use.'),
  })
  .describe('A bank or credit-card account.');
/** A bank account. */
export type BankAccount = z.output<typeof BankAccountSchema>;

/** Status of a bank transaction. */
export const BankTransactionStatus = z
  .enum(['Draft', 'Authorised', 'Void', 'Deleted', 'Unknown'])
  .describe('Status of the transaction.');
/** Status of a bank transaction. */
export type BankTransactionStatus = z.output<typeof BankTransactionStatus>;

/** Money in or out of the bank account. */
export const BankTransactionDirection = z
  .enum(['Receive', 'Spend', 'Unknown'])
  .describe('Money in (Receive, a credit to the account) or out (Spend, a debit).');
/** Money in or out of the bank account. */
export type BankTransactionDirection = z.output<typeof BankTransactionDirection>;

/** A line of a bank transaction: where the money is coded to. */
export const BankTransactionLineSchema = z
  .object({
    id: z.string().optional().describe('The line’s id in the provider, where lines have ids.'),
    description: z.string().optional().describe('Line description.'),
    quantity: Decimal.optional().describe('Quantity.'),
    unitAmount: Money.optional().describe('Unit price.'),
    amount: Money.describe('Line amount (unsigned, as on the transaction, in its tax treatment).'),
    taxAmount: Money.optional().describe('Tax on the line.'),
    accountRef: Ref.optional().describe('Ledger account.'),
    taxRateRef: Ref.optional().describe('Tax rate.'),
    itemRef: Ref.optional().describe('Item.'),
    tracking: z.array(TrackingRefSchema).default([]).describe('Tracking.'),
  })
  .describe('A line of the transaction.');
/** A line of a bank transaction. */
export type BankTransactionLine = z.output<typeof BankTransactionLineSchema>;

/** A spend or receive money transaction on a bank account. */
export const BankTransactionSchema = z
  .object({
    ...BaseRecordShape,
    bankAccountRef: Ref.describe('The bank account.'),
    date: CalendarDate.describe('Transaction date.'),
    description: z.string().optional().describe('Description.'),
    reference: z.string().optional().describe('Reference.'),
    direction: BankTransactionDirection.describe('Money in (Receive) or out (Spend).'),
    amount: Money.describe('Signed total: positive for money in, negative for money out.'),
    subTotal: Money.optional().describe('Unsigned total before tax.'),
    totalTaxAmount: Money.optional().describe('Unsigned total tax.'),
    taxTreatment: TaxTreatment.default('Unknown').describe('How line amounts relate to tax.'),
    currency: CurrencyCode.optional().describe('Currency.'),
    currencyRate: Decimal.optional().describe('Units of transaction currency per one unit of base currency, where foreign.'),
    contactRef: Ref.optional().describe('Counterparty.'),
    lines: z.array(BankTransactionLineSchema).default([]).describe('Lines.'),
    isReconciled: z.boolean().optional().describe('Whether it is reconciled with the bank statement.'),
    status: BankTransactionStatus.describe('Status of the transaction.'),
    transferRef: Ref.optional().describe('The bank transfer this transaction is one side of, if any.'),
    url: z.string().optional().describe('Link to the transaction in the provider, when given.'),
    providerType: z
      .string()
      .optional()
      .describe('The provider’s own transaction type (e.g. Xero `SPEND-TRANSFER`, QuickBooks `Deposit`).'),
  })
  .describe('A bank transaction (spend or receive money).');
/** A bank transaction. */
export type BankTransaction = z.output<typeof BankTransactionSchema>;
