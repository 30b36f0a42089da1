/**
 * Child process for the multi-process tests (run with `node --import tsx`). argv[2] is a JSON config:
 * - `mode: 'refresh'`: a FileTokenStore + token manager calling a protected endpoint in a loop until `durationMs`.
 * - `mode: 'cas'`: `increments` read-modify-compare-and-set increments of `metadata.counter`.
 * - `mode: 'write'`: rewrites the connection with large values forever (the parent kills it).
 * Prints `ready`, waits for `go` on stdin, then prints one JSON result line.
 */
import { FileTokenStore } from '../../src/auth/file-token-store';
import { createOAuthClient } from '../../src/auth/oauth-client';
import { createTokenManager } from '../../src/auth/token-manager';
import type { Clock } from '../../src/clock';
import { testProvider } from './test-provider';

interface Config {
  mode: 'refresh' | 'cas' | 'write';
  dir: string;
  key: string;
  connectionId: string;
  baseUrl: string;
  issuer: string;
  epoch: number;
  scale: number;
  durationMs: number;
  increments: number;
  refreshAheadMs: number;
}

const cfg = JSON.parse(process.argv[2]!) as Config;
const clock: Clock = {
  now: () => cfg.epoch + (Date.now() - cfg.epoch) * cfg.scale,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms / cfg.scale)),
};
const store = new FileTokenStore({ path: cfg.dir, key: cfg.key, lockStaleMs: 2000 });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function refreshMode(): Promise<unknown> {
  const provider = testProvider({ baseUrl: cfg.baseUrl, issuer: cfg.issuer }, { refreshAheadMs: cfg.refreshAheadMs });
  const tokens = createTokenManager({ store, oauth: new Map([['testprov', createOAuthClient(provider, { clock })]]), clock });
  const seen = new Set<string>();
  let calls = 0;
  let unauthorized = 0;
  let failures = 0;
  const end = Date.now() + cfg.durationMs;
  while (Date.now() < end) {
    let token = await tokens.getAccessToken(cfg.connectionId);
    let res = await fetch(`${cfg.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status === 401) {
      unauthorized++;
      token = await tokens.refreshAfterUnauthorized(cfg.connectionId, token);
      res = await fetch(`${cfg.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    }
    if (res.status !== 200) failures++;
    await res.arrayBuffer();
    seen.add(token);
    calls++;
    await pause(Math.random() * 8);
  }
  return { seen: [...seen], calls, unauthorized, failures };
}

async function casMode(): Promise<unknown> {
  let conflicts = 0;
  for (let i = 0; i < cfg.increments; i++) {
    for (;;) {
      const rec = (await store.get(cfg.connectionId))!;
      const counter = Number(rec.value.metadata?.counter ?? 0);
      const r = await store.compareAndSet(cfg.connectionId, rec.version, { ...rec.value, metadata: { ...rec.value.metadata, counter: counter + 1 } });
      if (r.ok) break;
      conflicts++;
    }
  }
  return { conflicts };
}

async function writeMode(): Promise<unknown> {
  for (let i = 0; ; i++) {
    const rec = (await store.get(cfg.connectionId))!;
    const big = 'w'.repeat(50_000 + (i % 7) * 1000);
    await store.compareAndSet(cfg.connectionId, rec.version, { ...rec.value, metadata: { ...rec.value.metadata, counter: i, big } });
    if (i === 0) process.stdout.write('writing\n');
  }
}

process.stdout.write('ready\n');
process.stdin.once('data', () => {
  const run = cfg.mode === 'refresh' ? refreshMode() : cfg.mode === 'cas' ? casMode() : writeMode();
  run.then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`);
      process.exit(1);
    },
  );
});
