// The console session (issue 15: "a console session that owns every store for its lifetime and
// disposes them"): one store per backend and key, and disposal that really stops the polling, the
// request in flight and the lookups, against the simulators.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../source/core/backend.js';
import { createConsoleSession } from '../../source/core/consoleSession.js';
import { createResource } from '../../source/core/resource.js';
import { waitFor } from '../support/wait.js';
import { type StoryHarness, startStoryHarness } from '../ui/screens/support/storyHarness.js';

let h: StoryHarness;
beforeAll(async () => {
  h = await startStoryHarness(3);
});
afterAll(() => h.close());

/** The backend, with every call it receives counted by method name. */
function counted(backend: Backend): { backend: Backend; calls: Map<string, number>; total(): number } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(backend, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { backend: proxy, calls, total: () => [...calls.values()].reduce((a, b) => a + b, 0) };
}

describe('the console session', () => {
  it('makes one store per backend and kind, and none for a backend the context lacks', () => {
    const session = createConsoleSession({ backends: { airflow: h.airflow } });
    expect(session.failingTasks('airflow')).toBe(session.failingTasks('airflow'));
    expect(session.failureReasons('airflow')).toBe(session.failureReasons('airflow'));
    expect(session.runStrips('airflow')).toBe(session.runStrips('airflow'));
    expect(session.failureReasons('airflow')).not.toBe(session.runStrips('airflow'));
    expect(session.failureReasons('databricks')).toBeUndefined();
    expect(Object.keys(session.home.panes)).toEqual(['airflow']);
    // Two sessions share nothing: another context never sees this one's lookups.
    const other = createConsoleSession({ backends: { airflow: h.airflow } });
    expect(other.failingTasks('airflow')).not.toBe(session.failingTasks('airflow'));
    session.dispose();
    other.dispose();
  });

  it('has no failing-tasks store for a kind whose list does not show failing tasks', () => {
    const session = createConsoleSession({ backends: { airflow: h.airflow, databricks: h.databricks } });
    expect(session.failingTasks('airflow')).toBeDefined();
    expect(session.failingTasks('databricks')).toBeUndefined();
    expect(session.runStrips('databricks')).toBeDefined();
    session.dispose();
  });

  it('dispose stops the polling of the lists: no request after it', async () => {
    const airflow = counted(h.airflow);
    const session = createConsoleSession({
      backends: { airflow: airflow.backend },
      timing: { activeIntervalMs: 10, idleIntervalMs: 10 },
    });
    const stop = session.home.panes.airflow?.recentRuns.subscribe(() => {});
    // Polling: the recent runs are read again and again.
    await waitFor(() => expect(airflow.calls.get('listRecentRuns') ?? 0).toBeGreaterThanOrEqual(3));
    session.dispose();
    const after = airflow.total();
    // A later poll would be due within 10 ms: wait for several such periods' worth of the
    // resource's own timer by refreshing a bystander resource on the same clock.
    const ticks = createResource({ fetch: async () => Date.now(), idleIntervalMs: 10 });
    let seen = 0;
    const untick = ticks.subscribe(() => {
      seen += 1;
    });
    await waitFor(() => expect(seen).toBeGreaterThanOrEqual(10));
    untick();
    ticks.dispose();
    expect(airflow.total()).toBe(after);
    stop?.();
  });

  it('dispose aborts the request in flight and the per-row lookups', async () => {
    const signals: AbortSignal[] = [];
    const hanging: Backend = {
      ...h.airflow,
      kind: 'airflow',
      capabilities: h.airflow.capabilities,
      listWorkflows: (_options, signal) => {
        if (signal) signals.push(signal);
        return new Promise(() => {});
      },
      findFailureReason: (_ref, signal) => {
        if (signal) signals.push(signal);
        return new Promise(() => {});
      },
    };
    const session = createConsoleSession({ backends: { airflow: hanging } });
    session.home.panes.airflow?.workflows.subscribe(() => {});
    session
      .failureReasons('airflow')
      ?.want([{ backend: 'airflow', workflowId: 'dag', runId: 'run', taskId: 'task' }]);
    await waitFor(() => expect(signals).toHaveLength(2));
    expect(signals.some((signal) => signal.aborted)).toBe(false);
    session.dispose();
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('owns the review: one per session, and disposing the session stops it', async () => {
    const backends = { airflow: h.airflow };
    const session = createConsoleSession({ backends });
    const other = createConsoleSession({ backends });
    expect(session.review).not.toBe(other.review);
    other.dispose();
    session.dispose();
    await session.review.resource.refresh();
    expect(session.review.latest()).toBeUndefined();
    expect(session.review.resource.getSnapshot()).toMatchObject({ data: undefined, loading: false });
  });

  it('keeps what a closed screen query showed for the next one of that key, and disposes open ones', async () => {
    const session = createConsoleSession({ backends: { airflow: h.airflow } });
    let reads = 0;
    const make = () =>
      createResource({
        fetch: async () => {
          reads += 1;
          return `read ${reads}`;
        },
      });
    const first = session.queries.open('runs:x', make);
    await first.refresh();
    session.queries.close('runs:x', first);
    const second = session.queries.open('runs:x', make);
    // Shown at once, from the first query, before the second reads anything.
    expect(second.getSnapshot().data).toBe('read 1');
    const listener = vi.fn();
    second.subscribe(listener);
    session.dispose();
    const calls = listener.mock.calls.length;
    await second.refresh();
    expect(listener.mock.calls.length).toBe(calls);
    expect(second.getSnapshot().data).toBe('read 1');
  });

  it('disposes what a route scope owns when the route leaves the stack, and every scope on dispose', () => {
    const session = createConsoleSession({ backends: {} });
    const owned = { dispose: vi.fn() };
    const kept = { dispose: vi.fn() };
    session.routes.scope('1:log').own('panes', () => owned);
    session.routes.scope('0:home').own('panes', () => kept);
    expect(session.routes.scope('1:log').own('panes', () => ({ dispose() {} }))).toBe(owned);
    session.routes.keep(new Set(['0:home']));
    expect(owned.dispose).toHaveBeenCalledOnce();
    expect(kept.dispose).not.toHaveBeenCalled();
    session.dispose();
    expect(kept.dispose).toHaveBeenCalledOnce();
  });

  it('the list status follows the lists without keeping them polled', async () => {
    const airflow = counted(h.airflow);
    const session = createConsoleSession({ backends: { airflow: airflow.backend } });
    const seen = vi.fn();
    session.status.subscribe(seen);
    expect(session.status.getSnapshot().airflow?.updatedAt).toBeUndefined();
    // Watching the status asks the server nothing.
    expect(airflow.total()).toBe(0);
    await session.home.panes.airflow?.recentRuns.refresh();
    await session.home.panes.airflow?.workflows.refresh();
    expect(session.status.getSnapshot().airflow?.updatedAt).toEqual(expect.any(Number));
    expect(seen).toHaveBeenCalled();
    session.dispose();
  });
});
