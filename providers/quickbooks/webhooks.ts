/**
 * QuickBooks webhooks: `intuit-signature` = base64(HMAC-SHA256(verifier token, raw body)); legacy
 * `eventNotifications` and CloudEvents payloads → canonical change events.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DataType } from '../../src/model/data-types';
import type { ChangeEvent, WebhookDescriptor } from '../../src/provider/types';
import { toInstant } from '../../src/model/primitives';

/** Header carrying the signature. */
export const QUICKBOOKS_SIGNATURE_HEADER = 'intuit-signature';

/** QuickBooks entity name → canonical data type. */
export const QUICKBOOKS_ENTITY_DATA_TYPES: Record<string, DataType> = {
  account: 'accounts',
  customer: 'customers',
  vendor: 'suppliers',
  invoice: 'invoices',
  bill: 'bills',
  creditmemo: 'creditNotes',
  vendorcredit: 'billCreditNotes',
  payment: 'payments',
  billpayment: 'billPayments',
  journalentry: 'journalEntries',
  item: 'items',
  taxrate: 'taxRates',
  class: 'trackingCategories',
  department: 'trackingCategories',
  purchase: 'bankTransactions',
  companyinfo: 'company',
};

/** Signs a raw body as Intuit does (for tests and emulators). */
export function signQuickBooksWebhook(rawBody: Buffer | string, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(rawBody).digest('base64');
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

/** Constant-time check of `intuit-signature` against the raw body bytes. */
export function verifyQuickBooksWebhook(rawBody: Buffer | string, headers: Record<string, string | string[] | undefined>, verifierToken: string): boolean {
  const sig = header(headers, QUICKBOOKS_SIGNATURE_HEADER);
  if (!sig || !verifierToken) return false;
  const expected = Buffer.from(signQuickBooksWebhook(rawBody, verifierToken), 'base64');
  let given: Buffer;
  try {
    given = Buffer.from(sig.trim(), 'base64');
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const OPS: Record<string, ChangeEvent['operation']> = {
  create: 'created',
  created: 'created',
  update: 'updated',
  updated: 'updated',
  delete: 'deleted',
  deleted: 'deleted',
  void: 'voided',
  voided: 'voided',
  merge: 'merged',
  merged: 'merged',
};

function event(realm: string, entity: string, id: string, op: string, at: unknown): ChangeEvent {
  let occurredAt: string | undefined;
  try {
    occurredAt = typeof at === 'string' && at ? toInstant(at) : undefined;
  } catch {
    occurredAt = undefined;
  }
  return {
    provider: 'quickbooks',
    tenantId: realm,
    dataType: QUICKBOOKS_ENTITY_DATA_TYPES[entity.toLowerCase()] ?? 'unknown',
    providerType: entity,
    recordId: id,
    operation: OPS[op.toLowerCase()] ?? 'other',
    ...(occurredAt ? { occurredAt } : {}),
  };
}

/**
 * Parses a verified payload: `{ eventNotifications: [{ realmId, dataChangeEvent: { entities: [...] } }] }` or a
 * CloudEvents array (`type: "qbo.<entity>.<operation>.v1"`, `intuitaccountid` = realm, `intuitentityid` = record).
 * @throws {SyntaxError} for a body that is not JSON.
 */
export function parseQuickBooksWebhook(rawBody: Buffer | string): ChangeEvent[] {
  const body: unknown = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  const out: ChangeEvent[] = [];
  if (Array.isArray(body)) {
    for (const ce of body as Record<string, unknown>[]) {
      const m = /^qbo\.([^.]+)\.([^.]+)\.v\d+$/.exec(String(ce?.type ?? ''));
      if (!m || typeof ce.intuitaccountid !== 'string' || typeof ce.intuitentityid !== 'string') continue;
      out.push(event(ce.intuitaccountid, m[1]!, ce.intuitentityid, m[2]!, ce.time));
    }
    return out;
  }
  const notes = (body as { eventNotifications?: unknown }).eventNotifications;
  for (const n of Array.isArray(notes) ? (notes as Record<string, unknown>[]) : []) {
    const realm = typeof n.realmId === 'string' ? n.realmId : undefined;
    const entities = (n.dataChangeEvent as { entities?: unknown } | undefined)?.entities;
    if (!realm || !Array.isArray(entities)) continue;
    for (const e of entities as Record<string, unknown>[]) {
      if (typeof e.name !== 'string' || (typeof e.id !== 'string' && typeof e.id !== 'number')) continue;
      out.push(event(realm, e.name, String(e.id), String(e.operation ?? ''), e.lastUpdated));
    }
  }
  return out;
}

/** The webhook descriptor of the QuickBooks provider. */
export const quickbooksWebhooks: WebhookDescriptor = {
  signatureHeader: QUICKBOOKS_SIGNATURE_HEADER,
  verify: verifyQuickBooksWebhook,
  parse: (rawBody) => parseQuickBooksWebhook(rawBody),
};
