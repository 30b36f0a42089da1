/**
 * `partitionBy.parentValue`: a per-parent list whose parameter is a value of the parent's raw record (FreeAgent
 * `bank_transactions?bank_account=<bank account url>`) rather than the parent's id; `value` keeps its old meaning.
 */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock';
import type { HttpRequest, HttpResponse, RequestFn } from '../../src/http/types';
import { defineProvider } from '../../src/provider/define-provider';
import type { ResourceDefinition } from '../../src/provider/types';
import { readResourcePages } from '../../src/resources/reader';

const PARENTS = [
  { url: 'https://api.example/v2/bank_accounts/1', name: 'A' },
  { url: 'https://api.example/v2/bank_accounts/2', name: 'B' },
  { name: 'no url: skipped' },
];

function provider(partitionBy: NonNullable<ResourceDefinition<"bankTransactions">["partitionBy"]>) {
  return defineProvider({
    id: 'partition-test',
    displayName: 'Partition test',
    docsUrl: 'https://example.com',
    environments: { production: { api: 'https://api.example/v2', authorization: 'https://api.example/auth', token: 'https://api.example/token' } },
    auth: { type: 'oauth2', discovery: false, scopes: { default: [] }, pkce: true, clientAuthentication: 'client_secret_basic', rotation: { kind: 'rotating' }, refreshAheadMs: 0, resolveTenants: async () => [{ id: 't' }] },
    rateLimits: { tenant: {}, defaultRetryAfterMs: 1000 },
    resources: {
      bankAccounts: {
        path: '/bank_accounts',
        pagination: { type: 'none', select: (b) => (b as { bank_accounts: unknown[] }).bank_accounts },
        incremental: { type: 'none' },
        deletes: { type: 'none' },
        idOf: (raw) => (raw as { url?: string }).url?.split('/').pop(),
        toCanonical: (raw) => ({ id: String((raw as { url?: string }).url?.split('/').pop()), name: (raw as { name: string }).name, type: 'Bank', status: 'Active' }),
      },
      bankTransactions: {
        path: '/bank_transactions',
        pagination: { type: 'none', select: (b) => (b as { bank_transactions: unknown[] }).bank_transactions },
        incremental: { type: 'none' },
        deletes: { type: 'none' },
        idOf: (raw) => (raw as { id: string }).id,
        toCanonical: (raw) => ({ id: (raw as { id: string }).id, bankAccountRef: { id: (raw as { account: string }).account }, date: '2026-01-01', direction: 'Spend', amount: '-1', status: 'Authorised' }),
        partitionBy,
      },
    },
  }).configure({ clientId: 'c', clientSecret: 's', redirectUri: 'https://app.example/cb' });
}

async function read(partitionBy: NonNullable<ResourceDefinition<"bankTransactions">["partitionBy"]>) {
  const seen: HttpRequest[] = [];
  const request = (async (req: HttpRequest) => {
    seen.push(req);
    const data = req.url === '/bank_accounts' ? { bank_accounts: PARENTS } : { bank_transactions: [{ id: `tx-${String(req.query?.bank_account)}`, account: String(req.query?.bank_account).split('/').pop() }] };
    return { status: 200, headers: {}, data, url: `https://api.example/v2${req.url}` } satisfies HttpResponse;
  }) as RequestFn;
  const ids: string[] = [];
  for await (const page of readResourcePages({ instance: provider(partitionBy), request, tenant: { id: 't' }, clock: systemClock }, 'bankTransactions')) ids.push(...page.records.map((r) => r.id));
  return { ids, params: seen.filter((r) => r.url === '/bank_transactions').map((r) => r.query?.bank_account) };
}

describe('partitionBy.parentValue', () => {
  it('passes a value of the parent record (its url), skipping parents without one', async () => {
    const { params, ids } = await read({ dataType: 'bankAccounts', param: 'bank_account', parentValue: (raw) => (raw as { url?: string }).url });
    expect(params).toEqual(['https://api.example/v2/bank_accounts/1', 'https://api.example/v2/bank_accounts/2']);
    expect(ids).toEqual(['tx-https://api.example/v2/bank_accounts/1', 'tx-https://api.example/v2/bank_accounts/2']);
  });

  it('without parentValue the parent id is used, through value when given', async () => {
    expect((await read({ dataType: 'bankAccounts', param: 'bank_account' })).params).toEqual(['1', '2']);
    expect((await read({ dataType: 'bankAccounts', param: 'bank_account', value: (id) => `acct:${id}` })).params).toEqual(['acct:1', 'acct:2']);
  });
});
