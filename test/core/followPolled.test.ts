// The one follow loop (source/core/followPolled.ts): a pass that fails because the server is away
// is reported once per failure on a batch and retried from the same cursor, so nothing is lost or
// repeated; other failures end the follow; without following nothing is retried; waits grow while
// nothing comes and after failures, a rate limit's Retry-After is honoured, abort ends it at once.
import { describe, expect, it } from 'vitest';
import { InvalidRequest, NotFound, RateLimited, Unavailable } from '../../source/core/errors.js';
import { followPolled, type LogPass } from '../../source/core/followPolled.js';
import type { LogBatch, LogCursor } from '../../source/core/model.js';

/** A pass script: each call consumes the next step (an error, or how many new lines). */
function scripted(steps: (number | Error | 'done')[]) {
  const calls: LogCursor[] = [];
  const pass: LogPass = async function* (cursor) {
    calls.push(cursor);
    const step = steps.shift() ?? 'done';
    if (step instanceof Error) throw step;
    if (step === 'done') return { cursor, state: 'success', done: true };
    const lines = Array.from({ length: step }, (_, i) => ({ text: `line ${cursor.position + i}` }));
    const next = { ...cursor, position: cursor.position + step };
    if (step > 0) yield { lines, cursor: next, state: 'running' };
    return { cursor: next, state: 'running', done: false };
  };
  return { pass, calls };
}

async function run(pass: LogPass, options: Parameters<typeof followPolled>[2] = {}) {
  const waits: number[] = [];
  const batches: LogBatch[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  for await (const batch of followPolled({ tryNumber: 1, position: 0 }, pass, {
    pollMs: 100,
    sleep,
    ...options,
  }))
    batches.push(batch);
  return { batches, waits };
}

describe('followPolled', () => {
  it('retries a server that is away from the same cursor, reporting each failure once', async () => {
    const { pass, calls } = scripted([2, new Unavailable('down'), new Unavailable('still down'), 3, 'done']);
    const { batches, waits } = await run(pass);
    expect(batches.flatMap((b) => b.lines.map((l) => l.text))).toEqual([
      'line 0',
      'line 1',
      'line 2',
      'line 3',
      'line 4',
    ]);
    expect(batches.filter((b) => b.retrying).map((b) => b.retrying?.message)).toEqual(['down', 'still down']);
    expect(calls.map((c) => c.position)).toEqual([0, 2, 2, 2, 5]);
    // Backoff after failures doubles; after lines the wait is the poll interval again.
    expect(waits).toEqual([100, 200, 400, 100]);
    expect(batches.at(-1)).toMatchObject({ done: true, state: 'success', lines: [] });
  });

  it('ends on a refusal retrying cannot fix, and never retries without follow', async () => {
    await expect(run(scripted([1, new NotFound('no such task')]).pass)).rejects.toThrow('no such task');
    await expect(run(scripted([new InvalidRequest('bad')]).pass)).rejects.toThrow('bad');
    await expect(run(scripted([new Unavailable('down')]).pass, { follow: false })).rejects.toThrow('down');
    const once = await run(scripted([4, 4]).pass, { follow: false });
    expect(once.batches.map((b) => [b.lines.length, b.done])).toEqual([
      [4, false],
      [0, false],
    ]);
  });

  it('waits longer while nothing comes (up to five polls), and the Retry-After of a rate limit', async () => {
    const { pass } = scripted([
      0,
      0,
      0,
      0,
      0,
      0,
      new RateLimited('slow down', { retryAfterMs: 7000 }),
      1,
      'done',
    ]);
    const { waits } = await run(pass);
    expect(waits).toEqual([150, 225, 337.5, 500, 500, 500, 7000, 100]);
  });

  it('stops at once when aborted, and when the consumer stops reading', async () => {
    const controller = new AbortController();
    const seen: LogBatch[] = [];
    for await (const batch of followPolled({ tryNumber: 1, position: 0 }, scripted([1, 1, 1, 1]).pass, {
      pollMs: 1,
      signal: controller.signal,
    })) {
      seen.push(batch);
      controller.abort();
    }
    expect(seen).toHaveLength(1);
    let finished = false;
    const pass: LogPass = async function* (cursor) {
      try {
        yield { lines: [{ text: 'x' }], cursor };
        yield { lines: [{ text: 'y' }], cursor };
      } finally {
        finished = true;
      }
      return { cursor, done: true };
    };
    for await (const _batch of followPolled({ tryNumber: 1, position: 0 }, pass)) break;
    expect(finished).toBe(true);
  });
});
