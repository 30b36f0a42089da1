/**
 * Child process for kill-process.test.ts: syncs a fake source into an NDJSON directory with a file checkpoint store,
 * slowly, printing `ack <n>` after each acknowledged batch. The parent kills it with SIGKILL at arbitrary moments.
 * Usage: node --import tsx test/sync/kill-child.ts <dir>
 */
import { join } from 'node:path';
import { FileCheckpointStore } from '../../src/sync/file-checkpoint-store';
import { ndjsonSink } from '../../src/sync/sinks';
import { sync } from '../../src/sync/sync';
import type { SyncSource } from '../../src/sync/types';
import { FakeSource } from './fake-source';
import { killTestData, KILL_TEST_PAGE_SIZE } from './kill-data';

const dir = process.argv[2];
if (!dir) throw new Error('usage: kill-child.ts <dir>');

const inner = new FakeSource({ data: killTestData(), pageSize: KILL_TEST_PAGE_SIZE });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Slow the reads down so the parent's kill can land anywhere: mid-read, mid-write, mid-checkpoint.
const source: SyncSource = {
  provider: inner.provider,
  connectionId: inner.connectionId,
  supports: (t) => inner.supports(t),
  incrementalMode: (t) => inner.incrementalMode(t),
  apiCalls: () => inner.apiCalls(),
  async *readPages(dataType, options) {
    for await (const page of inner.readPages(dataType, options)) {
      await sleep(3);
      yield page;
    }
  },
};

const out = ndjsonSink(join(dir, 'out'));
let acks = 0;
const result = await sync(source, {
  sink: {
    async write(batch) {
      await out.write(batch);
      process.stdout.write(`ack ${++acks}\n`);
    },
  },
  checkpointStore: new FileCheckpointStore(join(dir, 'state')),
});
process.stdout.write(`done ${result.status}\n`);
