// The header under a hostile server (issue 13): a slow backend is shown as slow while what the
// panes had stays, items skipped as malformed are named on the backend's line, and a context that
// sends credentials over plain http to a remote host wears an INSECURE HTTP badge.
import { describe, expect, it } from 'vitest';
import { withSkippedItems } from '../../../source/core/skippedItems.js';
import { ResourceStatus } from '../../../source/ui/screens/parts/ResourceStatus.js';
import { startAirflowScenario } from '../../support/airflowScenario.js';
import { renderInk } from '../../support/ink.js';
import { workflow } from '../../support/modelFixtures.js';
import { waitFor } from '../../support/wait.js';
import { renderConsole, session } from '../support/renderConsole.js';

describe('header states (issue 13)', () => {
  it('a list that takes long marks its backend slow; the rows it had stay', async () => {
    const { backend, faults, calls } = await startAirflowScenario([{ dagId: 'kept_dag' }], {
      version: '3.0.2',
    });
    const app = await renderConsole({
      session: session({ airflow: backend }),
      timing: { slowAfterMs: 50, idleIntervalMs: 25, activeIntervalMs: 25 },
    });
    await waitFor(() => expect(app.lastFrame()).toContain('kept_dag'));
    // From the next list on, the server holds its answer (a minute: past the test).
    faults.pathPattern = /\/dags$/;
    faults.latencyMs = 60_000;
    const asked = calls.filter((call) => call === 'listWorkflows').length;
    await waitFor(() =>
      expect(calls.filter((call) => call === 'listWorkflows').length).toBeGreaterThan(asked),
    );
    await waitFor(() =>
      expect(app.lastFrame()).toMatch(/Airflow 3\.0\.2 .*⧗ slow: still waiting for the server/),
    );
    expect(app.lastFrame()).toContain('kept_dag');
    app.unmount();
  });

  it('items skipped as malformed are named on the backend line', async () => {
    // The answer as the adapter gives it when zod drops a malformed DAG (an adapter test covers the drop).
    const { backend } = await startAirflowScenario([{ dagId: 'good_dag' }]);
    backend.listWorkflows = async () =>
      withSkippedItems(
        [workflow('good_dag')],
        'Airflow at http://airflow.test: skipped 1 malformed DAG of 2',
      );
    const app = await renderConsole({
      session: session({ airflow: backend }),
      size: { columns: 160, rows: 30 },
    });
    await waitFor(() =>
      expect(app.lastFrame()).toContain('⚠ Airflow at http://airflow.test: skipped 1 malformed DAG of 2'),
    );
    expect(app.lastFrame()).toContain('good_dag');
    app.unmount();
  });

  it('--allow-insecure-http shows INSECURE HTTP; a normal context does not', async () => {
    const insecure = await renderConsole({
      session: session({ airflow: (await startAirflowScenario([])).backend }, { insecureHttp: true }),
    });
    expect(insecure.lastFrame()?.split('\n')[0]).toContain(' INSECURE HTTP ');
    insecure.unmount();
    const secure = await renderConsole({
      session: session({ airflow: (await startAirflowScenario([])).backend }),
    });
    expect(secure.lastFrame()).not.toContain('INSECURE HTTP');
    secure.unmount();
  });
});

describe('a drill-down screen status line (issue 13)', () => {
  it('says the server is slow and names what was left out, on one line', async () => {
    const base = {
      data: [1],
      error: undefined,
      loading: true,
      stale: false,
      updatedAt: Date.UTC(2026, 0, 1, 12, 0, 0),
      partial: undefined,
      seeded: false,
    };
    const slow = renderInk(
      <ResourceStatus snapshot={{ ...base, slow: true, warning: undefined }} width={120} />,
    );
    expect(slow.lastFrame()).toBe('the server is slow, showing updated 12:00:00 UTC');
    slow.unmount();
    const skipped = renderInk(
      <ResourceStatus
        snapshot={{ ...base, loading: false, slow: false, warning: 'skipped 1 malformed run of 25' }}
        width={120}
      />,
    );
    expect(skipped.lastFrame()).toBe('updated 12:00:00 UTC · ⚠ skipped 1 malformed run of 25');
    skipped.unmount();
  });
});
