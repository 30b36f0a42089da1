/**
 * Every TypeScript snippet in README.md compiles against the current API: the blocks are joined in order into one
 * module (later blocks use what earlier ones declared), the names a snippet leaves to the reader are declared in a
 * prelude, and `ledgerlink/*` imports resolve to the sources. A README example that drifts from the API fails here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const DIR = join(ROOT, '.tmp', 'readme-check');

/** Names the README uses without defining them (values the reader's own app provides). */
const PRELUDE = `
declare const callbackUrl: string;
declare const chosenTenantId: string;
declare const connectionId: string;
declare const billId: string;
declare const customerId: string;
declare const orderId: string;
declare const rawBody: Buffer;
declare const headers: Record<string, string | string[] | undefined>;
export {};
`;

describe('README', () => {
  it('has TypeScript snippets, and they all compile', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const imports: string[] = [];
    const bodies: string[] = [];
    for (const block of blocks) {
      for (const line of block.split('\n')) (/^import .* from '[^']+';$/.test(line) ? imports : bodies).push(line);
    }
    mkdirSync(DIR, { recursive: true });
    writeFileSync(join(DIR, 'snippets.ts'), `${[...new Set(imports)].join('\n')}\n${PRELUDE}\n${bodies.join('\n')}\n`);
    writeFileSync(
      join(DIR, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.json',
        compilerOptions: {
          noEmit: true,
          noUnusedLocals: false,
          baseUrl: '.',
          paths: {
            ledgerlink: ['../../src/index.ts'],
            'ledgerlink/model': ['../../src/model/index.ts'],
            'ledgerlink/testing': ['../../src/testing/index.ts'],
            'ledgerlink/providers/*': ['../../providers/*/index.ts'],
          },
        },
        include: ['snippets.ts'],
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(DIR, 'tsconfig.json')], { encoding: 'utf8' });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe('');
  }, 120_000);
});
