// The Airflow offset pager (offset and limit, total_entries) against servers that lie (issue 13
// "Paging trusts the server"): every case here returned a partial, duplicated or endless list on
// the old pager; each must now be one BadResponse naming the server and what it did.
import { describe, expect, it } from 'vitest';
import { type FetchPage, fetchAllPages, type PagerOptions } from '../../source/airflow/fetchAllPages.js';
import { BadResponse, Timeout } from '../../source/core/errors.js';
import { skippedItemsOf } from '../../source/core/skippedItems.js';

const items = Array.from({ length: 250 }, (_, i) => i);

const options = (extra: Partial<PagerOptions<number>> = {}): PagerOptions<number> => ({
  what: 'List DAGs',
  source: 'Airflow at http://airflow.test',
  noun: 'DAG',
  parse: (raw) =>
    typeof raw === 'number' ? { ok: true, value: raw } : { ok: false, why: `(${JSON.stringify(raw)})` },
  keyOf: String,
  ...extra,
});

/** An honest server that clamps the limit to `clamp`. */
const honest =
  (list: readonly unknown[] = items, clamp = 100, asked?: Array<[number, number]>): FetchPage =>
  async (offset, limit) => {
    asked?.push([offset, limit]);
    return { items: list.slice(offset, offset + Math.min(limit, clamp)), total: list.length };
  };

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('fetchAllPages: honest servers', () => {
  it('pages by what the server returns when it clamps the limit', async () => {
    const asked: Array<[number, number]> = [];
    const all = await fetchAllPages(honest(items, 40, asked), options());
    expect(all).toEqual(items);
    expect(asked[0]).toEqual([0, 100]);
    expect(asked).toHaveLength(7);
  });

  it('stops at max, whatever the total', async () => {
    const all = await fetchAllPages(
      async (offset, limit) => ({ items: items.slice(offset, offset + limit), total: 1_000_000_000 }),
      options({ max: 120 }),
    );
    expect(all).toEqual(items.slice(0, 120));
  });

  it('an empty list is fine', async () => {
    expect(await fetchAllPages(honest([]), options())).toEqual([]);
  });

  it('without a total (cursor mode), reads until a short page', async () => {
    const all = await fetchAllPages(
      async (offset, limit) => ({ items: items.slice(offset, offset + limit), total: null }),
      options(),
    );
    expect(all).toEqual(items);
  });
});

describe('fetchAllPages: lying servers (issue 13)', () => {
  it('total_entries of a billion is refused before a second page is asked for', async () => {
    const asked: Array<[number, number]> = [];
    const error = await refusal(
      fetchAllPages(async (offset, limit) => {
        asked.push([offset, limit]);
        return { items: items.slice(0, limit).map((i) => i + offset), total: 1_000_000_000 };
      }, options()),
    );
    expect(error).toBeInstanceOf(BadResponse);
    expect(error.message).toBe(
      "List DAGs failed: Airflow at http://airflow.test announced 1000000000 DAGs, more than the 200000 dagdeck reads in one list; it may be lying; if the list is really that long, raise the context's --max-list-items",
    );
    expect(asked).toHaveLength(1);
  });

  it('the ceiling is configurable', async () => {
    const error = await refusal(
      fetchAllPages(honest(), options({ limits: { maxItems: 200, deadlineMs: 60_000 } })),
    );
    expect(error.message).toContain('announced 250 DAGs, more than the 200 dagdeck reads');
  });

  it.each([
    [-1, 'announced a total_entries of -1'],
    [0, 'sent 100 DAGs on the first page but announced only 0'],
    [10, 'sent 100 DAGs on the first page but announced only 10'],
    [1.5, 'announced a total_entries of 1.5'],
  ])('total_entries %s is refused', async (total, said) => {
    const error = await refusal(
      fetchAllPages(
        async (offset, limit) => ({ items: items.slice(offset, offset + limit), total }),
        options(),
      ),
    );
    expect(error).toBeInstanceOf(BadResponse);
    expect(error.message).toContain(`Airflow at http://airflow.test ${said}`);
  });

  it('a server that ignores offset is refused, not read 3 times over', async () => {
    const error = await refusal(
      fetchAllPages(async (_offset, limit) => ({ items: items.slice(0, limit), total: 250 }), options()),
    );
    expect(error.message).toContain('ignores the offset: the page at offset 100 repeats DAGs already read');
  });

  it('a short page before the end is refused', async () => {
    const error = await refusal(
      fetchAllPages(async (offset, limit) => {
        const page = items.slice(offset, offset + limit);
        return { items: offset === 100 ? page.slice(0, 50) : page, total: 250 };
      }, options()),
    );
    expect(error.message).toContain(
      'sent a short page at offset 100 (50 of 100 DAGs) before the end of the 250 it announced',
    );
  });

  it('an empty page before the end is refused', async () => {
    const error = await refusal(
      fetchAllPages(
        async (offset, limit) => ({ items: offset === 0 ? items.slice(0, limit) : [], total: 250 }),
        options(),
      ),
    );
    expect(error.message).toContain('sent an empty page at offset 100 although it announced 250 DAGs');
  });

  it('an empty first page of a non-empty total is refused', async () => {
    const error = await refusal(fetchAllPages(async () => ({ items: [], total: 5 }), options()));
    expect(error.message).toContain('announced 5 DAGs but its first page is empty');
  });

  it('a total that changes while reading is read again once, then refused', async () => {
    let calls = 0;
    const error = await refusal(
      fetchAllPages(async (offset, limit) => {
        calls += 1;
        return { items: items.slice(offset, offset + limit), total: 250 + calls };
      }, options()),
    );
    expect(error.message).toContain('changed its total_entries from');
    expect(error.message).toContain('twice in a row');
  });

  it('a total that changed once is read again and then complete', async () => {
    let calls = 0;
    const all = await fetchAllPages(async (offset, limit) => {
      calls += 1;
      return { items: items.slice(offset, offset + limit), total: calls === 2 ? 251 : 250 };
    }, options());
    expect(all).toEqual(items);
  });

  it('the list deadline covers every page: a Timeout naming the list and how far it got', async () => {
    const error = await refusal(
      fetchAllPages(
        (offset, limit, signal) =>
          new Promise((resolve, reject) => {
            const timer = setTimeout(
              () => resolve({ items: items.slice(offset, offset + limit), total: 250 }),
              offset === 0 ? 0 : 10_000,
            );
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(signal.reason);
            });
          }),
        options({ limits: { maxItems: 1000, deadlineMs: 200 } }),
      ),
    );
    expect(error).toBeInstanceOf(Timeout);
    expect(error.message).toBe(
      "List DAGs did not finish within 0.20s (Airflow at http://airflow.test, 1 page read): the server is too slow; try again, narrow the list, or raise the context's --list-timeout",
    );
  });

  it("the caller's own cancellation stays an AbortError", async () => {
    const controller = new AbortController();
    const pending = fetchAllPages(
      (_offset, _limit, signal) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      options({ signal: controller.signal }),
    );
    controller.abort(new DOMException('gone', 'AbortError'));
    const error = await refusal(pending);
    expect(error.name).toBe('AbortError');
  });
});

describe('fetchAllPages: malformed items', () => {
  it('one malformed item is skipped with a note; the rest is complete', async () => {
    const list: unknown[] = [...items];
    list[3] = { dag_id: 42 };
    const all = await fetchAllPages(honest(list), options());
    expect(all).toHaveLength(249);
    expect(skippedItemsOf(all)).toBe(
      'Airflow at http://airflow.test: skipped 1 malformed DAG of 250 (DAG ({"dag_id":42})); the rest is shown',
    );
    // The note is invisible to JSON.
    expect(JSON.stringify(all)).not.toContain('skipped');
  });

  it('a list that is mostly malformed is refused', async () => {
    const list = items.map((i) => (i % 3 === 0 ? { bad: i } : i));
    const error = await refusal(fetchAllPages(honest(list), options()));
    expect(error.message).toContain('sent 84 malformed DAGs out of 250');
  });
});

describe('fetchAllPages: pages as they arrive (issue 14)', () => {
  it('reports every page with the items so far and the announced total; the last report is the whole list', async () => {
    const reports: Array<[number, number | undefined]> = [];
    const all = await fetchAllPages(
      honest(),
      options({ onPage: (pages) => reports.push([pages.items().length, pages.total]) }),
    );
    expect(all).toEqual(items);
    expect(reports[0]).toEqual([100, 250]);
    expect(reports.map(([n]) => n).sort((a, b) => a - b)).toEqual([100, 200, 250]);
  });

  it('a list without a total reports its pages with no total', async () => {
    const reports: Array<number | undefined> = [];
    await fetchAllPages(
      async (offset, limit) => ({ items: items.slice(offset, offset + limit), total: null }),
      options({ onPage: (pages) => reports.push(pages.total) }),
    );
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.every((total) => total === undefined)).toBe(true);
  });

  it('opens more pages at once while the server answers quickly, never more than maxInFlight', async () => {
    const many = Array.from({ length: 5_000 }, (_, i) => i);
    let inFlight = 0;
    let peak = 0;
    const all = await fetchAllPages(
      async (offset, limit) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight -= 1;
        return { items: many.slice(offset, offset + limit), total: many.length };
      },
      options({ maxInFlight: 12 }),
    );
    expect(all).toHaveLength(5_000);
    // Six was the old fixed window.
    expect(peak).toBeGreaterThan(6);
    expect(peak).toBeLessThanOrEqual(12);
  });
});
