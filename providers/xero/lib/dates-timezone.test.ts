/**
 * Xero date mapping must not depend on the host's timezone: the same inputs are parsed in child processes running
 * under several `TZ` values, and every result must be identical (while a host-local computation visibly differs, which
 * proves the zone really changed).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('../fixtures/tz-probe.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));

async function run(tz: string) {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe], { cwd: root, env: { ...process.env, TZ: tz }, timeout: 30_000 });
  return JSON.parse(stdout) as { zone: string; naiveLocalDay: number; dates: Array<{ date: string; instant: string }> };
}

describe('Xero dates under several host timezones', () => {
  it('parse identically in UTC, Pacific/Kiritimati (+14), America/Los_Angeles and Asia/Tokyo', async () => {
    const zones = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Tokyo'];
    const results = await Promise.all(zones.map(run));
    expect(results.map((r) => r.zone)).toEqual(zones);
    // The naive host-local day really differs between +14 and -7/-8: the zone took effect in the children.
    expect(new Set(results.map((r) => r.naiveLocalDay)).size).toBeGreaterThan(1);
    for (const r of results) expect(r.dates).toEqual(results[0]!.dates);
    expect(results[0]!.dates.map((d) => d.date)).toEqual(['2018-10-20', '2018-10-19', '2018-10-20', '2026-04-24', '2024-03-31', '2026-04-16']);
  });
});
