// The streaming reader of Airflow 3's log body (the whole log in
// `content`, the continuation token after it): every split of the body gives the same items.
import { describe, expect, it } from 'vitest';
import { JsonArrayScanner } from '../../source/airflow/jsonArrayScanner.js';

function scan(
  text: string,
  splits: number[],
): { items: unknown[]; values: Record<string, unknown>; complete: boolean } {
  const scanner = new JsonArrayScanner('content');
  const bytes = Buffer.from(text);
  const items: unknown[] = [];
  let from = 0;
  for (const at of [...splits, bytes.length]) {
    for (const item of scanner.push(bytes.subarray(from, at))) items.push(JSON.parse(item.toString('utf8')));
    from = at;
  }
  const values = Object.fromEntries([...scanner.values()].map(([k, v]) => [k, JSON.parse(v)]));
  return { items, values, complete: scanner.complete };
}

describe('JsonArrayScanner', () => {
  const body = {
    content: [
      { event: '::group::Log message source details', sources: ['/a "quoted" \\ path'] },
      { event: '::endgroup::' },
      { event: 'brace } and bracket ] in "text" \\\\', level: 'info', nested: { a: [1, { b: '}' }] } },
      'a plain string item with \\" escapes',
      42,
      null,
      { event: 'ünïcödé ✓ 😀', timestamp: '2026-01-01T00:00:00Z' },
    ],
    continuation_token: 'eyJlbmRfb2ZfbG9nIjpmYWxzZSwibG9nX3BvcyI6M30',
    extra: { x: [1, 2] },
  };
  const text = JSON.stringify(body, null, 1);

  it('yields each item and the other top-level values, for every split of the body', () => {
    const bytes = Buffer.byteLength(text);
    for (let at = 0; at <= bytes; at++) {
      const result = scan(text, [at]);
      expect(result.items, `split at ${at}`).toEqual(body.content);
      expect(result.values).toEqual({ continuation_token: body.continuation_token, extra: body.extra });
      expect(result.complete).toBe(true);
    }
  });

  it('handles a token before the array, null tokens and byte-by-byte input', () => {
    const reordered = JSON.stringify({ continuation_token: null, content: body.content });
    const bytes = Buffer.byteLength(reordered);
    const result = scan(
      reordered,
      Array.from({ length: bytes }, (_, i) => i),
    );
    expect(result.items).toEqual(body.content);
    expect(result.values).toEqual({ continuation_token: null });
  });

  it('is not complete when the body is cut short', () => {
    const cut = text.slice(0, text.length - 20);
    expect(scan(cut, []).complete).toBe(false);
  });
});
