// Under a 429 storm a list that was shown before keeps its rows (issue 13): the home lists keep
// their data marked stale, and a drill-down screen opened again starts from what it showed last
// time instead of an empty list with an error (it used to drop to 0 rows).
import { describe, expect, it } from 'vitest';
import { startAirflowScenario } from '../../support/airflowScenario.js';
import { KEY, press } from '../../support/ink.js';
import { waitFor } from '../../support/wait.js';
import { renderConsole, session } from '../support/renderConsole.js';

describe('a 429 storm (issue 13)', () => {
  it('the runs of a DAG shown before stay on screen when it is opened again and every request is refused', async () => {
    const { backend, faults } = await startAirflowScenario([
      {
        dagId: 'risk_eod',
        runs: [{ runId: 'manual__first', state: 'failed', startedAt: '2026-11-20T10:00:00Z' }],
      },
    ]);
    const app = await renderConsole({ session: session({ airflow: backend }) });
    await waitFor(() => expect(app.lastFrame()).toContain('risk_eod'));
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(app.lastFrame()).toContain('manual__first'));

    // The storm: every runs request is refused with 429 from now on.
    faults.pathPattern = /\/dagRuns/;
    faults.retryAfterSeconds = 0;
    faults.rate429 = 1;
    await press(app.stdin, KEY.esc);
    await waitFor(() => expect(app.lastFrame()).toContain('Airflow DAGs'));
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(app.lastFrame()).toMatch(/429|rate.limited/i));
    // The run shown before is still there, marked stale, not replaced by zero rows.
    expect(app.lastFrame()).toContain('manual__first');
    expect(app.lastFrame()).toContain('STALE');
    app.unmount();
  });
});
