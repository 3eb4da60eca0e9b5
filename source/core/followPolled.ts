// The one follow loop every backend's followLog runs on. An adapter supplies `read`: one pass over
// what is new since a cursor (it may yield lines while a long body streams in). This loop repeats
// it while the task runs, waits between passes (longer while nothing comes, and never less than
// twice what the server took to answer the last one, so re-reading a huge log does not hammer it), and rides
// out a server that stops answering: the error is reported on a batch and the pass is retried
// from the last cursor, so no line is lost or delivered twice.
import { type DagdeckError, isAbortError, RateLimited, Timeout, Unavailable } from './errors.js';
import type { FollowLogOptions, LogBatch, LogCursor, LogLine, State } from './model.js';

/** Lines a pass delivered so far, with the cursor right after them. */
export interface LogStep {
  lines: LogLine[];
  cursor: LogCursor;
  state?: State;
  missed?: boolean;
}

/** How a pass ended. */
export interface LogPassEnd {
  cursor: LogCursor;
  state?: State;
  /** The followed log will not grow any more: nothing is left to read. */
  done: boolean;
}

export type LogPass = (cursor: LogCursor, signal: AbortSignal) => AsyncGenerator<LogStep, LogPassEnd>;

export interface FollowTiming {
  /** Injectable for tests: waits `ms`, rejecting when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

const DEFAULT_POLL_MS = 1_000;
const MAX_IDLE_POLL_MS = 5_000;
const MAX_RETRY_MS = 30_000;

/** Failures a later pass can get past: the server down, restarting, slow or rate-limiting. */
export function isTransient(error: unknown): error is DagdeckError {
  return error instanceof Unavailable || error instanceof Timeout || error instanceof RateLimited;
}

export async function* followPolled(
  start: LogCursor,
  read: LogPass,
  options: FollowLogOptions & FollowTiming = {},
): AsyncGenerator<LogBatch> {
  const follow = options.follow ?? true;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const maxIdleMs = Math.min(MAX_IDLE_POLL_MS, pollMs * 5);
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  // One controller for the whole follow: the caller's signal, or the consumer leaving the loop
  // (return() runs the finally below), aborts whatever request is in flight.
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  const { signal } = controller;

  let cursor = start;
  let state: State | undefined;
  let failures = 0;
  let idleMs = pollMs;
  try {
    for (;;) {
      // Time spent waiting for the server, not for our own consumer between batches.
      let reading = 0;
      let delivered = 0;
      let end: LogPassEnd;
      const pass = read(cursor, signal);
      try {
        for (;;) {
          const asked = now();
          const next = await pass.next();
          reading += now() - asked;
          if (next.done) {
            end = next.value;
            break;
          }
          cursor = next.value.cursor;
          state = next.value.state ?? state;
          delivered += next.value.lines.length;
          yield {
            lines: next.value.lines,
            cursor,
            done: false,
            ...(state ? { state } : {}),
            ...(next.value.missed ? { missed: true } : {}),
          };
        }
      } catch (error) {
        if (signal.aborted || isAbortError(error)) return;
        if (!follow || !isTransient(error)) throw error;
        failures += 1;
        yield { lines: [], cursor, done: false, retrying: error, ...(state ? { state } : {}) };
        const wait =
          error instanceof RateLimited && error.retryAfterMs !== undefined
            ? error.retryAfterMs
            : Math.min(MAX_RETRY_MS, pollMs * 2 ** Math.min(failures, 5));
        if (!(await sleepUnlessAborted(sleep, wait, signal))) return;
        continue;
      } finally {
        await pass.return?.(undefined as never);
      }
      const wasFailing = failures > 0;
      failures = 0;
      cursor = end.cursor;
      const changed = end.state !== undefined && end.state !== state;
      state = end.state ?? state;
      if (end.done || !follow) {
        yield { lines: [], cursor, done: end.done, ...(state ? { state } : {}) };
        return;
      }
      // A pass that only confirmed "nothing new" is worth a batch only when it says something new.
      if (changed || wasFailing) yield { lines: [], cursor, done: false, ...(state ? { state } : {}) };
      idleMs = delivered > 0 ? pollMs : Math.min(maxIdleMs, idleMs * 1.5);
      const wait = Math.max(idleMs, 2 * reading);
      if (!(await sleepUnlessAborted(sleep, wait, signal))) return;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}

async function sleepUnlessAborted(
  sleep: NonNullable<FollowTiming['sleep']>,
  ms: number,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    await sleep(ms, signal);
    return !signal.aborted;
  } catch (error) {
    if (signal.aborted || isAbortError(error)) return false;
    throw error;
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
