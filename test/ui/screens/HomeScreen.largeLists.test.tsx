// The benchmark sizes of issue 5 (10,000 DAGs + 5,000 jobs): the frame stays within the terminal,
// only visible rows are rendered, the ends of both lists are reachable, and a refresh cycle makes
// one recent-runs request per backend. Timings belong in bench/, not here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../source/core/backend.js';
import type { DatabricksSim } from '../../../source/sim/databricks/server.js';
import { startAirflowScenario } from '../../support/airflowScenario.js';
import { KEY, press } from '../../support/ink.js';
import { waitFor } from '../../support/wait.js';
import { renderConsole, session, startDatabricks } from '../support/renderConsole.js';

let sim: DatabricksSim;
let databricks: Backend;

beforeAll(async () => {
  ({ sim, backend: databricks } = await startDatabricks(5000));
});
afterAll(async () => {
  await sim.close();
});

describe('10,000 DAGs and 5,000 jobs', () => {
  it('renders a bounded frame and reaches the last rows of both lists', async () => {
    const { backend: airflow, calls } = await startAirflowScenario([], {
      generated: { dags: 10_000, runsPerDag: 1 },
    });
    const app = await renderConsole({
      session: session({ airflow, databricks }),
      size: { columns: 130, rows: 30 },
      // One poll cycle for the whole test, however long a loaded machine takes: the count of
      // recent-runs requests below is per cycle.
      timing: { activeIntervalMs: 3_600_000, idleIntervalMs: 3_600_000 },
    });
    await waitFor(
      () => {
        expect(app.lastFrame()).toContain('Airflow DAGs 1:10000');
        expect(app.lastFrame()).toMatch(/Databricks jobs 1:50\d\d/);
      },
      // The jobs list pages one token after the other at 20 requests/s: on a loaded machine it
      // takes longer than 10 s to have them all (over 40 s with both cores busy).
      { timeout: 120_000 },
    );
    let lines = (app.lastFrame() ?? '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(29);
    expect(lines.filter((line) => /dag_\d{5}/.test(line)).length).toBeLessThanOrEqual(30);
    // Waits, not fixed sleeps: on a loaded machine a frame over 15,000 rows can take a while.
    await press(app.stdin, 'G');
    await waitFor(
      () => {
        expect(app.lastFrame()).toContain('› generated_dag_09999');
        expect(app.lastFrame()).toContain('Airflow DAGs 10000:10000');
      },
      { timeout: 120_000 },
    );
    await press(app.stdin, KEY.tab);
    await waitFor(() => expect(app.lastFrame()).toContain('▌Databricks jobs'), { timeout: 120_000 });
    await press(app.stdin, 'G');
    await waitFor(() => expect(app.lastFrame()).toMatch(/Databricks jobs (\d+):\1/), { timeout: 120_000 });
    lines = (app.lastFrame() ?? '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(29);
    expect(calls.filter((call) => call.startsWith('listRecentRuns'))).toHaveLength(1);
    app.unmount();
  }, 300_000);
});
