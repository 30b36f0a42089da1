/**
 * A fault-injecting HTTP proxy to put in front of any emulator (or any HTTP API): requests pass through unchanged
 * unless a {@link FaultRule} picks them, in which case the proxy answers with a throttle or server error, resets the
 * connection, hangs, truncates or corrupts the body, or rewrites the JSON it forwards.
 *
 * Rules are deterministic: they count the requests they match (1-based) and fire on `every` n-th one, on the listed
 * numbers (`at`), or on all of them, optionally at most `times` times. Point a provider's API base URL at
 * {@link FaultProxy.url} and keep OAuth on the emulator directly.
 *
 * @example
 * const proxy = await createFaultProxy({
 *   target: emulator.urls.api,
 *   rules: [{ fault: 'status', status: 429, headers: { 'retry-after': '1' }, every: 10 }],
 * });
 * const provider = xero({ ...credentials, urls: { api: proxy.url, issuer: emulator.urls.issuer } });
 * @module
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a rule does to a request it picks. */
export type FaultKind =
  /** Answers with `status` (429, 500, 503…), `headers` and `body` without forwarding. */
  | 'status'
  /** Destroys the client connection without an answer (the client sees ECONNRESET / socket hang up). */
  | 'reset'
  /** Never answers (until the client gives up or the proxy closes). */
  | 'hang'
  /** Forwards, then sends the status, headers (with the full Content-Length) and half the body, and drops the connection. */
  | 'truncate'
  /** Forwards, then answers 200 with a body that is not valid JSON (the first half of the real body). */
  | 'malformed'
  /** Forwards, then passes the parsed JSON body through `rewrite` and sends the result (re-serialised). */
  | 'rewrite'
  /** Forwards (the API carries the request out), then drops the connection without answering: a lost response. */
  | 'lose-response';

/** One fault rule. Without `every` and `at` it fires on every request it matches. */
export interface FaultRule {
  fault: FaultKind;
  /** Only requests whose path (with query) matches; default all. */
  path?: RegExp;
  /** Only requests with this method; default all. */
  method?: string;
  /** Fires on every n-th matching request (n, 2n, 3n…). */
  every?: number;
  /** Fires on these matching request numbers (1-based). */
  at?: number[];
  /** Fires at most this many times. */
  times?: number;
  /** `status`: the status code (default 503). */
  status?: number;
  /** `status`: response headers. */
  headers?: Record<string, string>;
  /** `status`: response body (default empty). */
  body?: string;
  /** `rewrite`: receives the parsed JSON body of the real answer and returns the body to send. */
  rewrite?: (body: unknown, request: { method: string; path: string }) => unknown;
}

/** One request seen by the proxy. */
export interface FaultProxyLogEntry {
  /** 1-based number of the request across the proxy. */
  n: number;
  method: string;
  path: string;
  /** The fault applied, if any. */
  fault?: FaultKind;
  /** Status sent to the client (absent for reset, hang and connections that failed). */
  status?: number;
}

/** Options of {@link createFaultProxy}. */
export interface FaultProxyOptions {
  /** Base URL being proxied, e.g. `http://127.0.0.1:4010/api.xro/2.0`. Its path is kept in {@link FaultProxy.url}. */
  target: string;
  rules?: FaultRule[];
  /** Port to listen on (default: any free port). */
  port?: number;
}

/** A running fault proxy. */
export interface FaultProxy {
  /** The target's base URL with the proxy's origin: use it as the API base. */
  readonly url: string;
  /** Every request seen, in arrival order. */
  readonly log: FaultProxyLogEntry[];
  /** Replaces the rules (counters start again). */
  setRules(rules: FaultRule[]): void;
  /** Requests that got a fault, by kind. */
  faults(): Partial<Record<FaultKind, number>>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

/** Starts a fault proxy on 127.0.0.1. */
export async function createFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:') throw new TypeError(`createFaultProxy: only http targets are supported, got ${target.protocol}`);
  let rules: Array<{ rule: FaultRule; matched: number; fired: number }> = [];
  const setRules = (next: FaultRule[]) => {
    for (const rule of next) {
      if (rule.every !== undefined && (!Number.isInteger(rule.every) || rule.every < 1)) throw new RangeError(`createFaultProxy: every must be a positive integer, got ${rule.every}`);
      if (rule.fault === 'rewrite' && typeof rule.rewrite !== 'function') throw new TypeError('createFaultProxy: a rewrite rule needs a rewrite function');
    }
    rules = next.map((rule) => ({ rule, matched: 0, fired: 0 }));
  };
  setRules(options.rules ?? []);
  const log: FaultProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  let count = 0;

  function pick(method: string, path: string): FaultRule | undefined {
    let chosen: FaultRule | undefined;
    for (const entry of rules) {
      const { rule } = entry;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path && !rule.path.test(path)) continue;
      entry.matched++;
      if (chosen) continue; // later rules still count the request
      if (rule.times !== undefined && entry.fired >= rule.times) continue;
      const fires = rule.every !== undefined ? entry.matched % rule.every === 0 : rule.at !== undefined ? rule.at.includes(entry.matched) : true;
      if (!fires) continue;
      entry.fired++;
      chosen = rule;
    }
    return chosen;
  }

  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
      // The host the client addressed, for APIs whose answers carry absolute URLs of themselves (FreeAgent `Link`
      // headers and record URLs): an emulator honouring X-Forwarded-Host keeps followed links on the proxy.
      if (req.headers.host && !headers['x-forwarded-host']) headers['x-forwarded-host'] = req.headers.host;
      headers.host = target.host;
      const upstream = httpRequest(
        { host: target.hostname, port: target.port || 80, method: req.method, path: req.url, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  function reply(res: ServerResponse, status: number, headers: IncomingHttpHeaders, body: Buffer): void {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
    out['content-length'] = String(body.length);
    res.writeHead(status, out);
    res.end(body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const n = ++count;
        const method = (req.method ?? 'GET').toUpperCase();
        const path = req.url ?? '/';
        const rule = pick(method, path);
        const entry: FaultProxyLogEntry = { n, method, path, ...(rule ? { fault: rule.fault } : {}) };
        log.push(entry);
        try {
          if (rule?.fault === 'reset') {
            req.socket.destroy();
            return;
          }
          if (rule?.fault === 'hang') return; // the socket is destroyed by the client's timeout or by close()
          if (rule?.fault === 'status') {
            const status = rule.status ?? 503;
            entry.status = status;
            const text = Buffer.from(rule.body ?? '');
            reply(res, status, { ...(rule.body ? { 'content-type': 'application/json' } : {}), ...rule.headers }, text);
            return;
          }
          const real = await forward(req, Buffer.concat(chunks));
          if (rule?.fault === 'lose-response') {
            req.socket.destroy();
            return;
          }
          if (rule?.fault === 'truncate') {
            const out: Record<string, string | string[]> = {};
            for (const [k, v] of Object.entries(real.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
            out['content-length'] = String(real.body.length);
            entry.status = real.status;
            res.writeHead(real.status, out);
            res.write(real.body.subarray(0, Math.floor(real.body.length / 2)), () => req.socket.destroy());
            return;
          }
          if (rule?.fault === 'malformed') {
            entry.status = 200;
            const half = real.body.subarray(0, Math.max(1, Math.floor(real.body.length / 2)));
            reply(res, 200, { ...real.headers, 'content-type': 'application/json' }, Buffer.concat([half, Buffer.from('<!-- upstream error')]));
            return;
          }
          if (rule?.fault === 'rewrite' && rule.rewrite) {
            const parsed: unknown = JSON.parse(real.body.toString('utf8'));
            const rewritten = Buffer.from(JSON.stringify(rule.rewrite(parsed, { method, path })));
            entry.status = real.status;
            reply(res, real.status, real.headers, rewritten);
            return;
          }
          entry.status = real.status;
          reply(res, real.status, real.headers, real.body);
        } catch {
          entry.status = 502;
          if (!res.headersSent) reply(res, 502, { 'content-type': 'text/plain' }, Buffer.from('fault proxy: upstream failed'));
          else req.socket.destroy();
        }
      })();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${target.pathname.replace(/\/+$/, '')}${target.search}`;

  return {
    url,
    log,
    setRules,
    faults() {
      const out: Partial<Record<FaultKind, number>> = {};
      for (const e of log) if (e.fault) out[e.fault] = (out[e.fault] ?? 0) + 1;
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
