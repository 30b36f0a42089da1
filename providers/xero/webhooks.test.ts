import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, ValidationError } from '../../src/errors';
import {
  XERO_EVENT_DATA_TYPES,
  handleXeroWebhook,
  parseXeroWebhook,
  signXeroWebhook,
  verifyXeroWebhook,
  xeroWebhooks,
} from './webhooks';

// A locally generated vector: no public Xero test vector exists. The expected signature below was computed once
// with `openssl dgst -sha256 -hmac <KEY> -binary | base64` over these exact bytes.
const KEY = 'lYvhnPLi2pXPwqo0Y3cLNAVnYj3mPTtx5cs6RAq6y3zjD1wf+Qs5nuWsX2kn6sFyFx0CbKtV3Bi3khK0c2HmlQ==';
const INTENT = '{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"CBRZUROVHIGCWTWYKVMC"}';
const INTENT_SIGNATURE = 'RED8rpnWYQ+Pdobj/s5DDP4+P0U60Va/wrxqD2JmTwE=';

const EVENTS = JSON.stringify({
  events: [
    {
      resourceUrl: 'https://api.xero.com/api.xro/2.0/Contacts/717f2bfc-c6d4-41fd-b238-3f2f0c0cf777',
      resourceId: '717f2bfc-c6d4-41fd-b238-3f2f0c0cf777',
      eventDateUtc: '2024-06-21T01:15:39.902',
      eventType: 'UPDATE',
      eventCategory: 'CONTACT',
      tenantId: 'c2cc9b6e-9458-4c7d-93cc-f02b81b0594f',
      tenantType: 'ORGANISATION',
    },
    {
      resourceUrl: 'https://api.xero.com/api.xro/2.0/Invoices/1b7c3d8f-0000-4000-8000-000000000001',
      resourceId: '1b7c3d8f-0000-4000-8000-000000000001',
      eventDateUtc: '2024-06-21T01:16:00',
      eventType: 'CREATE',
      eventCategory: 'INVOICE',
      tenantId: 'c2cc9b6e-9458-4c7d-93cc-f02b81b0594f',
      tenantType: 'ORGANISATION',
    },
    {
      resourceUrl: 'https://api.xero.com/api.xro/2.0/CreditNotes/55d84274-a3da-4829-a7c0-0cab601b95cc',
      resourceId: '55d84274-a3da-4829-a7c0-0cab601b95cc',
      tenantId: 'aef86862-2015-4b6b-88bc-d89032cecc50',
      tenantType: 'ORGANISATION',
      eventCategory: 'CREDITNOTE',
      eventType: 'CREATE',
      eventDateUtc: '2025-12-02T00:44:09.923',
      data: { Type: 'ACCPAYCREDIT', Status: 'DRAFT' },
    },
    {
      resourceUrl: 'https://api.xero.com/api.xro/2.0/CreditNotes/66d84274-a3da-4829-a7c0-0cab601b95cc',
      resourceId: '66d84274-a3da-4829-a7c0-0cab601b95cc',
      tenantId: 'aef86862-2015-4b6b-88bc-d89032cecc50',
      tenantType: 'ORGANISATION',
      eventCategory: 'CREDITNOTE',
      eventType: 'UPDATE',
      eventDateUtc: '2025-12-02T00:45:00.000',
      data: { Type: 'ACCRECCREDIT', Status: 'VOIDED' },
    },
    {
      resourceUrl: 'https://api.xero.com/api.xro/2.0/Invoices/1b7c3d8f-0000-4000-8000-000000000002',
      resourceId: '1b7c3d8f-0000-4000-8000-000000000002',
      eventDateUtc: 'not a date',
      eventType: 'UPDATE',
      eventCategory: 'INVOICE',
      tenantId: 'c2cc9b6e-9458-4c7d-93cc-f02b81b0594f',
      tenantType: 'ORGANISATION',
      data: { Type: 'ACCPAY' },
    },
  ],
  firstEventSequence: 1,
  lastEventSequence: 5,
  entropy: 'S0m3r4Nd0mt3xt',
});

describe('signXeroWebhook / verifyXeroWebhook', () => {
  it('matches the locally generated vector', () => {
    expect(signXeroWebhook(INTENT, KEY)).toBe(INTENT_SIGNATURE);
    expect(createHmac('sha256', KEY).update(INTENT).digest('base64')).toBe(INTENT_SIGNATURE);
  });

  it('accepts the right signature for a string and for the same bytes as a Buffer', () => {
    expect(verifyXeroWebhook(INTENT, { 'x-xero-signature': INTENT_SIGNATURE }, KEY)).toBe(true);
    expect(verifyXeroWebhook(Buffer.from(INTENT), { 'x-xero-signature': INTENT_SIGNATURE }, KEY)).toBe(true);
  });

  it('finds the header whatever its case and when given as an array', () => {
    expect(verifyXeroWebhook(INTENT, { 'X-Xero-Signature': INTENT_SIGNATURE }, KEY)).toBe(true);
    expect(verifyXeroWebhook(INTENT, { 'x-xero-signature': [INTENT_SIGNATURE] }, KEY)).toBe(true);
  });

  it.each([
    ['a signature made with another key', signXeroWebhook(INTENT, 'other-key')],
    ['a signature of other bytes', signXeroWebhook(`${INTENT} `, KEY)],
    ['the right signature with one character changed', `A${INTENT_SIGNATURE.slice(1)}`],
    ['a shorter signature', INTENT_SIGNATURE.slice(0, -1)],
    ['a longer signature', `${INTENT_SIGNATURE}=`],
    ['an empty signature', ''],
    ['hex instead of base64', createHmac('sha256', KEY).update(INTENT).digest('hex')],
  ])('rejects %s without throwing', (_label, signature) => {
    expect(verifyXeroWebhook(INTENT, { 'x-xero-signature': signature }, KEY)).toBe(false);
  });

  it('rejects a missing header', () => {
    expect(verifyXeroWebhook(INTENT, {}, KEY)).toBe(false);
    expect(verifyXeroWebhook(INTENT, { 'x-xero-signature': undefined }, KEY)).toBe(false);
  });

  it('detects a body re-serialised by a JSON parser', () => {
    const reserialised = JSON.stringify(JSON.parse(EVENTS), null, 2);
    const sig = signXeroWebhook(EVENTS, KEY);
    expect(verifyXeroWebhook(EVENTS, { 'x-xero-signature': sig }, KEY)).toBe(true);
    expect(verifyXeroWebhook(reserialised, { 'x-xero-signature': sig }, KEY)).toBe(false);
  });

  it('treats an empty key as a configuration error', () => {
    expect(() => verifyXeroWebhook(INTENT, { 'x-xero-signature': INTENT_SIGNATURE }, '')).toThrow(ConfigurationError);
  });
});

describe('handleXeroWebhook (intent to receive)', () => {
  it('answers 200 with no events for a correctly signed intent-to-receive payload', () => {
    expect(handleXeroWebhook(INTENT, { 'x-xero-signature': INTENT_SIGNATURE }, KEY)).toEqual({ status: 200, events: [] });
  });

  it('answers 401 for an incorrectly signed one', () => {
    expect(handleXeroWebhook(INTENT, { 'x-xero-signature': signXeroWebhook(INTENT, 'wrong') }, KEY)).toEqual({
      status: 401,
      events: [],
    });
  });

  it('answers 401 without parsing a badly signed body, even a malformed one', () => {
    expect(handleXeroWebhook('not json', { 'x-xero-signature': 'x' }, KEY)).toEqual({ status: 401, events: [] });
  });

  it('answers 200 with the events of a correctly signed payload', () => {
    const result = handleXeroWebhook(EVENTS, { 'x-xero-signature': signXeroWebhook(EVENTS, KEY) }, KEY);
    expect(result.status).toBe(200);
    expect(result.events).toHaveLength(5);
  });
});

describe('parseXeroWebhook', () => {
  it('maps each event to a canonical change event', () => {
    expect(parseXeroWebhook(EVENTS)).toEqual([
      {
        provider: 'xero',
        tenantId: 'c2cc9b6e-9458-4c7d-93cc-f02b81b0594f',
        dataType: 'unknown',
        providerType: 'CONTACT',
        recordId: '717f2bfc-c6d4-41fd-b238-3f2f0c0cf777',
        operation: 'updated',
        occurredAt: '2024-06-21T01:15:39.902Z',
        resourceUrl: 'https://api.xero.com/api.xro/2.0/Contacts/717f2bfc-c6d4-41fd-b238-3f2f0c0cf777',
      },
      {
        provider: 'xero',
        tenantId: 'c2cc9b6e-9458-4c7d-93cc-f02b81b0594f',
        dataType: 'unknown',
        providerType: 'INVOICE',
        recordId: '1b7c3d8f-0000-4000-8000-000000000001',
        operation: 'created',
        occurredAt: '2024-06-21T01:16:00.000Z',
        resourceUrl: 'https://api.xero.com/api.xro/2.0/Invoices/1b7c3d8f-0000-4000-8000-000000000001',
      },
      {
        provider: 'xero',
        tenantId: 'aef86862-2015-4b6b-88bc-d89032cecc50',
        dataType: 'billCreditNotes',
        providerType: 'CREDITNOTE',
        recordId: '55d84274-a3da-4829-a7c0-0cab601b95cc',
        operation: 'created',
        occurredAt: '2025-12-02T00:44:09.923Z',
        resourceUrl: 'https://api.xero.com/api.xro/2.0/CreditNotes/55d84274-a3da-4829-a7c0-0cab601b95cc',
      },
      {
        provider: 'xero',
        tenantId: 'aef86862-2015-4b6b-88bc-d89032cecc50',
        dataType: 'creditNotes',
        providerType: 'CREDITNOTE',
        recordId: '66d84274-a3da-4829-a7c0-0cab601b95cc',
        operation: 'voided',
        occurredAt: '2025-12-02T00:45:00.000Z',
        resourceUrl: 'https://api.xero.com/api.xro/2.0/CreditNotes/66d84274-a3da-4829-a7c0-0cab601b95cc',
      },
      {
        provider: 'xero',
        tenantId: 'c2cc9b6e-9458-4c7d-93cc-f02b81b0594f',
        dataType: 'bills',
        providerType: 'INVOICE',
        recordId: '1b7c3d8f-0000-4000-8000-000000000002',
        operation: 'updated',
        resourceUrl: 'https://api.xero.com/api.xro/2.0/Invoices/1b7c3d8f-0000-4000-8000-000000000002',
      },
    ]);
  });

  it('returns no events for an intent-to-receive payload', () => {
    expect(parseXeroWebhook(Buffer.from(INTENT))).toEqual([]);
  });

  it('lists the candidate data types of ambiguous categories', () => {
    expect(XERO_EVENT_DATA_TYPES.INVOICE).toEqual(['invoices', 'bills']);
    expect(XERO_EVENT_DATA_TYPES.CONTACT).toEqual(['customers', 'suppliers']);
  });

  it.each([
    ['not JSON', 'nope'],
    ['no events list', '{"entropy":"x"}'],
    ['null', 'null'],
    ['an event without a resource id', '{"events":[{"eventCategory":"INVOICE","tenantId":"t"}]}'],
  ])('rejects %s', (_label, body) => {
    expect(() => parseXeroWebhook(body)).toThrow(ValidationError);
  });

  it('is what the descriptor exposes', () => {
    expect(xeroWebhooks.signatureHeader).toBe('x-xero-signature');
    expect(xeroWebhooks.verify(INTENT, { 'x-xero-signature': INTENT_SIGNATURE }, KEY)).toBe(true);
    expect(xeroWebhooks.parse(INTENT, {})).toEqual([]);
  });
});
