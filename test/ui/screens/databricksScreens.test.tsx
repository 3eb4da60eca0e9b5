// The Databricks side of the drill-down (issue 5, Navigation: "Job → its runs → a run (task runs
// with attempts, states, durations, repair history, run page URL)") and of the incident view,
// against the real Databricks simulator through the real backend.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../../source/airflow/backend.js';
import { staticSecret } from '../../../source/databricks/auth/staticSecret.js';
import { IncidentsScreen } from '../../../source/ui/screens/IncidentsScreen.js';
import { RunScreen } from '../../../source/ui/screens/RunScreen.js';
import { RunsScreen } from '../../../source/ui/screens/RunsScreen.js';
import { KEY } from '../../support/ink.js';
import { createRecordingHttpClient } from '../../support/recordingHttpClient.js';
import { type DatabricksHarness, startDatabricksHarness } from './support/databricksHarness.js';
import { renderScreen } from './support/renderScreen.js';

/** The simulators' clock is fixed in the past: the incident view looks back far enough to see it. */
const LONG_WINDOW = 400 * 24 * 3_600_000;

let h: DatabricksHarness;
const mounted: { unmount(): void }[] = [];
beforeAll(async () => {
  h = await startDatabricksHarness();
});
afterEach(() => {
  for (const screen of mounted.splice(0)) screen.unmount();
});
afterAll(() => h.close());

function track<T extends { unmount(): void }>(screen: T): T {
  mounted.push(screen);
  return screen;
}

async function failedRiskRun() {
  const jobId = h.jobId('eod_risk_models');
  const runs = await h.backend.listRuns(jobId);
  const failed = runs.find((run) => run.state === 'failed');
  if (!failed) throw new Error('the seed has a failed eod_risk_models run');
  return { jobId, runs, failed };
}

const runsRoute = (workflowId: string, workflowName: string) =>
  ({ screen: 'runs', backend: 'databricks', workflowId, workflowName }) as const;

describe('Databricks job runs list (route runs)', () => {
  it('lists the job runs newest first with state, trigger, duration and repair count', async () => {
    const { jobId, runs } = await failedRiskRun();
    const screen = track(
      renderScreen(RunsScreen, runsRoute(jobId, 'eod_risk_models'), { databricks: h.backend }),
    );
    await screen.waitFor(`${runs.length} runs`);
    const lines = screen.frame().split('\n');
    const rows = lines.filter((line) => /^[› ] \d{6,}/.test(line));
    expect(rows.map((line) => line.slice(2).split(/\s+/)[0])).toEqual(runs.map((run) => run.id));
    expect(screen.frame()).toContain('✗ failed');
    expect(screen.frame()).toContain('manual');
  });

  it('Enter on the failed run opens {screen: run} for it (j moves down)', async () => {
    const { jobId, runs, failed } = await failedRiskRun();
    const screen = track(
      renderScreen(RunsScreen, runsRoute(jobId, 'eod_risk_models'), { databricks: h.backend }),
    );
    await screen.waitFor(failed.id);
    const index = runs.indexOf(failed);
    await screen.press(...Array<string>(index).fill('j'), KEY.enter);
    expect(screen.open).toHaveBeenCalledWith({
      screen: 'run',
      backend: 'databricks',
      workflowId: jobId,
      runId: failed.id,
    });
  });

  it('takes a burst of keys in one read (tmux send-keys, fast typing over SSH) key by key', async () => {
    const { jobId, runs, failed } = await failedRiskRun();
    const screen = track(
      renderScreen(RunsScreen, runsRoute(jobId, 'eod_risk_models'), { databricks: h.backend }),
    );
    await screen.waitFor(failed.id);
    const index = runs.indexOf(failed);
    await screen.press(`jk${'j'.repeat(index)}\r`);
    expect(screen.open).toHaveBeenCalledWith({
      screen: 'run',
      backend: 'databricks',
      workflowId: jobId,
      runId: failed.id,
    });
  });

  it('applies the / filter (state:failed) to its rows', async () => {
    const { jobId, failed } = await failedRiskRun();
    const screen = track(
      renderScreen(
        RunsScreen,
        runsRoute(jobId, 'eod_risk_models'),
        { databricks: h.backend },
        { filter: 'state:failed' },
      ),
    );
    await screen.waitFor('· 1 run · filter state:failed');
    expect(screen.frame()).toContain(failed.id);
    expect(screen.frame()).not.toContain('✓ success');
  });

  it('refetches on r and shows a run started since', async () => {
    const { jobId, runs } = await failedRiskRun();
    const screen = track(
      renderScreen(RunsScreen, runsRoute(jobId, 'eod_risk_models'), { databricks: h.backend }),
    );
    await screen.waitFor(`${runs.length} runs`);
    const started = h.sim.runNow('eod_risk_models', { business_date: '2026-11-20' });
    await screen.press('r');
    await screen.waitFor(String(started.runId));
    expect(screen.frame()).toContain(`${runs.length + 1} runs`);
  });
});

describe('Databricks run (route run)', () => {
  it('shows task runs with attempts, states, durations, dependencies, message and the run page URL', async () => {
    const { jobId, failed } = await failedRiskRun();
    const screen = track(
      renderScreen(
        RunScreen,
        { screen: 'run', backend: 'databricks', workflowId: jobId, runId: failed.id },
        { databricks: h.backend },
      ),
    );
    await screen.waitFor('stress_tests');
    const frame = screen.frame();
    // stress_tests has one retry in the seed: both attempts failed, shown one symbol per attempt.
    expect(frame).toMatch(/stress_tests\s+✗ failed\s+✗✗/);
    expect(frame).toMatch(/publish_risk_report\s+↑ upstream failed.*var_model, stress_tests/);
    expect(frame).toContain(`#job/${jobId}/run/${failed.id}`);
    expect(frame).toContain('no repairs');
    expect(frame).toMatch(/✗ failed \(TERMINATED\/FAILED\)/);
  });

  it('shows the repair history of a repaired run', async () => {
    const jobId = h.jobId('payments_settlement_report');
    // runs/list leaves out repair_history; runs/get has it.
    const runs = await Promise.all(
      (await h.backend.listRuns(jobId)).map((run) => h.backend.getRun(jobId, run.id)),
    );
    const repaired = runs.find((run) => (run.repairIds?.length ?? 0) > 0);
    if (!repaired) throw new Error('the seed repairs a payments_settlement_report run');
    const screen = track(
      renderScreen(
        RunScreen,
        { screen: 'run', backend: 'databricks', workflowId: jobId, runId: repaired.id },
        { databricks: h.backend },
      ),
    );
    await screen.waitFor('repaired 1×');
    expect(screen.frame()).toContain(`repair ids ${repaired.repairIds?.join(', ')}`);
  });

  it('renders only the task rows that fit (130-task run, ink-style.md convention 9) and scrolls to the end', async () => {
    const jobId = h.jobId('warehouse_table_sync');
    const [run] = await h.backend.listRuns(jobId);
    if (!run) throw new Error('the seed runs warehouse_table_sync');
    const screen = track(
      renderScreen(
        RunScreen,
        { screen: 'run', backend: 'databricks', workflowId: jobId, runId: run.id },
        { databricks: h.backend },
        { height: 20 },
      ),
    );
    await screen.waitFor('sync_table_001');
    expect(screen.frame().split('\n').length).toBeLessThanOrEqual(20);
    expect(screen.frame()).not.toContain('sync_table_130');
    await screen.press('G');
    await screen.waitFor('sync_table_130');
    expect(screen.frame()).toContain('130/130');
    expect(screen.frame()).not.toContain('sync_table_001');
  });
});

describe('Incident view with Databricks', () => {
  it('lists failed, then running, then queued Databricks runs, newest first within each, with their job names', async () => {
    const screen = track(
      renderScreen(
        IncidentsScreen,
        { screen: 'incidents', windowMs: LONG_WINDOW },
        { databricks: h.backend },
      ),
    );
    await screen.waitFor('marketing_attribution');
    const frame = screen.frame();
    expect(frame).toMatch(/✗ failed .*DBX +failed run .*marketing_attribution → fit_attribution_mo/);
    expect(frame).toContain('▶ running');
    // A run that has not started says so in both columns (the seed's gdpr_erasure_requests queues one).
    const queued = frame.split('\n').filter((line) => line.includes('◌ queued'));
    expect(queued.length).toBeGreaterThan(0);
    for (const line of queued) expect(line).toMatch(/DBX +queued /);
    const lines = frame.split('\n');
    const sections = ['✗ failed', '▶ running', '◌ queued'].map((badge) =>
      lines.filter((line) => line.includes(badge)),
    );
    const firstOf = (rows: string[] | undefined) => lines.indexOf(rows?.[0] ?? '');
    expect(firstOf(sections[0])).toBeLessThan(firstOf(sections[1]));
    expect(firstOf(sections[1])).toBeLessThan(firstOf(sections[2]));
    const times = (sections[1] ?? [])
      .map((line) => / (\d\d-\d\d \d\d:\d\d) /.exec(line)?.[1])
      .filter((time) => time !== undefined);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('a failure a later success superseded waits in the collapsed recovered group; Enter opens the group, then the run', async () => {
    const { jobId, failed } = await failedRiskRun();
    const screen = track(
      renderScreen(
        IncidentsScreen,
        { screen: 'incidents', windowMs: LONG_WINDOW },
        { databricks: h.backend },
        { filter: 'eod_risk state:failed', width: 160 },
      ),
    );
    await screen.waitFor(/▸ \d+ recovered: a later run succeeded/);
    expect(screen.frame()).not.toContain(failed.id);
    await screen.press(KEY.enter);
    await screen.waitFor(failed.id);
    expect(screen.frame()).toMatch(new RegExp(`eod_risk_models.*recovered by \\d+ · run ${failed.id}`));
    const rows = screen
      .frame()
      .split('\n')
      .filter((line) => /^[› ] /.test(line) && line.includes('eod_risk_models'));
    const index = rows.findIndex((line) => line.includes(failed.id));
    await screen.press(...Array<string>(index + 1).fill('j'), KEY.enter);
    expect(screen.open).toHaveBeenCalledWith({
      screen: 'run',
      backend: 'databricks',
      workflowId: jobId,
      runId: failed.id,
    });
    await screen.press('o');
    expect(screen.open).toHaveBeenLastCalledWith({
      screen: 'runs',
      backend: 'databricks',
      workflowId: jobId,
      workflowName: 'eod_risk_models',
      focusRunId: failed.id,
    });
    // c on a recovered failure says why nothing is retried.
    await screen.press('c');
    expect(screen.flash).toHaveBeenLastCalledWith(
      expect.stringContaining('succeeded: nothing to retry'),
      'info',
    );
  });
});

describe('untrusted text and failures', () => {
  it("one unreachable backend is one error line; the other backend's incidents still show", async () => {
    const http = createRecordingHttpClient();
    const deadAirflow = createAirflowBackend({
      baseUrl: 'http://127.0.0.1:9',
      http,
      auth: { kind: 'token', token: staticSecret('not-a-real-token', 'test') },
    });
    const screen = track(
      renderScreen(
        IncidentsScreen,
        { screen: 'incidents', windowMs: LONG_WINDOW },
        { airflow: deadAirflow, databricks: h.backend },
      ),
    );
    await screen.waitFor('marketing_attribution');
    const frame = screen.frame();
    // Unknown, never zero: the title says whose counts these are, and one line why.
    expect(frame).toMatch(/^Incidents · last 400d · Airflow: unknown · Databricks: \d+ failed/m);
    expect(frame.split('\n').filter((line) => line.startsWith('Airflow unknown (not zero): '))).toHaveLength(
      1,
    );
    expect(screen.frame()).not.toContain('STALE');
  });

  it('keeps the last list marked STALE with a one-line error when the workspace starts failing', async () => {
    const faulty = await startDatabricksHarness({ retries: false });
    try {
      const jobId = faulty.jobId('eod_risk_models');
      const screen = track(
        renderScreen(RunsScreen, runsRoute(jobId, 'eod_risk_models'), { databricks: faulty.backend }),
      );
      await screen.waitFor('5 runs');
      faulty.faults.rate5xx = 1;
      await screen.press('r');
      await screen.waitFor('STALE');
      const frame = screen.frame();
      expect(frame).toContain('5 runs');
      expect(frame.split('\n').filter((line) => line.includes('STALE'))).toHaveLength(1);
    } finally {
      await faulty.close();
    }
  });

  it('passes job names through the terminal sanitiser (no escape sequence reaches the screen)', async () => {
    const job = h.sim.state.jobByName('marketing_attribution');
    if (!job) throw new Error('the seed has marketing_attribution');
    const original = job.name;
    job.name = 'marketing\u001b]0;pwned\u0007_attribution\u001b[2J';
    try {
      const screen = track(
        renderScreen(
          IncidentsScreen,
          { screen: 'incidents', windowMs: LONG_WINDOW },
          { databricks: h.backend },
        ),
      );
      await screen.waitFor('marketing_attribution');
      expect(screen.frame()).not.toContain('\u001b');
      expect(screen.frame()).not.toContain('pwned');
    } finally {
      job.name = original;
    }
  });
});
