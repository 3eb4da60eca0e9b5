// Navigation fixes from a user audit. (1) The selection follows the row, not the row number: the
// incident view is newest first, so a new incident shifts every row down, and a poll that reorders
// the home list under a sort by age or state moves rows around; the cursor stays on its incident or
// DAG (hooks/useStickyCursor.ts). (2) Esc comes back to the row it left (k9s: esc pops the stack
// to the previous view): a screen's cursor and `f` toggle survive drill-downs
// (hooks/useRouteState.ts).
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Backend } from '../../../source/core/backend.js';
import { RunsScreen } from '../../../source/ui/screens/RunsScreen.js';
import { type ScenarioDag, startAirflowScenario } from '../../support/airflowScenario.js';
import { KEY, press, pressAndWaitFor, waitForFrame } from '../../support/ink.js';
import { runOnSimulatedDate } from '../../support/simulatedDate.js';
import { waitFor } from '../../support/wait.js';
import { startDatabricksHarness } from '../screens/support/databricksHarness.js';
import { renderScreen } from '../screens/support/renderScreen.js';
import { renderConsole, session } from '../support/renderConsole.js';

const frameOf = (instance: { lastFrame(): string | undefined }) => instance.lastFrame() ?? '';
/** The line the `›` cursor is on. */
runOnSimulatedDate();

const cursorLine = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';

/** A DAG whose failed runs fail at `load`, after a successful `extract`. */
const etl = (dagId: string, runs: ScenarioDag['runs'] = []): ScenarioDag => ({
  dagId,
  tasks: ['extract', 'load'],
  runs,
});
const failed = (runId: string, startedAt: string) => ({ runId, state: 'failed' as const, startedAt });

async function openIncidents(backend: Backend) {
  const app = await renderConsole({ session: session({ airflow: backend }) });
  await press(app.stdin, ':', ...'now', KEY.enter);
  await waitForFrame(app, 'home › incidents');
  return app;
}

describe('incident view: the cursor stays on its incident', () => {
  it('a new incident at the top does not move the selection to another one; Enter opens the selected one', async () => {
    const { backend, sim } = await startAirflowScenario([
      etl('a_dag', [failed('a1', '2026-11-20T11:00:00Z')]),
      etl('b_dag', [failed('b1', '2026-11-20T10:00:00Z')]),
      etl('c_dag', [failed('c1', '2026-11-20T09:00:00Z')]),
      etl('d_dag'),
    ]);
    const app = await openIncidents(backend);
    await waitForFrame(app, 'c_dag / load');
    await pressAndWaitFor(app, 'j', (frame) => cursorLine(frame).includes('b_dag / load'));

    // A newer failure arrives: it sorts first and every row shifts down by one.
    sim.addScenario([etl('d_dag', [failed('d1', '2026-11-20T11:58:00Z')])]);
    await pressAndWaitFor(app, 'r', 'd_dag / load');
    expect(cursorLine(frameOf(app))).toContain('b_dag / load');

    // The key handler acts on the row shown, not on the old index.
    await press(app.stdin, KEY.enter);
    await waitForFrame(app, 'Task load · b_dag · run b1');
    app.unmount();
  });

  it('a filter still keeps the index (the rows changed because the user asked)', async () => {
    const { backend } = await startAirflowScenario([
      etl('a_dag', [failed('a1', '2026-11-20T11:00:00Z')]),
      etl('b_dag', [failed('b1', '2026-11-20T10:00:00Z')]),
      etl('c_dag', [failed('c1', '2026-11-20T09:00:00Z')]),
    ]);
    const app = await openIncidents(backend);
    await waitForFrame(app, 'c_dag / load');
    await pressAndWaitFor(app, 'j', (frame) => cursorLine(frame).includes('b_dag / load'));
    await press(app.stdin, '/', 'c', '_', 'd', KEY.enter);
    await waitForFrame(app, (frame) => !frame.includes('a_dag / load'));
    expect(cursorLine(frameOf(app))).toContain('c_dag / load');
    app.unmount();
  });
});

describe('Esc comes back to the row it left', () => {
  it('incident view → runs grid → task instance, Esc Esc: the 3rd row is still selected and `f` still on', async () => {
    const { backend } = await startAirflowScenario([
      etl('a_dag', [failed('a1', '2026-11-20T11:00:00Z')]),
      etl('b_dag', [failed('b1', '2026-11-20T10:00:00Z')]),
      etl('c_dag', [failed('c1', '2026-11-20T09:00:00Z')]),
      etl('d_dag', [failed('d1', '2026-11-20T08:00:00Z')]),
      etl('e_dag', [{ runId: 'e1', state: 'running', startedAt: '2026-11-20T11:59:00Z' }]),
    ]);
    const app = await openIncidents(backend);
    await waitForFrame(app, 'd_dag / load');
    await pressAndWaitFor(app, 'f', 'failures only (f)');
    expect(frameOf(app)).not.toContain('e_dag');
    await pressAndWaitFor(app, ['j', 'j'], (frame) => cursorLine(frame).includes('c_dag / load'));

    // Two levels deeper: `o` opens the runs grid on that run, Enter its failed task instance.
    await press(app.stdin, 'o');
    await waitFor(() => expect(frameOf(app)).toContain('enter opens the task instance'));
    expect(frameOf(app)).toContain('home › incidents › c_dag');
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain('home › incidents › c_dag › load'));

    await press(app.stdin, KEY.esc, KEY.esc);
    await waitFor(() => {
      const frame = frameOf(app);
      expect(frame).not.toContain('c_dag ›');
      expect(frame).toContain('d_dag / load');
    });
    const frame = frameOf(app);
    expect(frame).toContain('failures only (f)');
    expect(frame).not.toContain('e_dag');
    expect(cursorLine(frame)).toContain('c_dag / load');

    // Popped routes start afresh: Esc to home and back to the incident view is row 1, `f` off.
    await press(app.stdin, KEY.esc);
    await waitFor(() => expect(frameOf(app)).not.toContain('home › incidents'));
    await press(app.stdin, ':', ...'now', KEY.enter);
    await waitForFrame(app, 'e_dag');
    expect(frameOf(app)).not.toContain('failures only (f)');
    // Failures come first: row 1 is the newest failure.
    expect(cursorLine(frameOf(app))).toContain('a_dag');
    app.unmount();
  });
});

describe('home sorted by age or state: a poll that reorders keeps the selected DAG', () => {
  // Both sorts give beta, alpha, gamma: beta's run is the newest and running (worse than a
  // success), alpha succeeded at 10:00, gamma at 09:00 (ties sort by name).
  const dagOrder = (frame: string) =>
    frame
      .split('\n')
      .map((line) => line.match(/^[› ] ((alpha|beta|gamma)_dag)/)?.[1])
      .filter((name) => name !== undefined);

  it.each([
    ['A', 'age'],
    ['S', 'state'],
  ])('%s (sort by %s)', async (key) => {
    const { backend, sim } = await startAirflowScenario([
      { dagId: 'alpha_dag', runs: [{ runId: 'a1', state: 'success', startedAt: '2026-11-20T10:00:00Z' }] },
      { dagId: 'beta_dag', runs: [{ runId: 'b1', state: 'running', startedAt: '2026-11-20T11:00:00Z' }] },
      { dagId: 'gamma_dag', runs: [{ runId: 'g1', state: 'success', startedAt: '2026-11-20T09:00:00Z' }] },
    ]);
    const app = await renderConsole({
      session: session({ airflow: backend }),
      timing: { activeIntervalMs: 20, idleIntervalMs: 20 },
    });
    await waitForFrame(app, (frame) => dagOrder(frame).length === 3 && frame.includes('▶'));
    await pressAndWaitFor(app, key, (frame) => dagOrder(frame).join() === 'beta_dag,alpha_dag,gamma_dag');
    await pressAndWaitFor(app, 'j', (frame) => cursorLine(frame).includes('alpha_dag'));

    // gamma fails now: newest and worst, it moves to the top and alpha to the bottom.
    sim.addScenario([{ dagId: 'gamma_dag', runs: [failed('g2', '2026-11-20T11:58:00Z')] }]);
    await waitForFrame(app, (frame) => dagOrder(frame).join() === 'gamma_dag,beta_dag,alpha_dag');
    expect(cursorLine(frameOf(app))).toContain('alpha_dag');

    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain('home › alpha_dag'));
    app.unmount();
  });
});

describe('Databricks job runs: a new run at the top keeps the selected run', () => {
  it('follows the run after a refresh, and Enter opens it', async () => {
    const h = await startDatabricksHarness();
    onTestFinished(() => h.close());
    const jobId = h.jobId('eod_risk_models');
    const runs = await h.backend.listRuns(jobId);
    const second = runs[1]?.id ?? '';
    const screen = renderScreen(
      RunsScreen,
      { screen: 'runs', backend: 'databricks', workflowId: jobId, workflowName: 'eod_risk_models' },
      { databricks: h.backend },
    );
    await screen.waitFor(second);
    await screen.pressAndWaitFor('j', (frame) => cursorLine(frame).includes(second));
    const started = h.sim.runNow('eod_risk_models', {}, { at: h.clock.now() });
    await screen.pressAndWaitFor('r', String(started.runId));
    expect(cursorLine(screen.frame())).toContain(second);
    await screen.press(KEY.enter);
    await waitFor(() =>
      expect(screen.open).toHaveBeenCalledWith(expect.objectContaining({ screen: 'run', runId: second })),
    );
    screen.unmount();
  });
});
