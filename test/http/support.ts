/**
 * Shared pieces of the HTTP pipeline tests: a provider instance built by hand (a plain object satisfying
 * `ProviderInstance`, no `defineProvider`), a virtual clock whose waits take no real time but are recorded, and a
 * local HTTP server on an ephemeral port that counts requests in flight.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../src/clock';
import type { Logger } from '../../src/logger';
import type {
  ErrorMapper,
  LimitSet,
  ProviderDescriptor,
  ProviderInstance,
  RemainingBudget,
  ThrottleInfo,
} from '../../src/provider/types';
import type { HttpResponse, QueryParams } from '../../src/http/types';
import type { Tenant } from '../../src/auth/types';

export const CLIENT_SECRET = 'cs-live-5f2b8c1d9e7a4b3c';

/** Options of {@link handProvider}. */
export interface HandProviderOptions {
  api: string;
  urls?: Record<string, string>;
  tenant?: LimitSet;
  app?: LimitSet;
  defaultRetryAfterMs?: number;
  classifyThrottle?: (response: HttpResponse) => ThrottleInfo | undefined;
  readRemaining?: (headers: Record<string, string>) => RemainingBudget | undefined;
  mapError?: ErrorMapper;
  requestIdHeader?: string;
  tenantHeaders?: (tenant: Tenant) => Record<string, string>;
  tenantPath?: (tenant: Tenant, path: string) => string;
  defaultHeaders?: Record<string, string>;
  defaultQuery?: QueryParams;
  id?: string;
  clientId?: string;
}

/** A provider instance written out by hand. */
export function handProvider(o: HandProviderOptions): ProviderInstance {
  const urls = { api: o.api, authorization: `${o.api}/oauth/authorize`, token: `${o.api}/oauth/token`, ...(o.urls ?? {}) };
  const descriptor: ProviderDescriptor = {
    id: o.id ?? 'handmade',
    displayName: 'Handmade',
    docsUrl: 'https://docs.example.invalid',
    environments: { production: urls },
    auth: {
      type: 'oauth2',
      discovery: false,
      scopes: { default: ['read'] },
      pkce: true,
      clientAuthentication: 'client_secret_basic',
      rotation: { kind: 'rotating' },
      refreshAheadMs: 0,
      resolveTenants: async () => [],
    },
    rateLimits: {
      tenant: o.tenant ?? {},
      ...(o.app ? { app: o.app } : {}),
      defaultRetryAfterMs: o.defaultRetryAfterMs ?? 1_000,
      ...(o.classifyThrottle ? { classifyThrottle: o.classifyThrottle } : {}),
      ...(o.readRemaining ? { readRemaining: o.readRemaining } : {}),
    },
    ...(o.tenantHeaders ? { tenantHeaders: o.tenantHeaders } : {}),
    ...(o.tenantPath ? { tenantPath: o.tenantPath } : {}),
    ...(o.defaultHeaders ? { defaultHeaders: o.defaultHeaders } : {}),
    ...(o.defaultQuery ? { defaultQuery: () => o.defaultQuery! } : {}),
    ...(o.mapError ? { mapError: o.mapError } : {}),
    ...(o.requestIdHeader ? { requestIdHeader: o.requestIdHeader } : {}),
    resources: {},
  };
  return {
    descriptor,
    config: { clientId: o.clientId ?? 'client-1', clientSecret: CLIENT_SECRET, redirectUri: 'https://app.example.invalid/cb' },
    urls,
    environment: 'production',
    scopes: ['read'],
    rateLimits: { tenant: o.tenant ?? {}, ...(o.app ? { app: o.app } : {}) },
  };
}

/** A clock whose `sleep` takes no real time: it records the wait and moves "now" forward. */
export interface VirtualClock extends Clock {
  /** Every wait asked for, in order. */
  readonly sleeps: number[];
  advance(ms: number): void;
}

/** Starts at a whole second so HTTP dates (second precision) convert exactly. */
export function virtualClock(start = Date.parse('2026-11-22T12:00:00.000Z')): VirtualClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    async sleep(ms: number, signal?: AbortSignal) {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += Math.max(0, ms);
      // Yield to the event loop like a real wait would, so concurrent work interleaves.
      await new Promise((r) => setImmediate(r));
      if (signal?.aborted) throw signal.reason;
    },
  };
}

/** A logger that keeps every line as `level message {fields}`. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A local server that records every request and how many were in flight at most. */
export interface LocalServer {
  url: string;
  /** Requests received (method, url, headers), in arrival order, with arrival time (ms). */
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; at: number }>;
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 with an ephemeral port. `handler` answers; the request counts as in flight until
 * the response is finished (or the socket closes).
 */
export async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<LocalServer> {
  const state: LocalServer = {
    url: '',
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    state.requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, at: performance.now() });
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      state.inFlight -= 1;
    };
    res.on('finish', finish);
    res.on('close', finish);
    handler(req, res, state.requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return state;
}

/** Answers JSON. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
