// Run strips outside the recent-runs window (source/ui/runStrips.ts, issue 5: "DAG rows: ... the
// last N run states as coloured cells"; "Job rows: ... last N run states"). Against the real
// simulators with thousands of workflows, one window of 100 recent runs covers few rows; the rows
// on screen ask for their own runs, each once, and only those.
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend, ListRunsOptions } from '../../source/core/backend.js';
import { LAST_N } from '../../source/core/homeResources.js';
import { MAX_IN_FLIGHT } from '../../source/core/lookupStore.js';
import type { Run } from '../../source/core/model.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createHttpClient } from '../../source/http/client.js';
import { type AirflowSim, startAirflowSim } from '../../source/sim/airflow/server.js';
import { createSimClock } from '../../source/sim/clock.js';
import type { DatabricksSim } from '../../source/sim/databricks/server.js';
import { startAirflowScenario } from '../support/airflowScenario.js';
import { KEY, press } from '../support/ink.js';
import { waitFor } from '../support/wait.js';
import { renderConsole, session, startDatabricks } from './support/renderConsole.js';
import { fakeLookupClock, rowLookupsAsked } from './support/rowLookupsAsked.js';

let airflowSim: AirflowSim;
let airflow: Backend;
let databricksSim: DatabricksSim;
let databricks: Backend;

beforeAll(async () => {
  const clock = createSimClock({ speed: 0, start: Date.UTC(2026, 10, 20, 12, 0, 0) });
  airflowSim = await startAirflowSim({ flavour: 3, clock, seed: 7, dags: 2_000 });
  airflow = createAirflowBackend({
    baseUrl: airflowSim.url,
    http: createHttpClient(),
    auth: {
      kind: 'password',
      username: airflowSim.username,
      password: staticSecret(airflowSim.password, 'test'),
    },
  });
  ({ sim: databricksSim, backend: databricks } = await startDatabricks(600));
});
afterAll(async () => {
  await airflowSim.close();
  await databricksSim.close();
});

interface Counted {
  backend: Backend;
  calls: string[];
  maxInFlight: () => number;
}

/** The backend with its listRuns calls counted (the per-row strip lookups). */
function counting(inner: Backend): Counted {
  const calls: string[] = [];
  let inFlight = 0;
  let max = 0;
  const backend: Backend = Object.create(inner);
  backend.listRuns = async (id: string, options?: ListRunsOptions, signal?: AbortSignal): Promise<Run[]> => {
    calls.push(id);
    inFlight += 1;
    max = Math.max(max, inFlight);
    try {
      return await inner.listRuns(id, options, signal);
    } finally {
      inFlight -= 1;
    }
  };
  return { backend, calls, maxInFlight: () => max };
}

const CTRL_F = '\u0006';
const lines = (frame: string | undefined) => (frame ?? '').split('\n');
/** The strip cell of a row: the state symbols after the schedule column. */
const STRIP = /[✓✗▶◌◷⊘↑↻⤼■·]{1,6}/u;

describe('run strips of rows outside the recent-runs window', () => {
  it('fills the strips of the DAG and job rows on screen, asking each once and only for them', async () => {
    const dags = counting(airflow);
    const jobs = counting(databricks);
    const app = await renderConsole({
      session: session({ airflow: dags.backend, databricks: jobs.backend }),
      size: { columns: 160, rows: 30 },
    });
    // The generated DAGs sort after the story ones: filter to them, so every row on screen is one
    // whose runs mostly fall outside the window.
    await waitFor(() => expect(app.lastFrame()).toContain('fintech_eod_risk'));
    // The jobs pane asks for a screenful of its own rows, each once, once they stay on screen.
    await waitFor(() => expect(jobs.calls.length).toBeGreaterThan(10));
    // From here the lookups' settle timer runs on a fake clock: "nothing more was asked" is checked
    // after the screen as it then is has asked for everything it wants.
    fakeLookupClock();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    await rowLookupsAsked();
    expect(new Set(jobs.calls).size).toBe(jobs.calls.length);
    expect(jobs.calls.length).toBeLessThanOrEqual(30);
    expect(jobs.maxInFlight()).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    await press(app.stdin, ...'/generated_dag_01'.split(''), '\r');
    const dagRows = () => lines(app.lastFrame()).filter((line) => /^[› ] generated_dag_01\d{3} /.test(line));
    // Generated DAGs have three daily runs each (seedAirflow.ts generatedHistory).
    await waitFor(
      () => {
        const rows = dagRows();
        expect(rows.length).toBeGreaterThan(10);
        for (const row of rows) expect(row.match(STRIP)?.[0]).toHaveLength(3);
      },
      { timeout: 10_000 },
    );
    // Typing the filter showed a screen per key; whatever they started, far fewer than the 2,000
    // generated DAGs were asked, each once, and every filtered row on screen was.
    const shownDags = dagRows().map((row) => row.match(/generated_dag_\d+/)?.[0] ?? '?');
    expect(new Set(dags.calls).size).toBe(dags.calls.length);
    expect(dags.calls.length).toBeLessThan(200);
    expect(dags.maxInFlight()).toBeLessThanOrEqual(MAX_IN_FLIGHT);

    // Moving within the screen asks nothing more; the next page asks for its rows and only them.
    const before = dags.calls.length;
    await press(app.stdin, KEY.down, KEY.down);
    await rowLookupsAsked();
    expect(dags.calls.length).toBe(before);
    await press(app.stdin, CTRL_F);
    await waitFor(
      () => {
        const rows = dagRows();
        expect(rows[0]).not.toContain(shownDags[0]);
        for (const row of rows) expect(row.match(STRIP)?.[0]).toHaveLength(3);
      },
      { timeout: 10_000 },
    );
    const nextPage = dagRows().map((row) => row.match(/generated_dag_\d+/)?.[0]);
    const asked = dags.calls.slice(before);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThanOrEqual(nextPage.length);
    for (const id of asked) expect(nextPage).toContain(id);

    // `r` asks the rows on screen again (their runs may have moved on).
    const beforeRefresh = dags.calls.length;
    await press(app.stdin, 'r');
    await waitFor(() => expect(dags.calls.length).toBeGreaterThan(beforeRefresh));
    for (const id of dags.calls.slice(beforeRefresh)) expect(nextPage).toContain(id);
    app.unmount();
  }, 60_000);

  it('asks nothing per row when the window holds every run (a small deployment)', async () => {
    const at = (i: number) => new Date(Date.UTC(2026, 10, 20) - i * 60_000).toISOString();
    const { backend: scenario, calls } = await startAirflowScenario([
      {
        dagId: 'alpha',
        runs: [
          { runId: 'a2', state: 'success', startedAt: at(2) },
          { runId: 'a1', state: 'failed', startedAt: at(1) },
        ],
      },
      { dagId: 'beta', runs: [{ runId: 'b1', state: 'success', startedAt: at(3) }] },
    ]);
    // The recent runs counted when their answer is in: the rows' lookups would start from that render.
    let answered = 0;
    const backend: Backend = Object.create(scenario);
    backend.listRecentRuns = async (options, signal) => {
      const runs = await scenario.listRecentRuns(options, signal);
      answered += 1;
      return runs;
    };
    const app = await renderConsole({
      session: session({ airflow: backend }),
      size: { columns: 120, rows: 30 },
    });
    // Oldest left, newest right, like Airflow's grid.
    await waitFor(() => expect(lines(app.lastFrame()).find((l) => l.includes(' alpha '))).toMatch(/ ✓✗ /), {
      timeout: 10_000,
    });
    // On a fake clock from here: each check follows the lookups the screen then wants.
    fakeLookupClock();
    try {
      await rowLookupsAsked();
      expect(calls.filter((call) => call.startsWith('listRuns'))).toEqual([]);
      // A refresh: once its answer is in and drawn, no row has asked for its own runs either.
      const refreshes = answered;
      await press(app.stdin, KEY.tab, KEY.tab, 'r');
      await waitFor(() => expect(answered).toBeGreaterThan(refreshes));
      await rowLookupsAsked();
      expect(lines(app.lastFrame()).find((l) => l.includes(' alpha '))).toMatch(/ ✓✗ /);
      expect(calls.filter((call) => call.startsWith('listRuns'))).toEqual([]);
      app.unmount();
    } finally {
      vi.useRealTimers();
    }
  });

  it(`shows a row's window runs first, then its older ones, up to ${LAST_N}`, async () => {
    const at = (i: number) => new Date(Date.UTC(2026, 10, 20) - i * 60_000).toISOString();
    // 100 recent runs: one of 'quiet', then 99 of 'busy'; 'quiet' has older runs outside the window.
    const { backend: scenario, calls } = await startAirflowScenario([
      {
        dagId: 'busy',
        runs: Array.from({ length: 99 }, (_, i) => ({
          runId: `b${i}`,
          state: 'success' as const,
          startedAt: at(i + 1),
        })),
      },
      {
        dagId: 'quiet',
        runs: [
          { runId: 'q-1', state: 'failed', startedAt: at(600) },
          { runId: 'q0', state: 'success', startedAt: at(500) },
          { runId: 'q1', state: 'failed', startedAt: at(0) },
        ],
      },
    ]);
    const app = await renderConsole({
      session: session({ airflow: scenario }),
      size: { columns: 120, rows: 30 },
    });
    await waitFor(() => expect(lines(app.lastFrame()).find((l) => l.includes(' quiet '))).toMatch(/ ✗✓✗ /), {
      timeout: 10_000,
    });
    expect(calls.filter((call) => call.startsWith('listRuns'))).toEqual(['listRuns quiet']);
    app.unmount();
  });
});
