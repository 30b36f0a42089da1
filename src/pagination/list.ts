/**
 * `ListResult`: what `connection.<type>.list()` returns — awaitable for the first page, async-iterable for every
 * record, with explicit page access.
 * @module
 */
import type { PageCursor } from './cursor';

/** One page as list consumers see it. */
export interface ListPage<T, C = PageCursor> {
  records: T[];
  /** Resume point after this page; `null` when it was the last. */
  cursor: C | null;
}

/**
 * A lazy list. Nothing is requested until it is used, and every use starts its own page walk:
 *
 * - `await list` → the records of the **first page** only (cheap previews; the walk stops after one request);
 * - `for await (const record of list)` → every record, streamed page by page: one page is held at a time and the next
 *   is requested only once the current one is consumed, so memory stays constant however long the list is; breaking
 *   out of the loop stops the requests;
 * - `list.pages(cursor?)` → `{ records, cursor }` per page, to checkpoint and resume;
 * - `list.toArray()` → every record in one array. This loads the whole list into memory: prefer `for await` for
 *   large lists.
 *
 * Because it is a thenable, returning a `ListResult` from an `async` function awaits it (first page): return it from
 * a plain function, or wrap it, to hand the iterable on.
 *
 * @example
 * ```ts
 * const firstPage = await connection.invoices.list();
 * for await (const invoice of connection.invoices.list({ modifiedSince })) process(invoice);
 * for await (const { records, cursor } of connection.invoices.list().pages(savedCursor)) await save(records, cursor);
 * ```
 */
export interface ListResult<T, C = PageCursor> extends PromiseLike<T[]>, AsyncIterable<T> {
  /** Resolves to the first page's records (see the interface docs). Repeated awaits share the one request. */
  then<R1 = T[], R2 = never>(
    onfulfilled?: ((records: T[]) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2>;
  /** `Promise.prototype.catch` on the first page. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T[] | R>;
  /** `Promise.prototype.finally` on the first page. */
  finally(onfinally?: (() => void) | null): Promise<T[]>;
  /** Every record, page by page, one page in memory at a time. */
  [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined>;
  /** Every page with its resume cursor, starting after `cursor` when given (`null`/omitted: the first page). */
  pages(cursor?: C | null): AsyncGenerator<ListPage<T, C>, void, undefined>;
  /** Every record in one array. Loads the whole list into memory. */
  toArray(): Promise<T[]>;
}

/**
 * Builds a {@link ListResult} over a page source. `pages(cursor)` must start a fresh, lazy walk on every call (an async
 * generator function such as one wrapping `paginate` is exactly that).
 *
 * @example
 * ```ts
 * const list = createListResult((cursor) => mapPages(paginate(spec, { request, base, cursor })));
 * ```
 */
export function createListResult<T, C = PageCursor>(
  pages: (cursor?: C | null) => AsyncIterable<ListPage<T, C>>,
): ListResult<T, C> {
  let firstPage: Promise<T[]> | undefined;
  const first = (): Promise<T[]> =>
    (firstPage ??= (async () => {
      const iterator = pages()[Symbol.asyncIterator]();
      let done = false;
      try {
        const result = await iterator.next();
        done = result.done === true;
        return result.done ? [] : result.value.records;
      } finally {
        // Close the walk so a generator source releases what it holds and requests nothing more.
        if (!done) await iterator.return?.();
      }
    })());

  async function* walkPages(cursor?: C | null): AsyncGenerator<ListPage<T, C>, void, undefined> {
    for await (const page of pages(cursor)) yield { records: page.records, cursor: page.cursor };
  }

  async function* walkRecords(): AsyncGenerator<T, void, undefined> {
    for await (const page of pages()) {
      for (const record of page.records) yield record;
    }
  }

  return {
    then: (onfulfilled, onrejected) => first().then(onfulfilled, onrejected),
    catch: (onrejected) => first().catch(onrejected),
    finally: (onfinally) => first().finally(onfinally),
    [Symbol.asyncIterator]: walkRecords,
    pages: walkPages,
    toArray: async () => {
      const all: T[] = [];
      for await (const page of pages()) {
        for (const record of page.records) all.push(record);
      }
      return all;
    },
  };
}
