/**
 * Journal entries.
 * @module
 */
import { z } from 'zod';
import { BaseRecordShape, Ref } from './common';
import { TaxTreatment } from './documents';
import { addDecimals, CalendarDate, compareDecimals, CurrencyCode, Decimal, Instant, Money } from './primitives';
import { TrackingRefSchema } from './tracking-category';

/** Status of a journal entry. */
export const JournalEntryStatus = z
  .enum(['Draft', 'Posted', 'Void', 'Deleted', 'Unknown'])
  .describe('Status of the journal.');
/** Status of a journal entry. */
export type JournalEntryStatus = z.output<typeof JournalEntryStatus>;

/** One line of a journal. `netAmount` is signed: positive = debit, negative = credit. */
export const JournalLineSchema = z
  .object({
    id: z.string().optional().describe('The line’s id in the provider, where lines have ids.'),
    accountRef: Ref.describe('Ledger account.'),
    description: z.string().optional().describe('Line description.'),
    netAmount: Money.describe('Signed amount: positive debits, negative credits.'),
    taxAmount: Money.optional().describe('Tax on the line.'),
    taxRateRef: Ref.optional().describe('Tax rate.'),
    tracking: z.array(TrackingRefSchema).default([]).describe('Tracking categories and options.'),
    contactRef: Ref.optional().describe('Customer or supplier of the line, where given.'),
  })
  .describe('A journal line.');
/** A journal line. */
export type JournalLine = z.output<typeof JournalLineSchema>;

/**
 * A journal entry: a manual journal, or a system journal the provider posted for another record (then `sourceType`
 * and `sourceRef` name that record). Balancing is not enforced by the schema (providers occasionally return
 * unbalanced data, which must be reported, not rejected): use {@link journalIsBalanced}.
 */
export const JournalEntrySchema = z
  .object({
    ...BaseRecordShape,
    number: z.string().optional().describe('Journal number.'),
    reference: z.string().optional().describe('Reference.'),
    date: CalendarDate.describe('Posting date.'),
    createdDate: Instant.optional().describe('When the journal was created in the provider (UTC).'),
    description: z.string().optional().describe('Narration.'),
    currency: CurrencyCode.optional().describe('Currency of the line amounts.'),
    currencyRate: Decimal.optional().describe(
      'Units of journal currency per one unit of base currency, as the provider states it (omitted when none).',
    ),
    lines: z.array(JournalLineSchema).default([]).describe('Lines; debits positive, credits negative.'),
    status: JournalEntryStatus.describe('Status of the journal.'),
    taxTreatment: TaxTreatment.default('Unknown').describe('How line amounts relate to tax.'),
    sourceType: z
      .string()
      .optional()
      .describe('The provider’s type of the record that posted this journal (e.g. Xero `ACCREC`), if not manual.'),
    sourceRef: Ref.optional().describe('The record that posted this journal, if not manual.'),
  })
  .describe('A journal entry (manual journal, or a system journal with its source record).');
/** A journal entry. */
export type JournalEntry = z.output<typeof JournalEntrySchema>;

/**
 * True when the lines' signed amounts sum to exactly zero, in exact decimal arithmetic (`0.1 + 0.2 - 0.3` balances).
 * An entry without lines is balanced.
 * @example journalIsBalanced({ lines: [{ netAmount: '10.00' }, { netAmount: '-10' }] }) // true
 */
export function journalIsBalanced(entry: { readonly lines: readonly { readonly netAmount: string }[] }): boolean {
  return compareDecimals(journalImbalance(entry), '0') === 0;
}

/** The sum of the lines' signed amounts (`"0"` when balanced): what the mapper reports on an unbalanced journal. */
export function journalImbalance(entry: { readonly lines: readonly { readonly netAmount: string }[] }): string {
  return addDecimals(...entry.lines.map((l) => l.netAmount));
}
