/**
 * Test harness for the auth layer: a real HTTP server on 127.0.0.1 (ephemeral port) mounting the emulator OAuth
 * server, two tiny protected endpoints, a fetch-based request factory, a manual clock and a test provider.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Clock } from '../../src/clock';
import { createOAuthServer, type OAuthServer, type OAuthServerOptions } from '../../src/testing/emulator/oauth-server';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, TENANTS } from './test-provider';

export * from './test-provider';

/** A running harness server. */
export interface Harness {
  baseUrl: string;
  issuer: string;
  oauth: OAuthServer;
  /** Every request the server saw (method + path). */
  log: Array<{ method: string; path: string }>;
  /** The server processes the next request to `path` but the client never gets the response (socket destroyed). */
  dropNextResponse(path: string): void;
  close(): Promise<void>;
}

/** Options forwarded to the OAuth server (issuer and clients are filled in). */
export type HarnessOAuthOptions = Partial<Omit<OAuthServerOptions, 'issuer'>>;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts `http.createServer` on port 0, mounting a fresh emulator OAuth server under `/identity`. */
export async function startHarness(options: HarnessOAuthOptions = {}): Promise<Harness> {
  // Created after `listen`, once the port (and so the issuer) is known.
  const mounted = {} as { oauth: OAuthServer };
  const log: Harness['log'] = [];
  const drops = new Set<string>();
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      log.push({ method: req.method ?? 'GET', path: url.pathname });
      const body = await readBody(req);
      let target: http.ServerResponse = res;
      if (drops.has(url.pathname)) {
        drops.delete(url.pathname);
        // The server does all its work; the response is swallowed and the connection cut, like a lost response.
        target = new Proxy(res, {
          get(obj, prop) {
            if (prop === 'writeHead' || prop === 'setHeader') return () => target;
            if (prop === 'end') return () => req.socket.destroy();
            const v = Reflect.get(obj, prop) as unknown;
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(obj) : v;
          },
        });
      }
      if (await mounted.oauth.handle(req, target, url, body)) return;
      if (url.pathname === '/api/connections' || url.pathname === '/api/me') {
        const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
        const info = m ? mounted.oauth.validateAccessToken(m[1]!) : undefined;
        if (!info) {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_token"}');
          return;
        }
        const payload =
          url.pathname === '/api/me'
            ? { ok: true, tenantIds: info.tenantIds }
            : TENANTS.filter((t) => info.tenantIds.includes(t.id)).map((t) => ({
                tenantId: t.id,
                tenantName: t.name,
                tenantType: t.type,
                authEventId: info.authEventId,
              }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
        return;
      }
      res.writeHead(404).end();
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const issuer = `${baseUrl}/identity`;
  const oauth = (mounted.oauth = createOAuthServer({
    issuer,
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] }],
    tenants: TENANTS,
    accessTokenTtlSec: 1800,
    refreshTokenTtlSec: 60 * 24 * 3600,
    rotation: { kind: 'rotating' },
    clientAuthentication: 'client_secret_basic',
    pkce: 'optional',
    scopesSupported: ['openid', 'profile', 'email', 'offline_access', 'accounting.read'],
    ...options,
  }));
  return {
    baseUrl,
    issuer,
    oauth,
    log,
    dropNextResponse: (path) => drops.add(path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Follows the authorization URL like a browser with automatic consent: returns the callback URL it redirects to. */
export async function consent(authorizationUrl: string, extra: Record<string, string> = {}): Promise<string> {
  const url = new URL(authorizationUrl);
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = res.headers.get('location');
  expect(location).toBeTruthy();
  return location!;
}

/** A clock tests move by hand; `sleep` resolves when `advance` passes its deadline. */
export class ManualClock implements Clock {
  private t: number;
  private waiters: Array<{ at: number; resolve: () => void }> = [];
  constructor(start = Date.now()) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ at: this.t + ms, resolve }));
  }
  /** Number of pending sleeps. */
  get sleepers(): number {
    return this.waiters.length;
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.waiters.filter((w) => w.at <= this.t);
    this.waiters = this.waiters.filter((w) => w.at > this.t);
    for (const w of due) w.resolve();
  }
}

/** Asserts that no secret appears in an error's message, stack, enumerable fields, JSON or (redacted) cause. */
export function expectNoSecrets(err: unknown, secrets: ReadonlyArray<string | undefined>): void {
  expect(err).toBeInstanceOf(Error);
  const e = err as Error & { toJSON?: () => unknown };
  const texts = [
    e.message,
    String(e),
    e.stack ?? '',
    JSON.stringify(e),
    JSON.stringify(Object.fromEntries(Object.entries(e))),
    e.toJSON ? JSON.stringify(e.toJSON()) : '',
  ];
  let cause: unknown = (e as { cause?: unknown }).cause;
  for (let i = 0; i < 5 && cause; i++) {
    texts.push(String(cause), (cause as Error).message ?? '', (cause as Error).stack ?? '', safeJson(cause));
    cause = (cause as { cause?: unknown }).cause;
  }
  for (const s of secrets) {
    if (!s) continue;
    for (const t of texts) expect(t.includes(s), `secret leaked into: ${t.slice(0, 200)}`).toBe(false);
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

/** Resolves when `fn` stops throwing (polling), for the rare assertion on background effects. */
export async function eventually(fn: () => void | Promise<void>, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fn();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
