/**
 * Writes in the QuickBooks emulator: `POST /{entity}` creates (no `Id`) or updates (`Id` + `SyncToken`, `sparse`
 * true merges, false replaces), `?operation=delete` deletes a transaction, `?operation=void` voids one; `?requestid=`
 * replays the first answer to the same id. Written records are stored (so queries and CDC see them, and the reports
 * reflect them); deletes become CDC `status: "Deleted"` stubs.
 *
 * From the reference: Fault 5010 "Stale Object Error" with its Detail, 6240 "Duplicate Name Exists Error" and 610
 * "Object Not Found" with their Details (doc-samples/batch/02); the delete answer `{ status: "Deleted" }`
 * (invoice/05); the void result (invoice/07: zero amounts, `PrivateNote: "Voided"`; payment/08: `Line: []`); the
 * create defaults (Nango recordings: `CurrencyRef` USD, `TxnDate` today, a bill's `DueDate` = `TxnDate`, a generated
 * `DocNumber` on sales documents, `SubTotalLineDetail` line). Every other Fault code and wording is marked ❓.
 * @module
 */
import { addDecimals, compareDecimals, multiplyDecimals, roundDecimal, subtractDecimals, toDecimal } from '../../../src/model/primitives';
import { qbTimestamp, type QbRecord, type RealmData } from './data';

/** What the write handler needs from the emulator. */
export interface QbWriteContext {
  /** Lower-case entity of the path (`invoice`). */
  path: string;
  query: URLSearchParams;
  body: Buffer;
  realm: RealmData;
  now: number;
  nextId: () => string;
  time: () => string;
  /** Answers by requestid. */
  replay: Map<string, { status: number; payload: unknown }>;
}

const ENTITIES: Record<string, string> = {
  invoice: 'Invoice',
  creditmemo: 'CreditMemo',
  bill: 'Bill',
  vendorcredit: 'VendorCredit',
  payment: 'Payment',
  billpayment: 'BillPayment',
  journalentry: 'JournalEntry',
  customer: 'Customer',
  vendor: 'Vendor',
  item: 'Item',
  account: 'Account',
};
const NAMES = new Set(['Customer', 'Vendor', 'Item', 'Account']);
const VOIDABLE = new Set(['Invoice', 'Payment', 'BillPayment']);
const USD = { value: 'USD', name: 'United States Dollar' };

interface FaultError { Message: string; Detail: string; code: string; element: string }
class Fault extends Error {
  constructor(readonly errors: FaultError[]) {
    super(errors[0]?.Message ?? 'fault');
  }
}

const required = (element: string) =>
  // ❓ unverified code and wording (2020 "Required param missing" as commonly reported).
  new Fault([{ Message: 'Required param missing, need to supply the required value for the API', Detail: `Required parameter ${element} is missing in the request`, code: '2020', element }]);
const notFound = (element: string) =>
  // ✅ code, Message and Detail from doc-samples/batch/02; the element is the emulator's addition.
  new Fault([{ Message: 'Object Not Found', Detail: "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.", code: '610', element }]);
const tooLong = (element: string, max: number) =>
  // ❓ unverified code and wording.
  new Fault([{ Message: 'String length is either shorter or longer than supported by specification', Detail: `String length specified does not match the supported length. Min:0 Max:${max} supplied length for ${element}`, code: '2050', element }]);
const business = (detail: string, element = '') =>
  // ❓ unverified: 6000 "A business validation error has occurred while processing your request" with our Detail.
  new Fault([{ Message: 'A business validation error has occurred while processing your request', Detail: `Business Validation Error: ${detail}`, code: '6000', element }]);

const d = (v: unknown): string => (v === undefined || v === null || v === '' ? '0' : toDecimal(v as number | string));
const num = (s: string) => Number(s);
const refId = (o: unknown, f: string): string | undefined => {
  const r = (o as Record<string, { value?: unknown }> | undefined)?.[f];
  return r && r.value !== undefined && r.value !== null && r.value !== '' ? String(r.value) : undefined;
};

function findActive(realm: RealmData, entity: string, id: string | undefined): QbRecord | undefined {
  if (id === undefined) return undefined;
  const r = (realm.entities[entity] ?? []).find((x) => x.Id === id);
  return r && r.Active !== false ? r : undefined;
}

/** Checks a reference field: required (when `req`) and pointing at an active record of `entity`; fills its name. */
function checkRef(realm: RealmData, holder: QbRecord, field: string, entity: string, req: boolean, element = field): void {
  const id = refId(holder, field);
  if (id === undefined) {
    if (req) throw required(element);
    return;
  }
  const target = findActive(realm, entity, id);
  if (!target) throw notFound(element);
  const name = target.DisplayName ?? target.Name;
  holder[field] = { value: id, ...(typeof name === 'string' ? { name } : {}) };
}

function checkDocNumber(r: QbRecord): void {
  if (typeof r.DocNumber === 'string' && [...r.DocNumber].length > 21) throw tooLong('DocNumber', 21); // XSD: 21
}

const ITEM_LINES = new Set(['SalesItemLineDetail', 'ItemBasedExpenseLineDetail', 'AccountBasedExpenseLineDetail']);

/** Validates and completes a sales/purchase document's lines; returns the total. */
function documentLines(realm: RealmData, r: QbRecord, kind: 'sales' | 'purchase'): string {
  const lines = Array.isArray(r.Line) ? (r.Line as QbRecord[]) : undefined;
  if (!lines || lines.filter((l) => l.DetailType !== 'SubTotalLineDetail').length === 0) throw required('Line');
  let total = '0';
  const out: QbRecord[] = [];
  let n = 0;
  for (const l of lines) {
    const kindOf = String(l.DetailType ?? '');
    if (kindOf === 'SubTotalLineDetail') continue; // recomputed below
    n++;
    if (!ITEM_LINES.has(kindOf) || (kind === 'sales') !== (kindOf === 'SalesItemLineDetail')) {
      throw business(`Line ${n}: DetailType ${kindOf || '(none)'} is not valid here`, 'Line.DetailType'); // ❓
    }
    const detail = (l[kindOf] ?? {}) as QbRecord;
    if (l.Amount === undefined || l.Amount === null) throw required('Line.Amount');
    const amount = d(l.Amount);
    if (kindOf === 'AccountBasedExpenseLineDetail') checkRef(realm, detail, 'AccountRef', 'Account', true, 'Line.AccountBasedExpenseLineDetail.AccountRef');
    else checkRef(realm, detail, 'ItemRef', 'Item', true, `Line.${kindOf}.ItemRef`);
    if (detail.Qty !== undefined && detail.UnitPrice !== undefined && compareDecimals(roundDecimal(multiplyDecimals(d(detail.Qty), d(detail.UnitPrice)), 2), roundDecimal(amount, 2)) !== 0) {
      // ❓ unverified code/wording for Amount ≠ Qty × UnitPrice.
      throw new Fault([{ Message: 'Amount calculation incorrect in the request', Detail: `Line ${n}: Amount ${amount} is not equal to UnitPrice * Qty`, code: '6070', element: 'Line.Amount' }]);
    }
    total = addDecimals(total, amount);
    out.push({ ...l, Id: String(n), LineNum: n, Amount: num(amount), [kindOf]: detail });
  }
  if (kind === 'sales') out.push({ Amount: num(total), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
  r.Line = out;
  return total;
}

function today(now: number): string {
  return qbTimestamp(now).slice(0, 10);
}

function nextDocNumber(realm: RealmData, entity: string): string {
  const highest = Math.max(1000, ...(realm.entities[entity] ?? []).map((x) => (/^\d+$/.test(String(x.DocNumber ?? '')) ? Number(x.DocNumber) : 0)));
  return String(highest + 1);
}

/** Validates and completes a record of `entity` (`existing` on update); mutates and returns `r`. */
function complete(realm: RealmData, entity: string, r: QbRecord, existing: QbRecord | undefined, now: number): QbRecord {
  if (entity !== 'Item') r.CurrencyRef ??= existing?.CurrencyRef ?? USD; // Item has no CurrencyRef (XSD)
  switch (entity) {
    case 'Invoice':
    case 'CreditMemo':
    case 'Bill':
    case 'VendorCredit': {
      const sales = entity === 'Invoice' || entity === 'CreditMemo';
      checkRef(realm, r, sales ? 'CustomerRef' : 'VendorRef', sales ? 'Customer' : 'Vendor', true);
      checkDocNumber(r);
      r.TxnDate ??= today(now);
      if (entity === 'Invoice' || entity === 'Bill') r.DueDate ??= r.TxnDate;
      if (sales && (r.DocNumber === undefined || r.DocNumber === 'AUTO_GENERATE')) r.DocNumber = nextDocNumber(realm, entity); // XSD: next in sequence
      const total = documentLines(realm, r, sales ? 'sales' : 'purchase');
      const paid = existing ? subtractDecimals(d(existing.TotalAmt), d(existing.Balance)) : '0';
      r.TotalAmt = num(total);
      r.Balance = num(subtractDecimals(total, paid));
      if (entity === 'CreditMemo') r.RemainingCredit = num(total);
      r.TxnTaxDetail ??= { TotalTax: 0 };
      if (entity === 'Invoice') r.LinkedTxn ??= [];
      return r;
    }
    case 'Payment':
    case 'BillPayment': {
      const ar = entity === 'Payment';
      checkRef(realm, r, ar ? 'CustomerRef' : 'VendorRef', ar ? 'Customer' : 'Vendor', true);
      if (r.TotalAmt === undefined || r.TotalAmt === null) throw required('TotalAmt');
      r.TxnDate ??= today(now);
      if (ar) checkRef(realm, r, 'DepositToAccountRef', 'Account', false);
      else {
        if (r.PayType !== 'Check' && r.PayType !== 'CreditCard') throw required('PayType');
        const holder = (r.PayType === 'Check' ? r.CheckPayment : r.CreditCardPayment) as QbRecord | undefined;
        if (!holder) throw required(r.PayType === 'Check' ? 'CheckPayment.BankAccountRef' : 'CreditCardPayment.CCAccountRef');
        checkRef(realm, holder, r.PayType === 'Check' ? 'BankAccountRef' : 'CCAccountRef', 'Account', true);
      }
      let applied = '0';
      for (const l of Array.isArray(r.Line) ? (r.Line as QbRecord[]) : []) {
        const amount = d(l.Amount);
        for (const t of Array.isArray(l.LinkedTxn) ? (l.LinkedTxn as QbRecord[]) : []) {
          const target = (realm.entities[String(t.TxnType)] ?? []).find((x) => x.Id === String(t.TxnId));
          if (!target) throw notFound('Line.LinkedTxn');
          if (compareDecimals(amount, d(target.Balance)) > 0) throw business(`The payment amount ${amount} exceeds the open balance of ${String(t.TxnType)} ${String(t.TxnId)}`, 'Line.Amount'); // ❓
        }
        applied = addDecimals(applied, amount);
      }
      if (compareDecimals(applied, d(r.TotalAmt)) > 0) throw business('The amount applied exceeds the payment total', 'TotalAmt'); // ❓
      if (ar) r.UnappliedAmt = num(subtractDecimals(d(r.TotalAmt), applied));
      return r;
    }
    case 'JournalEntry': {
      checkDocNumber(r);
      r.TxnDate ??= today(now);
      const lines = Array.isArray(r.Line) ? (r.Line as QbRecord[]) : [];
      if (lines.length === 0) throw required('Line');
      let debit = '0';
      let credit = '0';
      r.Line = lines.map((l, i) => {
        const detail = (l.JournalEntryLineDetail ?? {}) as QbRecord;
        if (detail.PostingType !== 'Debit' && detail.PostingType !== 'Credit') throw required('Line.JournalEntryLineDetail.PostingType');
        checkRef(realm, detail, 'AccountRef', 'Account', true, 'Line.JournalEntryLineDetail.AccountRef');
        if (l.Amount === undefined) throw required('Line.Amount');
        if (detail.PostingType === 'Debit') debit = addDecimals(debit, d(l.Amount));
        else credit = addDecimals(credit, d(l.Amount));
        return { ...l, Id: String(i), DetailType: 'JournalEntryLineDetail', JournalEntryLineDetail: detail };
      });
      if (compareDecimals(debit, credit) !== 0) throw business(`Journal Entry is not balanced: debits ${debit}, credits ${credit}`, 'Line'); // ❓ wording
      r.Adjustment ??= false;
      r.TotalAmt = 0; // the recorded create answers TotalAmt 0 for a journal entry
      return r;
    }
    case 'Customer':
    case 'Vendor': {
      const name = r.DisplayName;
      if (typeof name !== 'string' || name.trim() === '') throw required('DisplayName');
      if ([...name].length > 500) throw tooLong('DisplayName', 500); // ❓ 500
      // ✅ 6240 and its Detail (doc-samples/batch/02): names are unique across customers, vendors and employees.
      const clash = [...(realm.entities.Customer ?? []), ...(realm.entities.Vendor ?? [])].some((x) => x.DisplayName === name && !(x.Id === existing?.Id && (realm.entities[entity] ?? []).includes(x)));
      if (clash) throw new Fault([{ Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.', code: '6240', element: '' }]);
      r.Active ??= true;
      r.Balance ??= existing?.Balance ?? 0;
      r.PrintOnCheckName ??= name;
      if (entity === 'Customer') r.FullyQualifiedName = name;
      return r;
    }
    case 'Item': {
      const name = r.Name;
      if (typeof name !== 'string' || name.trim() === '') throw required('Name');
      if ([...name].length > 100) throw tooLong('Name', 100); // XSD Item.Name QBO: 100
      if ((realm.entities.Item ?? []).some((x) => x.Name === name && x.Id !== existing?.Id)) {
        throw new Fault([{ Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists. : Another product or service is already using this name. Please use a different name.', code: '6240', element: '' }]); // ❓ item wording
      }
      r.Type ??= 'Service';
      if (r.Type !== 'Service' && r.Type !== 'NonInventory') throw business(`The emulator does not create ${String(r.Type)} items`, 'Type'); // ❓
      checkRef(realm, r, 'IncomeAccountRef', 'Account', true); // ❓ required for Service/NonInventory
      checkRef(realm, r, 'ExpenseAccountRef', 'Account', false);
      r.Active ??= true;
      r.FullyQualifiedName = name;
      r.UnitPrice ??= 0;
      r.PurchaseCost ??= 0;
      r.TrackQtyOnHand ??= false;
      return r;
    }
    case 'Account': {
      const name = r.Name;
      if (typeof name !== 'string' || name.trim() === '') throw required('Name');
      if ([...name].length > 100) throw tooLong('Name', 100); // XSD Account.Name QBO Max=100
      if (/[:"]/.test(name)) throw business('The account name cannot contain a colon or double quote', 'Name'); // ❓
      if ((realm.entities.Account ?? []).some((x) => x.Name === name && x.Id !== existing?.Id)) {
        throw new Fault([{ Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists. : Another account is already using this name. Please use a different name.', code: '6240', element: '' }]); // ❓ account wording
      }
      if (typeof r.AccountType !== 'string') throw required('AccountType');
      const classification: Record<string, string> = { Bank: 'Asset', 'Accounts Receivable': 'Asset', 'Other Current Asset': 'Asset', 'Fixed Asset': 'Asset', 'Other Asset': 'Asset', 'Accounts Payable': 'Liability', 'Credit Card': 'Liability', 'Other Current Liability': 'Liability', 'Long Term Liability': 'Liability', Equity: 'Equity', Income: 'Revenue', 'Other Income': 'Revenue', Expense: 'Expense', 'Other Expense': 'Expense', 'Cost of Goods Sold': 'Expense' };
      const c = classification[r.AccountType];
      if (!c) throw business(`AccountType ${r.AccountType} is not valid`, 'AccountType'); // ❓
      r.Classification = c;
      r.Active ??= true;
      r.SubAccount ??= false;
      r.FullyQualifiedName = name;
      r.CurrentBalance ??= 0;
      return r;
    }
    default:
      throw business(`${entity} writes are not emulated`);
  }
}

/** Applies (sign 1) or reverses (sign -1) a payment's amounts on the documents it links. */
function applyLinks(realm: RealmData, p: QbRecord, sign: 1 | -1): void {
  for (const l of Array.isArray(p.Line) ? (p.Line as QbRecord[]) : []) {
    for (const t of Array.isArray(l.LinkedTxn) ? (l.LinkedTxn as QbRecord[]) : []) {
      const target = (realm.entities[String(t.TxnType)] ?? []).find((x) => x.Id === String(t.TxnId));
      if (!target) continue;
      const amt = d(l.Amount);
      target.Balance = num(sign === 1 ? subtractDecimals(d(target.Balance), amt) : addDecimals(d(target.Balance), amt));
    }
  }
}

function stamp(r: QbRecord, now: number, created?: string): void {
  r.MetaData = { CreateTime: created ?? qbTimestamp(now), LastUpdatedTime: qbTimestamp(now) };
}

/**
 * Handles `POST /{entity}`; `undefined` when the path is not a writable entity. ❓ unverified replay semantics: the
 * first answer to a `requestid` — success or Fault — is returned again for any later request with that id, without
 * comparing bodies (reference §3.5 ◐ says only that a requestid makes retries safe).
 */
export function handleQbWrite(ctx: QbWriteContext): { status: number; payload: unknown } | undefined {
  const entity = ENTITIES[ctx.path];
  if (!entity) return undefined;
  const requestId = ctx.query.get('requestid') ?? undefined;
  if (requestId !== undefined) {
    const seen = ctx.replay.get(requestId);
    if (seen) return seen;
  }
  let body: QbRecord;
  try {
    body = JSON.parse(ctx.body.toString('utf8') || '{}') as QbRecord;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
  } catch {
    // ❓ unverified wording/code of an unparseable body.
    return { status: 400, payload: faultBody(ctx, new Fault([{ Message: 'Request has invalid or unsupported property', Detail: 'Property Name:Can not deserialize the request body', code: '2010', element: '' }])) };
  }
  const answer = runEntityWrite(ctx, entity, body, ctx.query.get('operation') ?? undefined);
  if (requestId !== undefined) ctx.replay.set(requestId, answer);
  return answer;
}

function faultBody(ctx: Pick<QbWriteContext, 'time'>, f: Fault) {
  return { Fault: { Error: f.errors, type: 'ValidationFault' }, time: ctx.time() };
}

/** The entity name of a lower-case path (`invoice` → `Invoice`), when it is writable. */
export function writableEntity(path: string): string | undefined {
  return ENTITIES[path];
}

/** One write of `entity` with a parsed body; `operation` is `delete`, `void`, `update` or undefined. */
export function runEntityWrite(ctx: Omit<QbWriteContext, 'path' | 'query' | 'body' | 'replay'>, entity: string, body: QbRecord, operation: string | undefined): { status: number; payload: unknown } {
  const { realm, now } = ctx;
  const fail = (f: Fault) => ({ status: 400, payload: faultBody(ctx, f) });
  const list = (realm.entities[entity] ??= []);
  try {
    if (body.Id === undefined) {
      if (operation === 'delete' || operation === 'void') throw required('Id');
      const rec = complete(realm, entity, structuredClone(body), undefined, now);
      Object.assign(rec, { Id: ctx.nextId(), SyncToken: '0', domain: 'QBO', sparse: false });
      stamp(rec, now);
      list.push(rec);
      if (entity === 'Payment' || entity === 'BillPayment') applyLinks(realm, rec, 1);
      return { status: 200, payload: { [entity]: rec, time: ctx.time() } };
    }
    const existing = list.find((x) => x.Id === String(body.Id));
    if (!existing) throw notFound('Id');
    if (String(body.SyncToken ?? '') !== String(existing.SyncToken)) {
      // ✅ doc-samples/batch/02.
      throw new Fault([{ Message: 'Stale Object Error', Detail: 'Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.', code: '5010', element: '' }]);
    }
    const created = (existing.MetaData as { CreateTime?: string } | undefined)?.CreateTime;
    if (operation === 'delete') {
      if (NAMES.has(entity)) throw business(`${entity} cannot be deleted: make it inactive (Active: false)`); // ❓
      list.splice(list.indexOf(existing), 1);
      if (entity === 'Payment' || entity === 'BillPayment') applyLinks(realm, existing, -1);
      (realm.deleted[entity] ??= []).push({ status: 'Deleted', domain: 'QBO', Id: existing.Id, MetaData: { LastUpdatedTime: qbTimestamp(now) } });
      return { status: 200, payload: { [entity]: { status: 'Deleted', domain: 'QBO', Id: existing.Id }, time: ctx.time() } };
    }
    if (operation === 'void') {
      if (!VOIDABLE.has(entity)) throw business(`${entity} cannot be voided`); // ❓
      if (entity === 'Invoice') {
        existing.Line = (existing.Line as QbRecord[]).map((l) => {
          const k = String(l.DetailType);
          const detail = l[k] as QbRecord | undefined;
          return { ...l, Amount: 0, ...(detail && 'Qty' in detail ? { [k]: { ...detail, Qty: 0 } } : {}) };
        });
        Object.assign(existing, { TotalAmt: 0, Balance: 0, PrivateNote: 'Voided', TxnTaxDetail: { TotalTax: 0 } });
      } else {
        applyLinks(realm, existing, -1);
        Object.assign(existing, { TotalAmt: 0, PrivateNote: 'Voided', Line: [], ...(entity === 'Payment' ? { UnappliedAmt: 0 } : {}) });
      }
      existing.SyncToken = String(Number(existing.SyncToken) + 1);
      stamp(existing, now, created);
      return { status: 200, payload: { [entity]: existing, time: ctx.time() } };
    }
    if (operation !== undefined && operation !== 'update') throw business(`operation ${operation} is not supported`); // ❓
    const changes = structuredClone(body);
    delete changes.SyncToken;
    delete changes.sparse;
    const keep = { Id: existing.Id, domain: 'QBO', MetaData: existing.MetaData };
    // Sparse: the fields given replace the stored ones (a given `Line` replaces all lines ❓); full: everything else
    // is cleared.
    const merged = body.sparse === true ? { ...structuredClone(existing), ...changes } : { ...changes, ...keep };
    if (entity === 'Payment' || entity === 'BillPayment') applyLinks(realm, existing, -1);
    let rec: QbRecord;
    try {
      rec = complete(realm, entity, merged, existing, now);
    } catch (err) {
      if (entity === 'Payment' || entity === 'BillPayment') applyLinks(realm, existing, 1);
      throw err;
    }
    if (entity === 'Payment' || entity === 'BillPayment') applyLinks(realm, rec, 1);
    Object.assign(rec, { ...keep, sparse: false, SyncToken: String(Number(existing.SyncToken) + 1) });
    stamp(rec, now, created);
    list.splice(list.indexOf(existing), 1, rec);
    return { status: 200, payload: { [entity]: rec, time: ctx.time() } };
  } catch (err) {
    if (err instanceof Fault) return fail(err);
    throw err;
  }
}
