// The benchmark sizes of issue 5 (10,000 DAGs + 5,000 jobs): the frame stays within the terminal,
// only visible rows are rendered, the ends of both lists are reachable, and a refresh cycle makes
// one recent-runs request per backend. Timings belong in bench/, not here.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../../source/core/backend.js';
import type { DatabricksSim } from '../../../source/sim/databricks/server.js';
import { KEY, press } from '../../support/ink.js';
import { createMemoryBackend, dag, run } from '../support/memoryBackend.js';
import { renderConsole, session, startDatabricks } from '../support/renderConsole.js';

let sim: DatabricksSim;
let databricks: Backend;

beforeAll(async () => {
  ({ sim, backend: databricks } = await startDatabricks(5000));
});
afterAll(async () => {
  await sim.close();
});

const name = (i: number) => `dag_${String(i).padStart(5, '0')}`;

describe('10,000 DAGs and 5,000 jobs', () => {
  it('renders a bounded frame and reaches the last rows of both lists', async () => {
    const runs = Array.from({ length: 300 }, (_, i) =>
      run(
        name(i % 50),
        `r${i}`,
        i % 7 === 0 ? 'failed' : 'success',
        new Date(Date.UTC(2026, 10, 20) - i * 60_000).toISOString(),
      ),
    );
    const airflow = createMemoryBackend(
      'airflow',
      Array.from({ length: 10_000 }, (_, i) => dag(name(i))),
      runs,
    );
    const app = await renderConsole({
      session: session({ airflow, databricks }),
      size: { columns: 130, rows: 30 },
    });
    await vi.waitFor(
      () => {
        expect(app.lastFrame()).toContain('Airflow DAGs 1:10000');
        expect(app.lastFrame()).toMatch(/Databricks jobs 1:50\d\d/);
      },
      // The jobs list pages one token after the other at 20 requests/s: on a loaded machine it
      // takes longer than 10 s to have them all.
      { timeout: 40_000 },
    );
    let lines = (app.lastFrame() ?? '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(29);
    expect(lines.filter((line) => /dag_\d{5}/.test(line)).length).toBeLessThanOrEqual(30);
    // Waits, not fixed sleeps: on a loaded machine a frame over 15,000 rows can take a while.
    await press(app.stdin, 'G');
    await vi.waitFor(() => {
      expect(app.lastFrame()).toContain('› dag_09999');
      expect(app.lastFrame()).toContain('Airflow DAGs 10000:10000');
    });
    await press(app.stdin, KEY.tab);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('▌Databricks jobs'));
    await press(app.stdin, 'G');
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/Databricks jobs (\d+):\1/));
    lines = (app.lastFrame() ?? '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(29);
    expect(airflow.calls.filter((call) => call.startsWith('listRecentRuns'))).toHaveLength(1);
    app.unmount();
  }, 60_000);
});
