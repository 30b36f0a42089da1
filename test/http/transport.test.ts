/**
 * The axios transport against a real local server: what comes back (headers, JSON, text), and every way a server
 * can fail — never answering, stalling mid-body, cutting the body short, resetting, refusing, sending broken JSON.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAxiosTransport, createRequest, LimiterRegistry } from '../../src/http';
import { ErrorCodes, NetworkError, TimeoutError } from '../../src/errors';
import { handProvider, startServer, virtualClock, type LocalServer } from './support';

let server: LocalServer;
/** Attempts seen per path, so a path can fail the first time and succeed the next. */
const seen = new Map<string, number>();

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const n = (seen.get(path) ?? 0) + 1;
    seen.set(path, n);
    switch (path) {
      case '/json':
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'X-Mixed-Case': 'yes', 'Set-Cookie': ['a=1', 'b=2'] });
        res.end(JSON.stringify({ Invoices: [{ Total: '10.00' }] }));
        return;
      case '/problem':
        res.writeHead(400, { 'content-type': 'application/problem+json' }).end('{"title":"bad"}');
        return;
      case '/xml':
        res.writeHead(200, { 'content-type': 'application/xml' }).end('<Invoices><Invoice/></Invoices>');
        return;
      case '/empty':
        res.writeHead(204).end();
        return;
      case '/echo': {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body, headers: req.headers }));
        });
        return;
      }
      case '/never':
        return; // headers never sent
      case '/stall-body':
        // Headers and half a body, then nothing: a hung body.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
        res.write('{"Invoices":[{"InvoiceID":"1"},');
        return;
      case '/stall-once':
        if (n === 1) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"partial":');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"complete":true}');
        return;
      case '/cut':
        // Promises 200 bytes, sends 20, closes the connection.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
        res.write('{"Invoices":[{"a":1}');
        setTimeout(() => req.socket.destroy(), 10);
        return;
      case '/reset':
        req.socket.destroy();
        return;
      case '/broken-json':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1,,}');
        return;
      case '/broken-json-500':
        res.writeHead(500, { 'content-type': 'application/json' }).end('<html>Internal error</html>');
        return;
      default:
        res.writeHead(404).end('no');
    }
  });
});
afterAll(() => server.close());

const transport = createAxiosTransport({ provider: 'local' });
const get = (path: string, timeoutMs = 2000, extra: { responseType?: 'json' | 'text'; signal?: AbortSignal } = {}) =>
  transport.send({ method: 'GET', url: `${server.url}${path}`, headers: {}, timeoutMs, ...extra });
const failure = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error('expected a failure');
  },
  (e: unknown) => e,
);

describe('createAxiosTransport: responses', () => {
  it('lower-cases header names, joins repeated headers, parses JSON', async () => {
    const res = await get('/json');
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ Invoices: [{ Total: '10.00' }] });
    expect(res.headers['x-mixed-case']).toBe('yes');
    expect(res.headers['set-cookie']).toBe('a=1, b=2');
    expect(Object.keys(res.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(res.url).toBe(`${server.url}/json`);
  });

  it('returns every status as a response (validateStatus: () => true) and parses +json types', async () => {
    await expect(get('/problem')).resolves.toMatchObject({ status: 400, data: { title: 'bad' } });
    await expect(get('/nothing-here')).resolves.toMatchObject({ status: 404, data: 'no' });
  });

  it('XML comes through as text; responseType text keeps JSON as text; an empty body is ""', async () => {
    await expect(get('/xml')).resolves.toMatchObject({ data: '<Invoices><Invoice/></Invoices>' });
    await expect(get('/json', 2000, { responseType: 'text' })).resolves.toMatchObject({ data: '{"Invoices":[{"Total":"10.00"}]}' });
    await expect(get('/empty')).resolves.toMatchObject({ status: 204, data: '' });
  });

  it('sends method, headers and body as given', async () => {
    const res = await transport.send({
      method: 'POST',
      url: `${server.url}/echo`,
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'v' },
      body: '{"a":1}',
      timeoutMs: 2000,
    });
    expect(res.data).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json', 'x-custom': 'v' } });
  });
});

describe('createAxiosTransport: failures', () => {
  it('a server that never sends headers ends in TimeoutError', async () => {
    const err = await failure(get('/never', 150));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ code: ErrorCodes.TIMEOUT, retryable: true, timeoutMs: 150, provider: 'local' });
  });

  it('a body that stalls half-way ends in TimeoutError (the deadline covers the whole body)', async () => {
    const err = await failure(get('/stall-body', 150));
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toMatch(/within 150 ms/);
  });

  it('a body cut short by the server closing the connection is a NetworkError', async () => {
    const err = await failure(get('/cut', 2000));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: ErrorCodes.NETWORK, retryable: true });
  });

  it('a reset connection is a NetworkError', async () => {
    const err = await failure(get('/reset'));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/ECONNRESET|socket hang up|reset/i);
  });

  it('a refused connection is a NetworkError naming ECONNREFUSED', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const err = await failure(transport.send({ method: 'GET', url: `http://127.0.0.1:${port}/x`, headers: {}, timeoutMs: 2000 }));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('malformed JSON on a success is a retryable NetworkError "truncated or malformed body", never a crash', async () => {
    const err = await failure(get('/broken-json'));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ status: 200, retryable: true });
    expect((err as Error).message).toMatch(/truncated or malformed body/);
  });

  it('an error status with a body that is not the JSON it claims keeps the status and the text', async () => {
    await expect(get('/broken-json-500')).resolves.toMatchObject({ status: 500, data: '<html>Internal error</html>' });
  });

  it("the caller's abort rejects with the caller's reason, not a ledgerlink error", async () => {
    const controller = new AbortController();
    const pending = get('/never', 5000, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 20);
    await expect(pending).rejects.toThrow('shutting down');
  });
});

describe('the pipeline over a stalling server', () => {
  it('a hung body is a TimeoutError, retried, and the next attempt succeeds', async () => {
    seen.delete('/stall-once');
    let calls = 0;
    const request = createRequest({
      provider: handProvider({ api: server.url }),
      limiters: new LimiterRegistry(),
      clock: virtualClock(),
      timeoutMs: 150,
      onApiCall: () => calls++,
    });
    await expect(request({ method: 'GET', url: '/stall-once' })).resolves.toMatchObject({ data: { complete: true } });
    expect(calls).toBe(2);
    expect(seen.get('/stall-once')).toBe(2);
  });
});
