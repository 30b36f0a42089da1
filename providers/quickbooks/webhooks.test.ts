import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuickBooksWebhook, signQuickBooksWebhook, verifyQuickBooksWebhook } from './webhooks';

const REF = new URL('../../../shared/reference/quickbooks/webhooks/', import.meta.url);
const vector = JSON.parse(readFileSync(new URL('signature-test-vector.json', REF), 'utf8')) as { verifierToken: string; expectedSignature: string; rawBody: string };
const rawFile = readFileSync(new URL('legacy-eventNotifications.raw.json', REF));

describe('QuickBooks webhooks', () => {
  it('verifies the saved Intuit test vector over the raw body bytes', () => {
    expect(signQuickBooksWebhook(vector.rawBody, vector.verifierToken)).toBe(vector.expectedSignature);
    expect(verifyQuickBooksWebhook(vector.rawBody, { 'intuit-signature': vector.expectedSignature }, vector.verifierToken)).toBe(true);
    expect(verifyQuickBooksWebhook(rawFile, { 'Intuit-Signature': vector.expectedSignature }, vector.verifierToken)).toBe(true);
  });

  it('rejects a tampered body, a wrong token and a missing header', () => {
    expect(verifyQuickBooksWebhook(vector.rawBody.replace('"40"', '"41"'), { 'intuit-signature': vector.expectedSignature }, vector.verifierToken)).toBe(false);
    expect(verifyQuickBooksWebhook(vector.rawBody, { 'intuit-signature': vector.expectedSignature }, 'other-token')).toBe(false);
    expect(verifyQuickBooksWebhook(vector.rawBody, {}, vector.verifierToken)).toBe(false);
  });

  it('parses legacy eventNotifications into change events', () => {
    expect(parseQuickBooksWebhook(rawFile)).toEqual([
      { provider: 'quickbooks', tenantId: '1269959970', dataType: 'suppliers', providerType: 'Vendor', recordId: '40', operation: 'updated', occurredAt: '2016-10-05T03:09:04.000Z' },
      { provider: 'quickbooks', tenantId: '1269959970', dataType: 'customers', providerType: 'Customer', recordId: '43', operation: 'created', occurredAt: '2016-10-05T03:07:04.000Z' },
    ]);
  });

  it('parses the saved CloudEvents example', () => {
    const events = parseQuickBooksWebhook(readFileSync(new URL('cloudevents-example.json', REF)));
    expect(events).toEqual([
      { provider: 'quickbooks', tenantId: '310687', dataType: 'trackingCategories', providerType: 'class', recordId: '1234', operation: 'created', occurredAt: '2025-10-07T19:59:07.034Z' },
    ]);
  });
});
