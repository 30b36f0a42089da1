/** The fault proxy: which requests its rules pick, and what each fault looks like to a client. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultProxy } from '../../src/testing/fault-proxy';

let upstream: Server;
let target: string;
const seen: string[] = [];
const forwardedHosts: Array<string | undefined> = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    forwardedHosts.push(req.headers['x-forwarded-host'] as string | undefined);
    const body = JSON.stringify({ items: [{ id: 1, amount: '10.50' }, { id: 2, amount: '3.25' }], path: req.url });
    res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' }).end(body);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  await new Promise<void>((r) => upstream.close(() => r()));
});

describe('createFaultProxy', () => {
  it('forwards unpicked requests unchanged and keeps the target path in its url', async () => {
    const proxy = await createFaultProxy({ target });
    try {
      expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      const res = await fetch(`${proxy.url}/things?page=2`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-upstream')).toBe('yes');
      expect(await res.json()).toMatchObject({ path: '/api/v1/things?page=2' });
      expect(proxy.log).toEqual([{ n: 1, method: 'GET', path: '/api/v1/things?page=2', status: 200 }]);
    } finally {
      await proxy.close();
    }
  });

  it('tells the target the host the client addressed (X-Forwarded-Host), for APIs that answer with absolute URLs', async () => {
    const proxy = await createFaultProxy({ target });
    try {
      forwardedHosts.length = 0;
      await (await fetch(`${proxy.url}/things`)).text();
      expect(forwardedHosts).toEqual([new URL(proxy.url).host]);
    } finally {
      await proxy.close();
    }
  });

  it('fires `every` n-th matching request, `at` given numbers, at most `times`, only on matching paths and methods', async () => {
    const proxy = await createFaultProxy({
      target,
      rules: [
        { fault: 'status', status: 429, headers: { 'retry-after': '1' }, path: /\/a/, every: 2, times: 2 },
        { fault: 'status', status: 503, method: 'POST', at: [1] },
      ],
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${proxy.url}/a`)).status);
      expect(statuses).toEqual([200, 429, 200, 429, 200, 200, 200]);
      expect((await fetch(`${proxy.url}/b`, { method: 'POST', body: 'x' })).status).toBe(503);
      expect((await fetch(`${proxy.url}/b`, { method: 'POST', body: 'x' })).status).toBe(200);
      expect(proxy.faults()).toEqual({ status: 3 });
      const throttled = await createFaultProxy({ target, rules: [{ fault: 'status', status: 429, headers: { 'retry-after': '7' } }] });
      try {
        const res = await fetch(`${throttled.url}/x`);
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe('7');
      } finally {
        await throttled.close();
      }
    } finally {
      await proxy.close();
    }
  });

  it('resets, truncates, corrupts and rewrites', async () => {
    const proxy = await createFaultProxy({
      target,
      rules: [
        { fault: 'reset', path: /reset/ },
        { fault: 'truncate', path: /truncate/ },
        { fault: 'malformed', path: /malformed/ },
        { fault: 'rewrite', path: /rewrite/, rewrite: (body) => ({ ...(body as object), rewritten: true }) },
      ],
    });
    try {
      await expect(fetch(`${proxy.url}/reset`)).rejects.toThrow();
      const truncated = await fetch(`${proxy.url}/truncate`);
      expect(truncated.status).toBe(200);
      await expect(truncated.text()).rejects.toThrow(); // the body ends before Content-Length
      const malformed = await fetch(`${proxy.url}/malformed`);
      expect(malformed.status).toBe(200);
      await expect(malformed.json()).rejects.toThrow(SyntaxError);
      expect(await (await fetch(`${proxy.url}/rewrite`)).json()).toMatchObject({ rewritten: true, items: [{ id: 1 }, { id: 2 }] });
    } finally {
      await proxy.close();
    }
  });

  it('lose-response: the upstream receives the request, the client gets no answer', async () => {
    const proxy = await createFaultProxy({ target, rules: [{ fault: 'lose-response', method: 'POST' }] });
    try {
      const before = seen.length;
      await expect(fetch(`${proxy.url}/create`, { method: 'POST', body: '{}' })).rejects.toThrow();
      expect(seen.slice(before)).toEqual(['POST /api/v1/create']);
      expect(proxy.faults()).toEqual({ 'lose-response': 1 });
    } finally {
      await proxy.close();
    }
  });

  it('hangs until the client gives up, and close() ends hung connections', async () => {
    const proxy = await createFaultProxy({ target, rules: [{ fault: 'hang' }] });
    const started = Date.now();
    await expect(fetch(`${proxy.url}/slow`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    const pending = fetch(`${proxy.url}/slow`).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 50));
    await proxy.close();
    expect(await pending).toBe('dropped');
  });

  it('rejects bad rules before listening', async () => {
    await expect(createFaultProxy({ target, rules: [{ fault: 'status', every: 0 }] })).rejects.toThrow(RangeError);
    await expect(createFaultProxy({ target, rules: [{ fault: 'rewrite' }] })).rejects.toThrow(TypeError);
    await expect(createFaultProxy({ target: 'https://example.com' })).rejects.toThrow(/only http/);
  });
});
