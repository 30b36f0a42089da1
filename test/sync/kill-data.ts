/** The dataset of the process-kill test (shared by the test and its child process). */
import type { DataType } from '../../src/model/data-types';
import { del, many, type FakeEntry } from './fake-source';

export const KILL_TEST_PAGE_SIZE = 5;

export function killTestData(): Partial<Record<DataType, FakeEntry[]>> {
  return {
    accounts: many('acc', 12),
    customers: many('cus', 60),
    invoices: [...many('inv', 40), del('inv-del-1', '2024-01-02T00:00:00.000Z'), del('inv-del-2', '2024-01-02T00:00:00.000Z')],
  };
}
