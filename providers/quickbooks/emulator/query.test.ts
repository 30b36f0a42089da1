/**
 * The emulator's query engine on its own: ORDERBY answers in order whether or not the collection already stands in
 * order, and the remembered "already in order" of a collection follows changes to it.
 */
import { describe, expect, it } from 'vitest';
import { parseQuery, runQuery } from './query';

const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r.Id);
const q = (text: string) => parseQuery(text);

describe('runQuery ORDERBY', () => {
  it('a collection in Id order is answered in order, filtered or not, ascending and descending', () => {
    const rows = [1, 2, 3, 10, 11].map((n) => ({ Id: String(n), Balance: n % 2 }));
    expect(ids(runQuery(q('SELECT * FROM Invoice ORDERBY Id'), rows))).toEqual(['1', '2', '3', '10', '11']);
    expect(ids(runQuery(q('SELECT * FROM Invoice WHERE Balance = 1 ORDERBY Id'), rows))).toEqual(['1', '3', '11']);
    expect(ids(runQuery(q('SELECT * FROM Invoice ORDERBY Id DESC'), rows))).toEqual(['11', '10', '3', '2', '1']);
  });

  it('numeric ids sort as numbers, not as text', () => {
    const rows = ['10', '9', '100'].map((Id) => ({ Id }));
    expect(ids(runQuery(q('SELECT * FROM Invoice ORDERBY Id'), rows))).toEqual(['9', '10', '100']);
  });

  it('a collection remembered as in order is re-checked when a record is appended out of order', () => {
    const rows: Record<string, unknown>[] = [1, 2, 3].map((n) => ({ Id: String(n) }));
    expect(ids(runQuery(q('SELECT * FROM Invoice ORDERBY Id'), rows))).toEqual(['1', '2', '3']);
    rows.push({ Id: '0' });
    expect(ids(runQuery(q('SELECT * FROM Invoice ORDERBY Id'), rows))).toEqual(['0', '1', '2', '3']);
  });

  it('… and when its last record is replaced by one that breaks the order', () => {
    const rows: Record<string, unknown>[] = [1, 2, 3].map((n) => ({ Id: String(n) }));
    runQuery(q('SELECT * FROM Invoice ORDERBY Id'), rows);
    rows[2] = { Id: '-1' };
    expect(ids(runQuery(q('SELECT * FROM Invoice ORDERBY Id'), rows))).toEqual(['-1', '1', '2']);
  });

  it('the answer is a new list: paging it never changes the collection', () => {
    const rows = [1, 2].map((n) => ({ Id: String(n) }));
    const out = runQuery(q('SELECT * FROM Invoice ORDERBY Id'), rows);
    out.pop();
    expect(rows).toHaveLength(2);
  });
});
