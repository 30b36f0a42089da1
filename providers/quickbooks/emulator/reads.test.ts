/**
 * Data types QuickBooks keeps in several entities, read through one resource each (core `partitionBy.values`):
 * tracking categories = `Class` + `Department`, bank transactions = `Purchase` + `Deposit` + `Transfer`, tax rates =
 * `TaxCode` + `TaxRate`. Full read through the query language (one walk per entity), incremental through one CDC call
 * naming all the entities, with hard deletes of a second entity keeping their prefixed ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCheckpointStore, memorySink } from '../../../src/sync';
import { createQuickBooksEmulator, type QuickBooksEmulator } from './index';
import { qbConnect } from './test-helpers';

let emu: QuickBooksEmulator;
beforeAll(async () => {
  emu = await createQuickBooksEmulator({ seed: 41, invoices: 10, customers: 4, timeScale: 60 });
});
afterAll(async () => {
  await emu.close();
});

const queries = (from: number) => emu.log.slice(from).filter((l) => l.path.endsWith('/query')).map((l) => new URLSearchParams(l.query).get('query')!);

describe('QuickBooks multi-entity data types', () => {
  it('reads Class and Department, Purchase/Deposit/Transfer and TaxCode/TaxRate, then their changes through one CDC call each', async () => {
    const { ledger, connection } = await qbConnect(emu);
    const checkpointStore = new MemoryCheckpointStore();
    const sink = memorySink();
    const mark = emu.log.length;
    const full = await ledger.sync(connection, { sink, checkpointStore, dataTypes: ['trackingCategories', 'bankTransactions', 'taxRates'] });
    expect(full.status).toBe('ok');
    expect(full.issueCount).toBe(0);
    expect([...queries(mark)].sort()).toEqual([
      'SELECT * FROM Class WHERE Active IN (true,false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM Department WHERE Active IN (true,false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM Purchase ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM Deposit ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM Transfer ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM TaxCode WHERE Active IN (true,false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM TaxRate WHERE Active IN (true,false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
    ].sort());
    // Within a type the entities are read in order (the partition order).
    expect(queries(mark).filter((q) => /FROM (Class|Department) /.test(q)).map((q) => q.split(' ')[3])).toEqual(['Class', 'Department']);

    const tracking = sink.records('trackingCategories');
    expect(tracking.map((t) => [t.id, t.type, t.status])).toEqual([
      ['950', 'Class', 'Active'],
      ['951', 'Class', 'Active'],
      ['Department:970', 'Department', 'Active'],
      ['Department:971', 'Department', 'Archived'],
    ]);

    const bank = sink.records('bankTransactions');
    expect(bank.filter((b) => b.providerType === 'Deposit')).toHaveLength(3);
    const dep = emu.store.list('Deposit')[0]!;
    expect(bank.find((b) => b.id === `Deposit:${String(dep.Id)}`)).toMatchObject({ direction: 'Receive', amount: String(dep.TotalAmt), bankAccountRef: { id: '1' }, lines: [{ accountRef: { id: '3' }, amount: String(dep.TotalAmt) }] });
    expect(bank.find((b) => b.id === 'Transfer:8500')).toMatchObject({ direction: 'Spend', amount: '-200.5', bankAccountRef: { id: '1', name: 'Checking' }, lines: [{ accountRef: { id: '2', name: 'Visa' }, amount: '200.5' }], providerType: 'Transfer' });
    expect(bank.filter((b) => String(b.providerType).startsWith('Purchase:'))).toHaveLength(5);

    const tax = sink.records('taxRates');
    expect(tax.find((t) => t.id === '980')).toMatchObject({ code: 'California', appliesTo: ['Sales'], components: [] });
    expect(tax.find((t) => t.id === '981')).toMatchObject({ code: 'Out of scope', effectiveTaxRate: '0', totalTaxRate: '0' });
    expect(tax.find((t) => t.id === 'TaxRate:960')).toMatchObject({ effectiveTaxRate: '7.25', components: [{ name: 'California', rate: '7.25' }] });

    // Changes: a department renamed, a deposit hard-deleted, a transfer changed.
    emu.store.touch('Department', '970', { Name: 'Retail & Trade', FullyQualifiedName: 'Retail & Trade' });
    emu.store.remove('Deposit', String(dep.Id));
    emu.store.touch('Transfer', '8500', { Amount: 201 });
    const before = emu.log.length;
    const sink2 = memorySink();
    const inc = await ledger.sync(connection, { sink: sink2, checkpointStore, dataTypes: ['trackingCategories', 'bankTransactions'] });
    expect(inc.status).toBe('ok');
    const cdc = emu.log.slice(before).filter((l) => l.path.endsWith('/cdc')).map((l) => new URLSearchParams(l.query).get('entities'));
    expect(cdc.sort()).toEqual(['Class,Department', 'Purchase,Deposit,Transfer']);
    expect(queries(before)).toEqual([]);
    expect(sink2.records('trackingCategories')).toEqual([expect.objectContaining({ id: 'Department:970', name: 'Retail & Trade' })]);
    const changed = sink2.records('bankTransactions');
    expect(changed.map((r) => r.id).sort()).toEqual([`Deposit:${String(dep.Id)}`, 'Transfer:8500']);
    expect(changed.find((r) => r.id === `Deposit:${String(dep.Id)}`)).toMatchObject({ isDeleted: true });
    expect(changed.find((r) => r.id === 'Transfer:8500')).toMatchObject({ amount: '-201' });
  });

  it('a document’s DepartmentRef points at the Department:<id> tracking category', async () => {
    const { connection } = await qbConnect(emu);
    const inv = emu.store.list('Invoice')[0]!;
    emu.store.touch('Invoice', String(inv.Id), { DepartmentRef: { value: '970', name: 'Retail' } });
    const got = await connection.invoices.get(String(inv.Id));
    expect(got.tracking).toEqual([{ categoryRef: { id: 'Department:970', name: 'Retail' } }]);
    const dept = await connection.trackingCategories.get('Department:970');
    expect(dept).toMatchObject({ id: 'Department:970', type: 'Department' });
    expect(emu.log.at(-1)!.path).toMatch(/\/department\/970$/);
  });
});
