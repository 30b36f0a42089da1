/**
 * Detects the local PostgreSQL and Redis servers some tests need. When one is absent the test says so clearly and
 * skips — unless `LEDGERLINK_REQUIRE_SERVICES=1` (set by `.ci/run`), where an absent service fails the run instead of
 * silently skipping the tests that need it.
 */
import net from 'node:net';

function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Connection settings of the local services (overridable by environment variables). */
export const services = {
  postgres: {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    database: process.env.PGDATABASE ?? 'test',
  },
  redis: { host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) },
};

async function check(name: string, host: string, port: number): Promise<boolean> {
  const ok = await reachable(host, port);
  if (!ok) {
    const msg = `${name} is not reachable at ${host}:${port}: the tests that need it are skipped. Start ${name} (see .ci/services.sh) to run them.`;
    if (process.env.LEDGERLINK_REQUIRE_SERVICES === '1') throw new Error(`${msg} (LEDGERLINK_REQUIRE_SERVICES=1, so this is a failure)`);
    console.warn(`[ledgerlink tests] ${msg}`);
  }
  return ok;
}

/** True when PostgreSQL is reachable (prints a clear note when not). Use with `describe.skipIf(!(await hasPostgres()))`. */
export function hasPostgres(): Promise<boolean> {
  return check('PostgreSQL', services.postgres.host, services.postgres.port);
}

/** True when Redis is reachable (prints a clear note when not). */
export function hasRedis(): Promise<boolean> {
  return check('Redis', services.redis.host, services.redis.port);
}
