import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      model: 'src/model/index.ts',
      testing: 'src/testing/index.ts',
      'providers/xero': 'providers/xero/index.ts',
      'providers/quickbooks': 'providers/quickbooks/index.ts',
      'providers/freeagent': 'providers/freeagent/index.ts',
      'providers/sage': 'providers/sage/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    external: ['zod', 'ioredis', 'pg'],
  },
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    external: ['zod', 'ioredis', 'pg'],
  },
]);
