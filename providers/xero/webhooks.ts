/**
 * Xero webhooks: signature verification, parsing into canonical change events, and the intent-to-receive handshake.
 *
 * Xero signs the **raw request body bytes** with HMAC-SHA256 keyed by the app's webhook key and sends the base64 digest
 * in `x-xero-signature`. Your endpoint must answer 200 with an empty body for a correctly signed payload and 401 for a
 * wrongly signed one, within 5 seconds; before enabling a webhook Xero sends "intent to receive" payloads with no
 * events, some signed correctly and some not, and checks both answers.
 *
 * Pass the body exactly as received (a `Buffer`, or the unmodified string): a re-serialised JSON body does not verify.
 *
 * @see https://developer.xero.com/documentation/guides/webhooks/configuring-your-server
 * @see https://developer.xero.com/documentation/guides/webhooks/overview
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigurationError, ValidationError } from '../../src/errors';
import type { DataType } from '../../src/model/data-types';
import { toInstant } from '../../src/model/primitives';
import type { ChangeEvent, WebhookDescriptor } from '../../src/provider/types';

/** Header carrying Xero's signature (lower-case, as Node delivers it). */
export const XERO_SIGNATURE_HEADER = 'x-xero-signature';

/** Headers as frameworks hand them over (Node's `IncomingHttpHeaders`, a plain record…). */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

/**
 * The canonical data types an event category may concern. An `INVOICE` event is about a sales invoice **or** a bill
 * and a `CONTACT` event about a customer, a supplier or both: Xero's event does not say which, so the event's own
 * `dataType` is `'unknown'` and this table lists the candidates (fetch `resourceUrl`, or sync all of them).
 */
export const XERO_EVENT_DATA_TYPES: Readonly<Record<string, readonly DataType[]>> = Object.freeze({
  INVOICE: Object.freeze(['invoices', 'bills'] as const),
  CONTACT: Object.freeze(['customers', 'suppliers'] as const),
  CREDITNOTE: Object.freeze(['creditNotes', 'billCreditNotes'] as const),
  SUBSCRIPTION: Object.freeze([] as const),
});

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    const lower = name.toLowerCase();
    for (const [k, v] of Object.entries(headers)) {
      if (k.toLowerCase() === lower) {
        value = v;
        break;
      }
    }
  }
  return Array.isArray(value) ? value[0] : value;
}

function bodyBytes(rawBody: Buffer | string): Buffer {
  return typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
}

/** base64(HMAC-SHA256(key, rawBody)) — the value Xero puts in `x-xero-signature`. */
export function signXeroWebhook(rawBody: Buffer | string, key: string): string {
  return createHmac('sha256', key).update(bodyBytes(rawBody)).digest('base64');
}

/**
 * Verifies `x-xero-signature` against the raw body in constant time. Returns `false` (never throws) for a missing,
 * malformed or wrong-length signature.
 *
 * @throws {ConfigurationError} when `key` is empty — a misconfiguration, not a bad request.
 */
export function verifyXeroWebhook(rawBody: Buffer | string, headers: WebhookHeaders, key: string): boolean {
  if (typeof key !== 'string' || key === '') {
    throw new ConfigurationError('Xero webhook key is empty: copy it from the webhooks page of your Xero app', {
      provider: 'xero',
    });
  }
  const given = headerValue(headers, XERO_SIGNATURE_HEADER);
  if (typeof given !== 'string' || given === '') return false;
  const expected = Buffer.from(signXeroWebhook(rawBody, key), 'utf8');
  const actual = Buffer.from(given.trim(), 'utf8');
  if (actual.length !== expected.length) return false;
  return timingSafeEqual(actual, expected);
}

interface RawEvent {
  resourceUrl?: unknown;
  resourceId?: unknown;
  eventDateUtc?: unknown;
  eventType?: unknown;
  eventCategory?: unknown;
  tenantId?: unknown;
  tenantType?: unknown;
  data?: { Type?: unknown; Status?: unknown } | null;
}

function dataTypeOf(category: string, data: RawEvent['data']): DataType | 'unknown' {
  const type = typeof data?.Type === 'string' ? data.Type.toUpperCase() : undefined;
  switch (category) {
    case 'INVOICE':
      return type === 'ACCREC' ? 'invoices' : type === 'ACCPAY' ? 'bills' : 'unknown';
    case 'CREDITNOTE':
      return type === 'ACCRECCREDIT' ? 'creditNotes' : type === 'ACCPAYCREDIT' ? 'billCreditNotes' : 'unknown';
    default:
      return 'unknown';
  }
}

function operationOf(eventType: string, data: RawEvent['data']): ChangeEvent['operation'] {
  const status = typeof data?.Status === 'string' ? data.Status.toUpperCase() : undefined;
  if (status === 'DELETED') return 'deleted';
  if (status === 'VOIDED') return 'voided';
  if (eventType === 'CREATE') return 'created';
  if (eventType === 'UPDATE') return 'updated';
  return 'other';
}

function occurredAt(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    // Xero writes eventDateUtc without a zone designator ("2024-06-21T01:15:39.902"); it is UTC.
    return toInstant(value, { zoneless: 'utc' });
  } catch {
    return undefined;
  }
}

/**
 * Turns a (verified) Xero webhook payload into change events, one per entry of `events` (none for an
 * intent-to-receive payload).
 *
 * - `dataType`: `CREDITNOTE` events carry `data.Type` → `creditNotes` (ACCRECCREDIT) / `billCreditNotes`
 *   (ACCPAYCREDIT); an `INVOICE` event with `data.Type` ACCREC/ACCPAY → `invoices`/`bills`. Without that data — always
 *   for `CONTACT`, today for `INVOICE` — it is `'unknown'`: Xero cannot tell a sales invoice from a bill or a customer
 *   from a supplier in the event, and guessing would route bills to invoices. {@link XERO_EVENT_DATA_TYPES} lists the
 *   candidates; `providerType` keeps Xero's category.
 * - `operation`: `CREATE` → `created`, `UPDATE` → `updated` (archiving a contact is an UPDATE); a credit-note event
 *   whose `data.Status` is `DELETED`/`VOIDED` → `deleted`/`voided`.
 * - `occurredAt`: `eventDateUtc` (zone-less in Xero's payloads) read as UTC.
 *
 * @throws {ValidationError} when the body is not a Xero webhook payload.
 */
export function parseXeroWebhook(rawBody: Buffer | string, _headers: WebhookHeaders = {}): ChangeEvent[] {
  let payload: unknown;
  try {
    payload = JSON.parse(bodyBytes(rawBody).toString('utf8'));
  } catch {
    throw new ValidationError('Xero webhook body is not JSON', { provider: 'xero' });
  }
  const events = (payload as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) {
    throw new ValidationError('Xero webhook body has no "events" list', { provider: 'xero' });
  }
  const out: ChangeEvent[] = [];
  events.forEach((raw: RawEvent, i) => {
    const category = typeof raw?.eventCategory === 'string' ? raw.eventCategory.toUpperCase() : '';
    const recordId = raw?.resourceId;
    const tenantId = raw?.tenantId;
    if (!category || typeof recordId !== 'string' || recordId === '' || typeof tenantId !== 'string' || tenantId === '') {
      throw new ValidationError(`Xero webhook event ${i} lacks eventCategory, resourceId or tenantId`, {
        provider: 'xero',
        issues: [{ path: `events.${i}`, message: 'eventCategory, resourceId and tenantId are required' }],
      });
    }
    const eventType = typeof raw.eventType === 'string' ? raw.eventType.toUpperCase() : '';
    const at = occurredAt(raw.eventDateUtc);
    out.push({
      provider: 'xero',
      tenantId,
      dataType: dataTypeOf(category, raw.data),
      providerType: category,
      recordId,
      operation: operationOf(eventType, raw.data),
      ...(at ? { occurredAt: at } : {}),
      ...(typeof raw.resourceUrl === 'string' && raw.resourceUrl !== '' ? { resourceUrl: raw.resourceUrl } : {}),
    });
  });
  return out;
}

/** Result of {@link handleXeroWebhook}: answer Xero with `status` and an empty body. */
export interface XeroWebhookResult {
  status: 200 | 401;
  /** The change events of a correctly signed payload (empty for intent-to-receive and for a bad signature). */
  events: ChangeEvent[];
}

/**
 * Everything a Xero webhook endpoint does: verify, then parse. Answer Xero with `result.status` and an **empty body**
 * (this covers the intent-to-receive handshake: 200 for a good signature even with zero events, 401 for a bad one),
 * then process `result.events` after responding — Xero wants the answer within 5 seconds.
 *
 * @throws {ConfigurationError} when `key` is empty.
 * @throws {ValidationError} when a correctly signed body is not a Xero payload (answer 500 so Xero retries).
 * @example
 * app.post('/webhooks/xero', express.raw({ type: '*\/*' }), (req, res) => {
 *   const { status, events } = handleXeroWebhook(req.body, req.headers, process.env.XERO_WEBHOOK_KEY!);
 *   res.status(status).end();
 *   if (status === 200) queue.push(...events);
 * });
 */
export function handleXeroWebhook(rawBody: Buffer | string, headers: WebhookHeaders, key: string): XeroWebhookResult {
  if (!verifyXeroWebhook(rawBody, headers, key)) return { status: 401, events: [] };
  return { status: 200, events: parseXeroWebhook(rawBody, headers) };
}

/** The webhook part of the Xero descriptor. */
export const xeroWebhooks: WebhookDescriptor = {
  signatureHeader: XERO_SIGNATURE_HEADER,
  verify: verifyXeroWebhook,
  parse: parseXeroWebhook,
};
