/**
 * The Sage write body builders on their own: field names, exact decimals, what an update leaves out, and the
 * natural-key prechecks' exact matching.
 */
import { describe, expect, it } from 'vitest';
import { contactOut, contactPaymentOut, customerWrite, journalOut, productOut, productWrite } from './writes-more';
import { documentOut, purchaseInvoiceWrite } from './writes';

const ctx = { tenant: { id: 'b' }, idempotencyKey: 'k' } as never;

describe('Sage write bodies', () => {
  it('documents: bills send the number as reference and the reference as vendor_reference; purchase lines carry no discount; credit notes no due date', () => {
    const input = { number: 'SUP-1', reference: 'PO-1', supplierRef: { id: 's' }, issueDate: '2026-01-01', dueDate: '2026-01-31', lineItems: [{ description: 'd', quantity: '2', unitAmount: '0.10', discountAmount: '0.01', accountRef: { id: 'a' } }] };
    expect(documentOut(input, 'purchase_invoice')).toEqual({ contact_id: 's', date: '2026-01-01', due_date: '2026-01-31', reference: 'SUP-1', vendor_reference: 'PO-1', invoice_lines: [{ description: 'd', ledger_account_id: 'a', quantity: 2, unit_price: 0.1 }] });
    expect(documentOut({ ...input, customerRef: { id: 'c' } }, 'sales_credit_note')).toMatchObject({ contact_id: 'c', credit_note_number: 'SUP-1', reference: 'PO-1', credit_note_lines: [{ discount_amount: 0.01 }] });
    expect(documentOut(input, 'purchase_credit_note')).not.toHaveProperty('due_date');
    expect(() => documentOut({ lineItems: [{ unitAmount: '1234567890.1234567' }] }, 'sales_invoice')).toThrow(/15 significant digits/);
  });

  it('contacts: the type on create only; addresses, person and bank details', () => {
    const create = contactOut({ name: 'N', accountNumber: 'R1', emailAddress: 'e@x', phones: [{ type: 'Mobile', number: '07' }], addresses: [{ type: 'Delivery', city: 'D' }, { type: 'Billing', city: 'B', countryCode: 'GB' }] }, 'VENDOR', true);
    expect(create).toEqual({ name: 'N', contact_type_ids: ['VENDOR'], reference: 'R1', main_address: { city: 'B', country_id: 'GB' }, delivery_address: { city: 'D' }, main_contact_person: { email: 'e@x', mobile: '07' } });
    expect(contactOut({ note: 'x', defaultAccountRef: { id: 'la' } }, 'VENDOR', false)).toEqual({ notes: 'x', default_purchase_ledger_account_id: 'la' });
  });

  it('payments: allocations per line and the exact rest on account', () => {
    const body = contactPaymentOut({ customerRef: { id: 'c' }, accountRef: { id: 'b' }, date: '2026-01-01', amount: '0.30', lines: [{ kind: 'Invoice', ref: { id: 'i1' }, amount: '0.10' }, { kind: 'Invoice', ref: { id: 'i2' }, amount: '0.10' }] }, 'CUSTOMER_RECEIPT');
    expect(body).toEqual({ transaction_type_id: 'CUSTOMER_RECEIPT', contact_id: 'c', bank_account_id: 'b', date: '2026-01-01', total_amount: 0.3, allocated_artefacts: [{ artefact_id: 'i1', amount: 0.1 }, { artefact_id: 'i2', amount: 0.1 }], payment_on_account: { contact_id: 'c', date: '2026-01-01', total_amount: 0.1 } });
    const full = contactPaymentOut({ supplierRef: { id: 's' }, amount: '5', lines: [{ kind: 'Bill', ref: { id: 'b1' }, amount: '5.00' }] }, 'VENDOR_PAYMENT');
    expect(full).not.toHaveProperty('payment_on_account');
  });

  it('journals: positive net is a debit, negative a credit; products: name → description, description → notes', () => {
    expect(journalOut({ date: '2026-01-01', reference: 'J', lines: [{ accountRef: { id: 'a' }, netAmount: '0.10' }, { accountRef: { id: 'b' }, netAmount: '-0.10', description: 'x' }] })).toEqual({ date: '2026-01-01', reference: 'J', journal_lines: [{ ledger_account_id: 'a', debit: 0.1, credit: 0 }, { ledger_account_id: 'b', debit: 0, credit: 0.1, details: 'x' }] });
    expect(productOut({ name: 'Mug', description: 'Blue', code: 'M1', type: 'NonInventory', status: 'Archived' })).toEqual({ description: 'Mug', notes: 'Blue', item_code: 'M1', catalog_item_type_id: 'NON_STOCK_ITEM', active: false });
  });

  it('prechecks: no lookup without the natural key; only an exact match is taken', () => {
    const bills = purchaseInvoiceWrite.idempotency;
    if (bills.type !== 'precheck') throw new Error('precheck expected');
    expect(bills.find({ supplierRef: { id: 's' } }, ctx)).toBeUndefined();
    expect(bills.find({ number: 'A-1', supplierRef: { id: 's' } }, ctx)).toMatchObject({ url: '/purchase_invoices', query: { search: 'A-1' } });
    const page = { $items: [{ id: '1', reference: 'A-10', contact: { id: 's' }, status: { id: 'UNPAID' } }, { id: '2', reference: 'A-1', contact: { id: 'other' }, status: { id: 'UNPAID' } }, { id: '3', reference: 'a-1', contact: { id: 's' }, status: { id: 'UNPAID' } }] };
    expect(bills.select(page, { number: 'A-1', supplierRef: { id: 's' } })).toBeUndefined();
    expect(bills.select({ $items: [...page.$items, { id: '4', reference: 'A-1', contact: { id: 's' }, status: { id: 'UNPAID' } }] }, { number: 'A-1', supplierRef: { id: 's' } })).toMatchObject({ id: '4' });
    const contacts = customerWrite.idempotency;
    if (contacts.type !== 'precheck') throw new Error('precheck expected');
    expect(contacts.select({ $items: [{ id: '1', reference: 'R1', contact_types: [{ id: 'VENDOR' }] }] }, { accountNumber: 'R1' })).toBeUndefined();
    expect(contacts.select({ $items: [{ id: '2', reference: 'R1', contact_types: [{ id: 'CUSTOMER' }] }] }, { accountNumber: 'R1' })).toMatchObject({ id: '2' });
    const items = productWrite.idempotency;
    if (items.type !== 'precheck') throw new Error('precheck expected');
    expect(items.select({ $items: [{ id: '1', item_code: 'M-10', description: 'M-1 large' }] }, { code: 'M-1' })).toBeUndefined();
  });
});
