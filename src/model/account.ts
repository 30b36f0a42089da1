/**
 * Chart of accounts.
 * @module
 */
import { z } from 'zod';
import { BaseRecordShape, Ref } from './common';
import { CurrencyCode, Money } from './primitives';

/**
 * Top-level classification of a ledger account (Codat `type`, Merge `classification`). Income covers revenue and
 * other income; Expense covers cost of sales, overheads and other expenses.
 */
export const AccountClassification = z
  .enum(['Asset', 'Liability', 'Equity', 'Income', 'Expense', 'Unknown'])
  .describe('Top-level classification: Asset, Liability, Equity, Income, Expense (or Unknown).');
/** Top-level classification of a ledger account. */
export type AccountClassification = z.output<typeof AccountClassification>;

/** Status of a ledger account. `Pending` is an account awaiting approval (Codat, some bank-feed accounts). */
export const AccountStatus = z
  .enum(['Active', 'Archived', 'Pending', 'Unknown'])
  .describe('Whether the account can be used.');
/** Status of a ledger account. */
export type AccountStatus = z.output<typeof AccountStatus>;

/** A ledger account of the chart of accounts. */
export const AccountSchema = z
  .object({
    ...BaseRecordShape,
    code: z.string().optional().describe('Account code / nominal code (e.g. "200", "4000").'),
    name: z.string().min(1).describe('Account name.'),
    fullyQualifiedName: z
      .string()
      .optional()
      .describe('Name including its parents, e.g. "Utilities:Electricity" (QuickBooks `FullyQualifiedName`).'),
    description: z.string().optional().describe('Description of the account.'),
    classification: AccountClassification.describe('Top-level classification.'),
    type: z
      .string()
      .optional()
      .describe('The provider’s own account type or sub-type (e.g. Xero `REVENUE`, QuickBooks `Accounts Receivable`).'),
    fullyQualifiedCategory: z
      .string()
      .optional()
      .describe('Classification path, e.g. `Asset.Current.Bank`.'),
    currency: CurrencyCode.optional().describe('Currency of the account, when it is not the base currency or the provider says.'),
    currentBalance: Money.optional().describe('Balance as the provider reports it, when it does.'),
    status: AccountStatus.describe('Whether the account can be used.'),
    isBankAccount: z.boolean().default(false).describe('True for bank and credit-card accounts.'),
    bankAccountNumber: z
      .string()
      .optional()
      .describe('Bank account number of a bank account (possibly masked by the provider).'),
    isSystemAccount: z
      .boolean()
      .optional()
      .describe('True for accounts the provider manages itself (receivables, payables, rounding, retained earnings).'),
    systemAccountType: z
      .string()
      .optional()
      .describe('The provider’s name for a system account (e.g. Xero `DEBTORS`, `CREDITORS`).'),
    taxRateRef: Ref.optional().describe('Default tax rate of the account.'),
    parentRef: Ref.optional().describe('Parent account for sub-accounts.'),
  })
  .describe('A ledger account of the chart of accounts.');
/** A ledger account. */
export type Account = z.output<typeof AccountSchema>;
