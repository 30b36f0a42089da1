/**
 * Invoices, bills, credit notes and bill credit notes: documents with lines, totals and allocations.
 *
 * All amounts of a document are in the document's `currency`. `currencyRate` converts them to the base currency as
 * the provider states it; it is omitted, never guessed, when the provider gives none.
 * @module
 */
import { z } from 'zod';
import { AddressSchema } from './address';
import { BaseRecordShape, Ref } from './common';
import { CalendarDate, CurrencyCode, Decimal, Instant, Money } from './primitives';
import { TrackingRefSchema } from './tracking-category';

/** How line amounts relate to tax. */
export const TaxTreatment = z
  .enum(['Exclusive', 'Inclusive', 'NoTax', 'Unknown'])
  .describe(
    'Whether line amounts exclude tax, include tax, or carry none (Xero `LineAmountTypes`, QuickBooks `GlobalTaxCalculation`).',
  );
/** How line amounts relate to tax. */
export type TaxTreatment = z.output<typeof TaxTreatment>;

/**
 * Lifecycle status of an invoice, bill or credit note. `Submitted` = awaiting approval; `Open` = approved
 * (authorised) with nothing paid; `PartiallyPaid`; `Paid` (for credit notes: fully allocated or refunded); `Void`;
 * `Deleted` (a draft removed).
 */
export const DocumentStatus = z
  .enum(['Draft', 'Submitted', 'Open', 'PartiallyPaid', 'Paid', 'Void', 'Deleted', 'Unknown'])
  .describe('Lifecycle status. `Open` = approved/authorised and unpaid.');
/** Lifecycle status of a document. */
export type DocumentStatus = z.output<typeof DocumentStatus>;

/** One line of a document. */
export const LineItemSchema = z
  .object({
    id: z.string().optional().describe('The line’s id in the provider, where lines have ids.'),
    description: z.string().optional().describe('Line description.'),
    quantity: Decimal.optional().describe('Quantity.'),
    unitAmount: Money.optional().describe('Unit price (in the document’s tax treatment).'),
    discountAmount: Money.optional().describe('Discount as an amount.'),
    discountPercentage: Decimal.optional().describe('Discount in percent ("10" = 10 %).'),
    subTotal: Money.optional().describe('Line amount before tax (after discount).'),
    taxAmount: Money.optional().describe('Tax on the line.'),
    totalAmount: Money.optional().describe('Line amount including tax.'),
    accountRef: Ref.optional().describe('Ledger account the line posts to.'),
    itemRef: Ref.optional().describe('Product or service.'),
    taxRateRef: Ref.optional().describe('Tax rate applied.'),
    tracking: z.array(TrackingRefSchema).default([]).describe('Tracking categories and options.'),
    customerRef: Ref.optional().describe('On bills: the customer the cost is rebilled to (billable expense).'),
    projectRef: Ref.optional().describe('Project the line belongs to, where the provider tracks projects.'),
  })
  .describe('One line of a document.');
/** One line of a document. */
export type LineItem = z.output<typeof LineItemSchema>;

/** What was allocated to a document. */
export const AllocationKind = z
  .enum(['Payment', 'CreditNote', 'Prepayment', 'Overpayment', 'Invoice', 'Bill', 'Unknown'])
  .describe('What was allocated (on credit notes: the invoice or bill credited).');
/** What was allocated to a document. */
export type AllocationKind = z.output<typeof AllocationKind>;

/**
 * A payment or credit allocated to a document (Codat `paymentAllocations`, Merge `applied_payments` and
 * `applied_credit_notes`). On a credit note the allocation names the invoice or bill it was applied to.
 */
export const AllocationSchema = z
  .object({
    kind: AllocationKind.describe('What was allocated (on credit notes: the invoice or bill credited).'),
    ref: Ref.describe('The payment, credit or document allocated.'),
    amount: Money.describe('Amount allocated, in the document currency.'),
    date: CalendarDate.optional().describe('Allocation date.'),
    currency: CurrencyCode.optional().describe('Currency of the allocated payment or credit, when it differs.'),
    currencyRate: Decimal.optional().describe('Rate of the allocation, when it differs.'),
  })
  .describe('A payment or credit allocated to the document.');
/** An allocation. */
export type Allocation = z.output<typeof AllocationSchema>;

/** Tax withheld at source by the payer (Codat `withholdingTax`; Zoho, QuickBooks France, Latin America). */
export const WithholdingTaxSchema = z
  .object({
    name: z.string().min(1).describe('Name of the withholding tax.'),
    amount: Money.describe('Amount withheld.'),
  })
  .describe('A withholding tax on the document.');
/** A withholding tax. */
export type WithholdingTax = z.output<typeof WithholdingTaxSchema>;

const headShape = {
  ...BaseRecordShape,
  number: z.string().optional().describe('Document number (e.g. "INV-0042").'),
  reference: z.string().optional().describe('Your or the counterparty’s reference.'),
} as const;

const bodyShape = {
  issueDate: CalendarDate.describe('Date of the document.'),
  dueDate: CalendarDate.optional().describe('Due date.'),
  paidOnDate: CalendarDate.optional().describe('Date it was fully paid.'),
  createdDate: Instant.optional().describe('When the document was created in the provider (UTC).'),
  currency: CurrencyCode.optional().describe('Currency of the document.'),
  currencyRate: Decimal.optional().describe(
    'Units of document currency per one unit of base currency, as the provider states it. Omitted when the provider gave none (never assumed to be 1 for a foreign currency).',
  ),
  taxTreatment: TaxTreatment.default('Unknown').describe('How line amounts relate to tax.'),
  lineItems: z.array(LineItemSchema).default([]).describe('Lines.'),
  subTotal: Money.optional().describe('Total before tax (after line discounts).'),
  totalTaxAmount: Money.optional().describe('Total tax.'),
  totalDiscount: Money.optional().describe('Total discount.'),
  discountPercentage: Decimal.optional().describe('Document-level discount in percent, where the provider has one.'),
  totalAmount: Money.describe('Total including tax.'),
  amountDue: Money.optional().describe('Amount still owed.'),
  amountPaid: Money.optional().describe('Amount paid so far.'),
  amountCredited: Money.optional().describe('Amount settled by credits.'),
  withholdingTax: z.array(WithholdingTaxSchema).default([]).describe('Taxes withheld at source.'),
  status: DocumentStatus.describe('Lifecycle status.'),
  allocations: z
    .array(AllocationSchema)
    .default([])
    .describe('Payments and credits allocated to the document (payment allocations).'),
  tracking: z.array(TrackingRefSchema).default([]).describe('Tracking on the whole document, where the provider has it.'),
  billingAddress: AddressSchema.optional().describe('Address the document is addressed to.'),
  deliveryAddress: AddressSchema.optional().describe('Address goods are delivered to.'),
  note: z.string().optional().describe('Note or memo.'),
  url: z.string().optional().describe('Link to the document in the provider, when given.'),
} as const;

/** A sales invoice (accounts receivable). */
export const InvoiceSchema = z
  .object({
    ...headShape,
    customerRef: Ref.describe('The customer invoiced.'),
    ...bodyShape,
    salesOrderRefs: z.array(Ref).default([]).describe('Sales orders the invoice bills.'),
  })
  .describe('A sales invoice (accounts receivable).');
/** A sales invoice. */
export type Invoice = z.output<typeof InvoiceSchema>;

/** A bill (accounts payable). */
export const BillSchema = z
  .object({
    ...headShape,
    supplierRef: Ref.describe('The supplier who billed.'),
    ...bodyShape,
    purchaseOrderRefs: z.array(Ref).default([]).describe('Purchase orders the bill settles.'),
  })
  .describe('A supplier bill (accounts payable).');
/** A bill. */
export type Bill = z.output<typeof BillSchema>;

const creditBodyShape = {
  ...bodyShape,
  remainingCredit: Money.optional().describe('Credit not yet allocated or refunded.'),
  allocatedOnDate: CalendarDate.optional().describe('Date the credit was (last) allocated.'),
} as const;

/** A credit note issued to a customer. */
export const CreditNoteSchema = z
  .object({ ...headShape, customerRef: Ref.describe('The customer credited.'), ...creditBodyShape })
  .describe('A credit note issued to a customer (accounts receivable).');
/** A credit note. */
export type CreditNote = z.output<typeof CreditNoteSchema>;

/** A credit note received from a supplier. */
export const BillCreditNoteSchema = z
  .object({ ...headShape, supplierRef: Ref.describe('The supplier who credited.'), ...creditBodyShape })
  .describe('A credit note received from a supplier (accounts payable).');
/** A bill credit note. */
export type BillCreditNote = z.output<typeof BillCreditNoteSchema>;
