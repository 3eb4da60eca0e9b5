// Airflow clamps `limit` to `[api] maximum_page_limit` (default 100) silently, so every list is
// paged with offset until total_entries (reference airflow-api.md §1.10). The first page gives the
// total; the rest are requested together and the shared http client limits them per host.

export interface Page<T> {
  items: T[];
  total: number;
}

export const PAGE_SIZE = 100;

export async function fetchAllPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
  options: { pageSize?: number; max?: number } = {},
): Promise<T[]> {
  const requested = options.pageSize ?? PAGE_SIZE;
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const first = await fetchPage(0, Math.min(requested, max));
  const wanted = Math.min(first.total, max);
  if (first.items.length >= wanted || first.items.length === 0) return first.items.slice(0, wanted);
  // A server with a lower maximum_page_limit answers with fewer items than asked: page by that size.
  const size = first.items.length;
  const offsets: number[] = [];
  for (let offset = size; offset < wanted; offset += size) offsets.push(offset);
  const rest = await Promise.all(offsets.map((offset) => fetchPage(offset, Math.min(size, wanted - offset))));
  return [...first.items, ...rest.flatMap((page) => page.items)].slice(0, wanted);
}
