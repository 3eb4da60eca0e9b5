// The history on the detail screens (issue 5: "a task instance (tries, duration, operator, host, the
// linked Databricks run if its XComs name one)"; "a run (task runs with attempts, states, durations,
// repair history, run page URL)"): every try of a retried Airflow task, each repair of a Databricks
// run with the task keys it re-ran, and jobs named by name with the id after it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../../source/core/model.js';
import type { Route } from '../../../source/ui/route.js';
import { RunScreen } from '../../../source/ui/screens/RunScreen.js';
import { TaskScreen } from '../../../source/ui/screens/TaskScreen.js';
import { renderScreen } from './support/renderScreen.js';
import { type StoryHarness, startStoryHarness } from './support/storyHarness.js';

const DAG = 'fintech_eod_risk';
const RISK_TASK = 'risk_modelling.run_risk_models';

let h: StoryHarness;
const mounted: { unmount(): void }[] = [];
const track = <T extends { unmount(): void }>(screen: T): T => {
  mounted.push(screen);
  return screen;
};
afterEach(() => {
  for (const screen of mounted.splice(0)) screen.unmount();
});

/** The lines of the tries table: "  <try>  <symbol> <state> …". */
const tryRows = (frame: string) => frame.split('\n').filter((line) => /^ {2,4}\d+ {2}\S+ \w/.test(line));

describe.each([3, 2] as const)('Airflow %i flavour: task screen tries', (flavour) => {
  let failedRun: Run;
  beforeAll(async () => {
    h = await startStoryHarness(flavour);
    const failed = (await h.airflow.listRuns(DAG)).find((run) => run.state === 'failed');
    if (!failed) throw new Error('the Airflow seed fails the latest fintech_eod_risk run');
    failedRun = failed;
  });
  afterAll(() => h.close());

  const taskRoute = (taskId: string) =>
    ({ screen: 'task', backend: 'airflow', workflowId: DAG, runId: failedRun.id, taskId }) as const;

  it('lists every try of the retried risk-model task, newest first, with state, times, duration and host', async () => {
    // run_risk_models has retries=1 and fails in the latest run: two failed tries (seedAirflow.ts).
    const screen = track(
      renderScreen(
        TaskScreen,
        taskRoute(RISK_TASK),
        { airflow: h.airflow, databricks: h.databricks },
        { height: 30 },
      ),
    );
    await screen.waitFor('Tries, newest first');
    const rows = tryRows(screen.frame());
    expect(rows.map((line) => line.trim().split(/\s+/)[0])).toEqual(['2', '1']);
    // Airflow records the first try as it ended: up_for_retry (a retry was due), shown as retrying.
    expect(rows[0]).toContain('✗ failed');
    expect(rows[1]).toContain('↻ retrying');
    for (const row of rows) {
      // started, ended (UTC, to the second), a duration and a host name.
      expect(row).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+m \d\ds +\S+$/);
    }
    // The backend answers the same tries the screen shows (the task instance's tries endpoint).
    const task = (await h.airflow.listTasks(DAG, failedRun.id)).find((t) => t.taskId === RISK_TASK);
    if (!task) throw new Error('the risk task is in the run');
    const tries = await h.airflow.listTries(task);
    expect(tries.map((t) => [t.attempt, t.rawState])).toEqual([
      [2, 'failed'],
      [1, 'up_for_retry'],
    ]);
    // The host is the last column: at 100 columns its start shows.
    expect(rows[0]).toContain((tries[0]?.hostname ?? '?').slice(0, 16));
  });

  it('a task that ran once shows its one try', async () => {
    const screen = track(
      renderScreen(
        TaskScreen,
        taskRoute('data_ingestion.ingest_trades'),
        { airflow: h.airflow },
        { height: 30 },
      ),
    );
    await screen.waitFor('Tries, newest first');
    const rows = tryRows(screen.frame());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^ +1 {2}✓ success/);
  });

  it('names the linked Databricks job by name with its id after it', async () => {
    const screen = track(
      renderScreen(
        TaskScreen,
        taskRoute(RISK_TASK),
        { airflow: h.airflow, databricks: h.databricks },
        { height: 30 },
      ),
    );
    await screen.waitFor('Linked Databricks run');
    const jobId = String(h.databricksSim.state.jobByName('eod_risk_models')?.jobId);
    await screen.waitFor(`eod_risk_models (job ${jobId})`);
  });
});

describe('Databricks run screen: job name and repair history', () => {
  beforeAll(async () => {
    h = await startStoryHarness(3);
  });
  afterAll(() => h.close());

  const jobId = (name: string) => String(h.databricksSim.state.jobByName(name)?.jobId);
  const runRoute = (workflowId: string, runId: string): Extract<Route, { screen: 'run' }> => ({
    screen: 'run',
    backend: 'databricks',
    workflowId,
    runId,
  });

  it('titles the run with the job name and the id after it', async () => {
    const job = jobId('eod_risk_models');
    const [run] = await h.databricks.listRuns(job);
    if (!run) throw new Error('the seed runs eod_risk_models');
    const screen = track(renderScreen(RunScreen, runRoute(job, run.id), { databricks: h.databricks }));
    await screen.waitFor(`Databricks run ${run.id} · eod_risk_models (job ${job})`);
  });

  it('listTries on Databricks: the attempts of the task key, newest first, with their task run ids', async () => {
    const job = jobId('eod_risk_models');
    const failed = (await h.databricks.listRuns(job)).find((run) => run.state === 'failed');
    if (!failed) throw new Error('the seed has a failed eod_risk_models run');
    const stress = (await h.databricks.listTasks(job, failed.id)).find((t) => t.taskId === 'stress_tests');
    if (!stress) throw new Error('eod_risk_models has stress_tests');
    // stress_tests has one retry in the seed: two failed attempts.
    const tries = await h.databricks.listTries(stress);
    expect(tries.map((t) => [t.attempt, t.state])).toEqual([
      [2, 'failed'],
      [1, 'failed'],
    ]);
    expect(tries.map((t) => t.taskRunId)).toEqual(
      [...(stress.attempts ?? [])].reverse().map((a) => a.taskRunId),
    );
    expect(tries[0]?.durationMs).toBeGreaterThan(0);
  });

  it('lists each repair with its id, start and the task keys it re-ran', async () => {
    const job = jobId('payments_settlement_report');
    // runs/list leaves out repair_history; runs/get has it.
    const runs = await Promise.all(
      (await h.databricks.listRuns(job)).map((run) => h.databricks.getRun(job, run.id)),
    );
    const repaired = runs.find((run) => (run.repairs?.length ?? 0) > 0);
    const repair = repaired?.repairs?.[0];
    if (!repaired || !repair) throw new Error('the seed repairs a payments_settlement_report run');
    // The seed repairs the failed compute_settlements with its dependents (seedWorkspace.ts).
    expect(repair.taskRunIds.length).toBeGreaterThan(0);
    expect(repair.startedAt).toMatch(/^\d{4}-/);
    const screen = track(
      renderScreen(RunScreen, runRoute(job, repaired.id), { databricks: h.databricks }, { width: 140 }),
    );
    await screen.waitFor('RE-RAN');
    const row = screen
      .frame()
      .split('\n')
      .find((line) => line.startsWith(`  ${repair.id} `));
    expect(row).toBeDefined();
    expect(row).toContain(repair.startedAt?.slice(0, 16).replace('T', ' '));
    expect(row).toMatch(/compute_settlements, send_report$/);
  });
});
