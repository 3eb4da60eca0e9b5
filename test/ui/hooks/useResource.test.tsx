// Under a 429 storm a list that was shown before keeps its rows (issue 13): the home lists keep
// their data marked stale, and a drill-down screen opened again starts from what it showed last
// time instead of an empty list with an error (it used to drop to 0 rows).
import { describe, expect, it, vi } from 'vitest';
import { RateLimited } from '../../../source/core/errors.js';
import { KEY, press } from '../../support/ink.js';
import { createMemoryBackend, dag, run } from '../support/memoryBackend.js';
import { renderConsole, session } from '../support/renderConsole.js';

describe('a 429 storm (issue 13)', () => {
  it('the runs of a DAG shown before stay on screen when it is opened again and every request is refused', async () => {
    const backend = createMemoryBackend(
      'airflow',
      [dag('risk_eod')],
      [run('risk_eod', 'manual__first', 'failed', '2026-11-20T10:00:00Z')],
    );
    let storm = false;
    const listRuns = backend.listRuns.bind(backend);
    backend.listRuns = async (...args) => {
      if (storm)
        throw new RateLimited('Airflow GET /api/v2/dags/risk_eod/dagRuns failed: HTTP 429; rate-limited');
      return listRuns(...args);
    };
    const app = await renderConsole({ session: session({ airflow: backend }) });
    await vi.waitFor(() => expect(app.lastFrame()).toContain('risk_eod'));
    await press(app.stdin, KEY.enter);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('manual__first'));

    storm = true;
    await press(app.stdin, KEY.esc);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Airflow DAGs'));
    await press(app.stdin, KEY.enter);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('rate-limited'));
    // The run shown before is still there, marked stale, not replaced by zero rows.
    expect(app.lastFrame()).toContain('manual__first');
    expect(app.lastFrame()).toContain('STALE');
    app.unmount();
  });
});
