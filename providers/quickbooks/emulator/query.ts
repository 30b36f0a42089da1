/**
 * The QuickBooks query-language subset, tokenized and parsed for real:
 * `SELECT * | COUNT(*) FROM Entity [WHERE cond {AND cond}] [ORDERBY field [ASC|DESC]] [STARTPOSITION n] [MAXRESULTS n]`
 * with `cond := field (= | < | > | <= | >= | !=) literal | field IN (literal {, literal})`; literals are
 * single-quoted strings with backslash escapes, numbers, `true`/`false`. Keywords are case-insensitive.
 * @module
 */

/** A syntax error, answered as a `QueryParserError` Fault. */
export class QuerySyntaxError extends Error {}

type Tok = { t: 'id' | 'num' | 'str' | 'op' | 'punct'; v: string };

/** Splits a query into tokens. */
export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new QuerySyntaxError('unterminated string literal');
        const d = src[i]!;
        if (d === '\\' && i + 1 < src.length) { s += src[i + 1]; i += 2; continue; }
        if (d === "'") { i++; break; }
        s += d;
        i++;
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    const op = /^(<=|>=|!=|=|<|>)/.exec(src.slice(i));
    if (op) { out.push({ t: 'op', v: op[1]! }); i += op[1]!.length; continue; }
    if ('(),*'.includes(c)) { out.push({ t: 'punct', v: c }); i++; continue; }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    throw new QuerySyntaxError(`unexpected character ${JSON.stringify(c)} at ${i}`);
  }
  return out;
}

export type Literal = string | number | boolean;
export interface Condition { field: string; op: '=' | '<' | '>' | '<=' | '>=' | '!=' | 'IN'; values: Literal[] }
export interface Query {
  count: boolean;
  entity: string;
  where: Condition[];
  orderBy?: { field: string; desc: boolean };
  startPosition: number;
  maxResults: number;
}

/** Parses one query. @throws {QuerySyntaxError} */
export function parseQuery(src: string): Query {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const kw = (w: string) => peek()?.t === 'id' && peek()!.v.toUpperCase() === w;
  const expectKw = (w: string) => { if (!kw(w)) throw new QuerySyntaxError(`expected ${w}`); p++; };
  const expectPunct = (v: string) => { const t = toks[p++]; if (t?.t !== 'punct' || t.v !== v) throw new QuerySyntaxError(`expected ${v}`); };
  const ident = () => { const t = toks[p++]; if (t?.t !== 'id') throw new QuerySyntaxError('expected a name'); return t.v; };
  const int = (what: string) => { const t = toks[p++]; if (t?.t !== 'num' || !/^\d+$/.test(t.v)) throw new QuerySyntaxError(`${what} needs a whole number`); return Number(t.v); };
  const literal = (): Literal => {
    const t = toks[p++];
    if (!t) throw new QuerySyntaxError('expected a value');
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'id' && /^(true|false)$/i.test(t.v)) return t.v.toLowerCase() === 'true';
    throw new QuerySyntaxError(`unexpected ${t.v}`);
  };
  expectKw('SELECT');
  let count = false;
  if (peek()?.t === 'punct' && peek()!.v === '*') p++;
  else if (kw('COUNT')) { p++; expectPunct('('); expectPunct('*'); expectPunct(')'); count = true; }
  else throw new QuerySyntaxError('only SELECT * and SELECT COUNT(*) are supported');
  expectKw('FROM');
  const entity = ident();
  const where: Condition[] = [];
  if (kw('WHERE')) {
    p++;
    for (;;) {
      const field = ident();
      const t = toks[p];
      if (t?.t === 'op') { p++; where.push({ field, op: t.v as Condition['op'], values: [literal()] }); }
      else if (kw('IN')) {
        p++;
        expectPunct('(');
        const values = [literal()];
        while (peek()?.t === 'punct' && peek()!.v === ',') { p++; values.push(literal()); }
        expectPunct(')');
        where.push({ field, op: 'IN', values });
      } else throw new QuerySyntaxError(`expected an operator after ${field}`);
      if (kw('AND')) { p++; continue; }
      if (kw('OR')) throw new QuerySyntaxError('OR is not supported');
      break;
    }
  }
  let orderBy: Query['orderBy'];
  if (kw('ORDERBY')) {
    p++;
    const field = ident();
    let desc = false;
    if (kw('DESC')) { p++; desc = true; } else if (kw('ASC')) p++;
    orderBy = { field, desc };
  }
  let startPosition = 1;
  let maxResults = 100;
  if (kw('STARTPOSITION')) { p++; startPosition = int('STARTPOSITION'); }
  if (kw('MAXRESULTS')) { p++; maxResults = int('MAXRESULTS'); }
  if (p !== toks.length) throw new QuerySyntaxError(`unexpected ${toks[p]!.v}`);
  if (startPosition < 1) throw new QuerySyntaxError('STARTPOSITION is 1-based');
  if (maxResults < 1 || maxResults > 1000) throw new QuerySyntaxError('MAXRESULTS must be between 1 and 1000');
  return { count, entity, where, ...(orderBy ? { orderBy } : {}), startPosition, maxResults };
}

/** Reads a (dotted) field; references compare by id. Paths are split once per query, not once per record. */
function getter(path: string): (rec: Record<string, unknown>) => unknown {
  const parts = path.split('.');
  return (rec) => {
    let v: unknown = rec;
    for (const part of parts) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    if (v && typeof v === 'object' && 'value' in v) v = (v as { value: unknown }).value;
    return v;
  };
}

function get(rec: Record<string, unknown>, path: string): unknown {
  return getter(path)(rec);
}

/** A non-negative or negative integer written as digits only (`"12"`, `"-3"`), as a number; else NaN. */
function integerText(v: string): number {
  const n = Number(v);
  return Number.isSafeInteger(n) && /^-?\d+$/.test(v) ? n : Number.NaN;
}

const TS = /^\d{4}-\d{2}-\d{2}T/;
/** Compares two values: numerically when both are numbers (or numeric strings), as instants when both are timestamps. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string' && TS.test(a) && TS.test(b)) return Date.parse(a) - Date.parse(b);
  const na = typeof a === 'number' ? a : typeof a === 'string' && /^-?\d+(\.\d+)?$/.test(a) ? Number(a) : NaN;
  const nb = typeof b === 'number' ? b : typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

/** True when every record's `field` is a plain number (or numeric string) and they already stand in order. */
function inNumericOrder(records: Record<string, unknown>[], field: string, sign: number): boolean {
  let previous = Number.NEGATIVE_INFINITY;
  const read = getter(field);
  for (const r of records) {
    const v = read(r);
    const n = typeof v === 'number' ? v : typeof v === 'string' ? integerText(v) : Number.NaN;
    if (Number.isNaN(n)) return false;
    const key = sign * n;
    if (key < previous) return false;
    previous = key;
  }
  return true;
}

/** A value classified as {@link compareValues} would: an instant, a number, or text. */
interface SortKey { kind: 'ts' | 'num' | 'str'; n: number; s: string }

function sortKey(v: unknown): SortKey {
  if (typeof v === 'string' && TS.test(v)) return { kind: 'ts', n: Date.parse(v), s: v };
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  return Number.isNaN(n) ? { kind: 'str', n, s: String(v ?? '') } : { kind: 'num', n, s: String(v) };
}

/** {@link compareValues} on precomputed keys. */
function compareKeys(a: SortKey, b: SortKey): number {
  if (a.kind === b.kind && a.kind !== 'str') return a.n - b.n;
  return a.s.localeCompare(b.s);
}

/** Whether a record satisfies one condition. */
export function matches(rec: Record<string, unknown>, c: Condition): boolean {
  const v = get(rec, c.field);
  const eq = (x: Literal) => (typeof x === 'boolean' ? (v ?? true) === x : compareValues(v, x) === 0);
  switch (c.op) {
    case 'IN': return c.values.some(eq);
    case '=': return eq(c.values[0]!);
    case '!=': return !eq(c.values[0]!);
    case '<': return compareValues(v, c.values[0]) < 0;
    case '>': return compareValues(v, c.values[0]) > 0;
    case '<=': return compareValues(v, c.values[0]) <= 0;
    case '>=': return compareValues(v, c.values[0]) >= 0;
  }
}

/**
 * Whether a stored collection stands in numeric order of a field, remembered per collection array until its length
 * or its first or last record changes (records are appended in Id order, replaced in place by writes, and an Id
 * never changes). A filtered part of a list in order is in order too, so one check of the collection serves every
 * query on it: paging through 100,000 invoices does not re-read 100,000 keys per page.
 */
const orderMemo = new WeakMap<Record<string, unknown>[], Map<string, { length: number; first: unknown; last: unknown; ordered: boolean }>>();
function collectionInNumericOrder(records: Record<string, unknown>[], field: string, sign: number): boolean {
  const byKey = orderMemo.get(records) ?? new Map();
  orderMemo.set(records, byKey);
  const key = `${sign}:${field}`;
  const known = byKey.get(key);
  const first = records[0];
  const last = records[records.length - 1];
  if (known && known.length === records.length && known.first === first && known.last === last) return known.ordered;
  const ordered = inNumericOrder(records, field, sign);
  byKey.set(key, { length: records.length, first, last, ordered });
  return ordered;
}

/** Applies WHERE and ORDERBY (not paging) to records. */
export function runQuery(q: Query, records: Record<string, unknown>[]): Record<string, unknown>[] {
  let out = q.where.length === 0 ? records.slice() : records.filter((r) => q.where.every((c) => matches(r, c)));
  if (q.orderBy) {
    // Each record's key is read and classified once (not once per comparison), and a list already in order — the
    // usual case, records are kept in Id order — is not sorted again: a 100,000-record realm answers in milliseconds.
    const { field, desc } = q.orderBy;
    const sign = desc ? -1 : 1;
    if (collectionInNumericOrder(records, field, sign) || inNumericOrder(out, field, sign)) return out;
    const read = getter(field);
    const keyed = out.map((r, i) => ({ r, i, k: sortKey(read(r)) }));
    let ordered = true;
    for (let i = 1; i < keyed.length && ordered; i++) if (sign * compareKeys(keyed[i - 1]!.k, keyed[i]!.k) > 0) ordered = false;
    if (!ordered) keyed.sort((a, b) => sign * compareKeys(a.k, b.k) || a.i - b.i);
    out = keyed.map((x) => x.r);
  }
  return out;
}
