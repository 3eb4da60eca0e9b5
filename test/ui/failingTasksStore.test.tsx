// The "failing" column of the DAG rows (issue 5: "DAG rows: ... last run time, failing tasks")
// against the real Airflow simulator: the seed story's failed fintech_eod_risk run names
// risk_modelling.run_risk_models (source/sim/airflow/seedAirflow.ts, failLatest). The lookups are
// counted through a wrapping Backend: only visible rows whose latest run failed are asked, each
// run once, never more than three at a time.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import { createFailingTasksStore, failingTasksKey } from '../../source/core/failingTasks.js';
import { RECENT_RUNS_LIMIT } from '../../source/core/homeResources.js';
import { MAX_IN_FLIGHT } from '../../source/core/lookupStore.js';
import type { Run, TaskInstance } from '../../source/core/model.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createHttpClient } from '../../source/http/client.js';
import { type AirflowSim, startAirflowSim } from '../../source/sim/airflow/server.js';
import { createSimClock } from '../../source/sim/clock.js';
import { formatFailingTasks } from '../../source/ui/formatFailingTasks.js';
import { SIM_NOW, startAirflowScenario } from '../support/airflowScenario.js';
import { KEY, press } from '../support/ink.js';
import { waitFor } from '../support/wait.js';
import { renderConsole, session, startDatabricks } from './support/renderConsole.js';
import { fakeLookupClock, rowLookupsAsked } from './support/rowLookupsAsked.js';

// Enough DAGs that asking for each failed one would be obvious, few enough to list in a second.
const GENERATED_DAGS = 2_000;

let sim: AirflowSim;
let airflow: Backend;

beforeAll(async () => {
  const clock = createSimClock({ speed: 0, start: Date.UTC(2026, 10, 20, 12, 0, 0) });
  sim = await startAirflowSim({ flavour: 3, clock, seed: 7, dags: GENERATED_DAGS });
  airflow = createAirflowBackend({
    baseUrl: sim.url,
    http: createHttpClient(),
    auth: { kind: 'password', username: sim.username, password: staticSecret(sim.password, 'test') },
  });
});
afterAll(async () => {
  await sim.close();
});

interface Counted {
  backend: Backend;
  calls: { dagId: string; runId: string }[];
  maxInFlight: () => number;
}

/** The simulator-backed backend with listTasks counted (and optionally failing for some DAGs). */
function counting(failFor: ReadonlySet<string> = new Set()): Counted {
  const calls: Counted['calls'] = [];
  let inFlight = 0;
  let max = 0;
  const backend: Backend = Object.create(airflow);
  backend.listTasks = async (dagId: string, runId: string, signal?: AbortSignal): Promise<TaskInstance[]> => {
    calls.push({ dagId, runId });
    inFlight += 1;
    max = Math.max(max, inFlight);
    try {
      if (failFor.has(dagId)) {
        // A real failure from the simulator: a DAG id it does not know answers 404.
        return await airflow.listTasks(`${dagId}__missing`, runId, signal);
      }
      return await airflow.listTasks(dagId, runId, signal);
    } finally {
      inFlight -= 1;
    }
  };
  return { backend, calls, maxInFlight: () => max };
}

const rowOf = (frame: string, dagId: string) =>
  frame.split('\n').find((line) => line.includes(` ${dagId} `)) ?? '';

describe('the failing column against the Airflow simulator (issue 5 DAG rows)', () => {
  it('names run_risk_models on the failed fintech_eod_risk row and asks only for visible failed rows', async () => {
    const counted = counting();
    const app = await renderConsole({
      session: session({ airflow: counted.backend }),
      size: { columns: 140, rows: 36 },
    });
    // Narrow to the story DAG and the other failed ones, so the screen is full of failed rows.
    await waitFor(() => expect(app.lastFrame()).toContain('fintech_eod_risk'));
    await press(app.stdin, '/', 's', 't', 'a', 't', 'e', ':', 'f', 'a', 'i', 'l', KEY.enter);
    await waitFor(
      () => {
        const row = rowOf(app.lastFrame() ?? '', 'fintech_eod_risk');
        // The group prefix is dropped when the full id does not fit the column.
        expect(row).toMatch(/fintech_eod_risk.*✗.*run_risk_models/);
      },
      { timeout: 10_000 },
    );
    // Every lookup was for a DAG whose row is on screen, once per run, at most three at a time.
    await waitFor(() => expect(app.lastFrame()).not.toMatch(/✗ +\S* +… *$/m));
    const frame = app.lastFrame() ?? '';
    const [, shown, total] = frame.match(/Airflow DAGs \d+:(\d+)\/(\d+)/) ?? [];
    expect(Number(total)).toBeGreaterThan(GENERATED_DAGS);
    const visibleRows = frame.split('\n').filter((line) => /^[› ] \S+ +(on|off) /.test(line));
    expect(counted.calls.length).toBeGreaterThan(0);
    expect(counted.calls.length).toBeLessThanOrEqual(visibleRows.length);
    for (const call of counted.calls) expect(frame).toContain(` ${call.dagId} `);
    const keys = counted.calls.map((c) => `${c.dagId}/${c.runId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(counted.maxInFlight()).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    // More failed rows than fit would have cost more requests had they all been asked.
    if (Number(shown) > visibleRows.length) expect(counted.calls.length).toBeLessThan(Number(shown));
    app.unmount();
  });

  it('never asks for the same run twice: refresh, cursor moves and a drill-down and back', async () => {
    const counted = counting();
    let listsRead = 0;
    counted.backend.listRecentRuns = async (options, signal) => {
      const runs = await airflow.listRecentRuns(options, signal);
      listsRead += 1;
      return runs;
    };
    const app = await renderConsole({
      session: session({ airflow: counted.backend }),
      size: { columns: 140, rows: 36 },
    });
    await app.waitFor((frame) => rowOf(frame, 'fintech_eod_risk').includes('run_risk_models'));
    // From here the lookups' settle timer runs on a fake clock: each check below comes after the
    // screen as it then is has asked for everything it wants.
    fakeLookupClock();
    try {
      await rowLookupsAsked();
      const before = counted.calls.length;
      expect(before).toBeGreaterThan(1);
      expect(counted.calls.filter((c) => c.dagId === 'fintech_eod_risk')).toHaveLength(1);
      // A refresh (the runs come back with the same ids) and cursor moves within the window.
      const read = listsRead;
      await press(app.stdin, 'r');
      await waitFor(() => expect(listsRead).toBeGreaterThan(read));
      await press(app.stdin, KEY.down, KEY.down);
      await rowLookupsAsked();
      expect(counted.calls.length).toBe(before);
      // The runs grid of the opened DAG makes its own listTasks calls; home, mounted again on the
      // way back, must not repeat any of its lookups.
      const opened = (await app.pressAndWaitFor(KEY.enter, /home › \S+/)).match(/home › (\S+)/)?.[1];
      await app.pressAndWaitFor(KEY.esc, (frame) =>
        rowOf(frame, 'fintech_eod_risk').includes('run_risk_models'),
      );
      await rowLookupsAsked();
      const since = counted.calls.slice(before).filter((c) => c.dagId !== opened);
      expect(since).toEqual([]);
      app.unmount();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows ? for a lookup that failed, and the rest of the screen keeps working', async () => {
    const counted = counting(new Set(['fintech_eod_risk']));
    const app = await renderConsole({
      session: session({ airflow: counted.backend }),
      size: { columns: 140, rows: 36 },
    });
    await waitFor(() => expect(rowOf(app.lastFrame() ?? '', 'fintech_eod_risk')).toMatch(/✗ +\S* +\?/), {
      timeout: 10_000,
    });
    // The other failed rows still get their tasks; the detail line says why this one has none.
    await waitFor(() => expect(app.lastFrame()).toMatch(/✗ +\S* +[a-z_]+\S*( \+\d+)? *$/m));
    await press(app.stdin, '/', 'f', 'i', 'n', 't', 'e', 'c', 'h', '_', 'e', 'o', 'd', KEY.enter);
    await waitFor(() => expect(app.lastFrame()).toMatch(/failing tasks unknown: .+/));
    app.unmount();
  });

  it('a failed Databricks job row never waits for an Airflow failing-tasks lookup', async () => {
    const { sim, backend: databricks } = await startDatabricks();
    try {
      const app = await renderConsole({
        session: session({ airflow: counting().backend, databricks }),
        size: { columns: 140, rows: 36 },
      });
      await waitFor(() => expect(app.lastFrame()).toContain('eod_risk_models'));
      // marketing_attribution's latest run failed (seedWorkspace.ts): its detail line says so, and no more.
      // The detail line is drawn from the lookup's entry in the same frame as the run's state: a
      // row that waited for one would say "looking up…" (or what it found) right there.
      const frame = await app.pressAndWaitFor(
        [KEY.tab, '/', ...'marketing_attribution'.split(''), KEY.enter],
        /last run ✗ failed/,
      );
      const detail = frame.split('\n').find((line) => line.includes('last run ✗ failed')) ?? '';
      expect(detail).not.toMatch(/looking up|failing|no failed task/);
      app.unmount();
    } finally {
      await sim.close();
    }
  });

  it('two detail lines: owners/tags/schedule, then the last run and its failed tasks', async () => {
    const app = await renderConsole({
      session: session({ airflow: counting().backend }),
      size: { columns: 140, rows: 36 },
    });
    await waitFor(() => expect(app.lastFrame()).toContain('fintech_eod_risk'));
    await press(app.stdin, '/', 'f', 'i', 'n', 't', 'e', 'c', 'h', '_', 'e', 'o', 'd', KEY.enter);
    await waitFor(() => {
      const lines = (app.lastFrame() ?? '').split('\n');
      const about = lines.findIndex((line) => /^fintech_eod_risk · .*owners /.test(line));
      expect(about).toBeGreaterThan(0);
      expect(lines[about]).toMatch(/schedule /);
      expect(lines[about + 1]).toMatch(/last run ✗ failed .*failing risk_modelling\.run_risk_models/);
      // The failed tasks are looked up once the rows on screen have settled: a loaded machine takes a while.
    });
    app.unmount();
  });
});

describe('10,000 DAGs, failed ones at both ends of the list (issue 5 benchmark size)', () => {
  it('looks up a screenful, not every failed row, and the next screenful after G', async () => {
    // The home screen knows the latest runs of the most recent RECENT_RUNS_LIMIT runs (one request):
    // that many DAGs failed, half at the top of the list and half at the bottom, each in its one task.
    const name = (i: number) => `dag_${String(i).padStart(5, '0')}`;
    const failedAtEachEnd = RECENT_RUNS_LIMIT.airflow / 2;
    const failed = (i: number) => i < failedAtEachEnd || i >= 10_000 - failedAtEachEnd;
    const scenario = await startAirflowScenario(
      Array.from({ length: 10_000 }, (_, i) => ({
        dagId: name(i),
        tasks: [`grp.task_of_${name(i)}`],
        runs: failed(i)
          ? [
              {
                runId: `r${i}`,
                state: 'failed' as const,
                startedAt: new Date(SIM_NOW - (i + 1) * 60_000).toISOString(),
              },
            ]
          : [],
      })),
    );
    const lookups = () => scenario.calls.filter((call) => call.startsWith('listTasks '));
    const app = await renderConsole({
      session: session({ airflow: scenario.backend }),
      size: { columns: 120, rows: 30 },
    });
    // The whole list is in (G goes to its last row), and the top rows have their failing tasks.
    await app.waitFor(
      (frame) => frame.includes('Airflow DAGs 1:10000') && !frame.includes('partial'),
      90_000,
    );
    await app.waitFor((frame) => rowOf(frame, 'dag_00000').includes('task_of_dag_00000'));
    const screenful = (app.lastFrame() ?? '')
      .split('\n')
      .filter((line) => /^[› ] dag_\d+ /.test(line)).length;
    expect(screenful).toBeLessThan(failedAtEachEnd);
    await waitFor(() => expect(lookups()).toHaveLength(screenful));
    await app.pressCommand('home', 'cursorBottom');
    await app.waitFor((frame) => rowOf(frame, 'dag_09999').includes('task_of_dag_09999'));
    await waitFor(() => expect(lookups()).toHaveLength(2 * screenful));
    expect(new Set(lookups()).size).toBe(2 * screenful);
    app.unmount();
  });
});

describe('the failing-tasks store', () => {
  const run = (workflowId: string, id: string): Run => ({
    backend: 'airflow',
    workflowId,
    id,
    state: 'failed',
    rawState: 'failed',
    endedAt: '2026-11-20T11:00:00Z',
  });

  it('asks each run once, three at a time, and drops queued runs no longer wanted', async () => {
    const counted = counting();
    const store = createFailingTasksStore(counted.backend);
    const story = run('fintech_eod_risk', 'unknown-run');
    const others = Array.from({ length: 8 }, (_, i) => run(`gone_${i}`, 'r'));
    store.want([story, ...others]);
    store.want([story, ...others]); // single flight: nothing new
    expect(counted.calls).toHaveLength(MAX_IN_FLIGHT);
    store.want([story]); // scrolled away: the five queued ones are dropped
    await waitFor(() => expect(store.get(story)?.status).not.toBe('loading'));
    await waitFor(() => expect(others.slice(0, 2).every((r) => store.get(r)?.status === 'error')).toBe(true));
    expect(counted.calls).toHaveLength(MAX_IN_FLIGHT);
    expect(store.get(others[5] as Run)).toBeUndefined();
    // The same run with a new end time (a cleared run that failed again) is a new lookup.
    expect(failingTasksKey({ ...story, endedAt: 'later' })).not.toBe(failingTasksKey(story));
    store.dispose();
  });

  it('formats the cell: the first task and a count, group prefix dropped when short (issue 5)', () => {
    const ready = {
      status: 'ready',
      value: ['risk_modelling.run_risk_models', 'load_reporting_db'],
      at: 0,
    } as const;
    expect(formatFailingTasks(ready, 40)).toBe('risk_modelling.run_risk_models +1');
    expect(formatFailingTasks(ready, 18)).toBe('run_risk_models +1');
    expect(formatFailingTasks({ status: 'error', message: 'boom', at: 0 }, 18)).toBe('?');
    expect(formatFailingTasks({ status: 'loading' }, 18)).toBe('…');
    expect(formatFailingTasks({ status: 'ready', value: [], at: 0 }, 18)).toBe('');
  });
});
