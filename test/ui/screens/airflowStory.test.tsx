// The issue 5 story against both simulators wired as in `--demo` (Airflow 3 flavour): the failed
// fintech_eod_risk run is reached in a few keys from the incident view, the runs × tasks grid shows
// it (as Airflow's grid view does), and from its risk-model task the linked eod_risk_models
// Databricks run opens (the operator pushes run_id / run_page_url to XCom).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../../source/core/model.js';
import type { Route } from '../../../source/ui/route.js';
import { IncidentsScreen } from '../../../source/ui/screens/IncidentsScreen.js';
import { RunScreen } from '../../../source/ui/screens/RunScreen.js';
import { RunsScreen } from '../../../source/ui/screens/RunsScreen.js';
import { TaskScreen } from '../../../source/ui/screens/TaskScreen.js';
import { KEY } from '../../support/ink.js';
import { waitFor } from '../../support/wait.js';
import { renderScreen } from './support/renderScreen.js';
import { type StoryHarness, startStoryHarness } from './support/storyHarness.js';

/** The simulators' clock is fixed in the past: the incident view looks back far enough to see it. */
const LONG_WINDOW = 400 * 24 * 3_600_000;

const DAG = 'fintech_eod_risk';
const RISK_TASK = 'risk_modelling.run_risk_models';

// Airflow 3 (API v2) and Airflow 2 (API v1): the screens only see the core model, so both must behave alike.
describe.each([3, 2] as const)('Airflow %i flavour', (flavour) => {
  let h: StoryHarness;
  let backends: { airflow: StoryHarness['airflow']; databricks: StoryHarness['databricks'] };
  let failedRun: Run;
  let runs: Run[];
  const mounted: { unmount(): void }[] = [];
  const track = <T extends { unmount(): void }>(screen: T): T => {
    mounted.push(screen);
    return screen;
  };

  beforeAll(async () => {
    h = await startStoryHarness(flavour);
    backends = { airflow: h.airflow, databricks: h.databricks };
    runs = await h.airflow.listRuns(DAG);
    const failed = runs.find((run) => run.state === 'failed');
    if (!failed) throw new Error('the Airflow seed fails the latest fintech_eod_risk run');
    failedRun = failed;
  });
  afterEach(() => {
    for (const screen of mounted.splice(0)) screen.unmount();
  });
  afterAll(() => h.close());

  const gridRoute = (focusRunId?: string) =>
    ({
      screen: 'runs',
      backend: 'airflow',
      workflowId: DAG,
      workflowName: DAG,
      ...(focusRunId ? { focusRunId } : {}),
    }) as const;

  describe('incident view → failed fintech_eod_risk run', () => {
    it('lists the failed risk-model task instance and opens it with Enter after a filter', async () => {
      const screen = track(
        renderScreen(IncidentsScreen, { screen: 'incidents', windowMs: LONG_WINDOW }, backends, {
          filter: `${DAG} state:failed`,
          height: 30,
        }),
      );
      // 100 columns (ink-testing-library) cut the row's tail; the task name starts visibly.
      await screen.waitFor(`${DAG} / risk_modelling.run_ri`);
      // The task started a Databricks run: its row is the chain Airflow → Databricks.
      expect(screen.frame()).toMatch(/✗ failed .*AF→DBX +failed task/);
      await screen.press(KEY.enter);
      expect(screen.open).toHaveBeenCalledWith({
        screen: 'task',
        backend: 'airflow',
        workflowId: DAG,
        runId: failedRun.id,
        taskId: RISK_TASK,
      });
      // `o` opens the runs grid focused on that run instead.
      await screen.press('o');
      expect(screen.open).toHaveBeenLastCalledWith(gridRoute(failedRun.id));
    });

    it('f keeps failures only (k9s faults-only), so the failed run is among the first rows without typing a filter', async () => {
      const screen = track(
        renderScreen(IncidentsScreen, { screen: 'incidents', windowMs: LONG_WINDOW }, backends, {
          height: 30,
        }),
      );
      await screen.waitFor('▶ running');
      await screen.press('f');
      await screen.waitFor('failures only');
      const rows = screen
        .frame()
        .split('\n')
        .filter((line) => /^[› ] [ +][✗▶…↻]/.test(line));
      expect(rows.every((line) => line.includes('✗ failed'))).toBe(true);
      const index = rows.findIndex((line) => line.includes(`${DAG} / risk_modelling.run_ri`));
      expect(index).toBeGreaterThanOrEqual(0);
      await screen.press(...Array<string>(index).fill('j'), KEY.enter);
      expect(screen.open).toHaveBeenCalledWith(
        expect.objectContaining({ screen: 'task', taskId: RISK_TASK }),
      );
    });

    it('renders no more lines than its height and shows the position when the list is longer (windowed)', async () => {
      const screen = track(
        renderScreen(IncidentsScreen, { screen: 'incidents', windowMs: LONG_WINDOW }, backends, {
          height: 9,
        }),
      );
      await screen.waitFor(/\d+\/\d+/);
      expect(screen.frame().split('\n').length).toBeLessThanOrEqual(9);
      const [, , total] = /(\d+)\/(\d+)/.exec(screen.frame()) ?? [];
      expect(Number(total)).toBeGreaterThan(5);
    });

    it('shows both backends in one list (the Databricks failures sit beside the Airflow ones)', async () => {
      const screen = track(
        renderScreen(IncidentsScreen, { screen: 'incidents', windowMs: LONG_WINDOW }, backends, {
          filter: 'state:failed',
          height: 40,
        }),
      );
      await screen.waitFor(`${DAG} / risk_modelling.run_ri`);
      expect(screen.frame()).toMatch(/DBX +failed run/);
      expect(screen.frame()).toMatch(/AF→DBX +failed task/);
    });
    it('c on the chain incident reaches the Airflow task (both ways back); c on a Databricks-only failure repairs it', async () => {
      const screen = track(
        renderScreen(IncidentsScreen, { screen: 'incidents', windowMs: LONG_WINDOW }, backends, {
          filter: 'state:failed',
          height: 40,
        }),
      );
      await screen.waitFor(`${DAG} / risk_modelling.run_ri`);
      const cursorLine = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';
      // One row at a time until the cursor's row matches: a refresh landing meanwhile may reorder or
      // briefly thin the rows, so a count of presses taken from an earlier frame can miss.
      const moveTo = async (pattern: RegExp) => {
        for (let step = 0; !pattern.test(cursorLine(screen.frame())); step++) {
          if (step > 10) throw new Error(`no incident row matches ${pattern}:\n${screen.frame()}`);
          const before = cursorLine(screen.frame());
          await screen.pressAndWaitFor('j', (frame) => cursorLine(frame) !== before);
        }
      };
      await moveTo(/AF→DBX/);
      await screen.pressCommand('incidents', 'retry');
      await waitFor(() =>
        expect(screen.writes.retryTask).toHaveBeenCalledWith(
          expect.objectContaining({ workflowId: DAG, runId: failedRun.id, task: { taskId: RISK_TASK } }),
        ),
      );
      await moveTo(/DBX +failed run/);
      await screen.pressCommand('incidents', 'retry');
      await waitFor(() =>
        expect(screen.writes.repair).toHaveBeenCalledWith(
          expect.objectContaining({ runId: expect.any(String) }),
        ),
      );
    });
  });

  describe('Airflow runs × tasks grid (route runs)', () => {
    it('draws tasks under their groups, runs as columns with the newest on the right, one symbol per state', async () => {
      const screen = track(renderScreen(RunsScreen, gridRoute(), backends));
      await screen.waitFor('run_risk_models');
      const lines = screen.frame().split('\n');
      const row = (label: string) =>
        lines.find((line) => new RegExp(`^[› ] +([▾▸] )?${label}\\b`).test(line)) ?? '';
      // Groups start open (▾); their tasks follow them, indented, in the DAG's order.
      expect(row('data_ingestion')).toContain('▾ data_ingestion');
      expect(row('risk_modelling')).toContain('▾ risk_modelling');
      // The latest run failed at run_risk_models: its cell is the rightmost; the task after it is upstream_failed.
      expect(row('run_risk_models').trimEnd()).toMatch(/✗$/);
      expect(row('load_reporting_db').trimEnd()).toMatch(/↑$/);
      // The group row summarises its tasks by the most urgent state.
      expect(row('risk_modelling').trimEnd()).toMatch(/✗$/);
      const cells = row('ingest_trades').trim().split(/\s+/).slice(1);
      expect(cells).toHaveLength(runs.length);
    });

    it('starts on the first failed task of the newest run; Enter opens that task instance', async () => {
      const screen = track(renderScreen(RunsScreen, gridRoute(), backends));
      await screen.waitFor('run_risk_models');
      expect(screen.frame()).toMatch(/›\s+run_risk_models/);
      await screen.press(KEY.enter);
      expect(screen.open).toHaveBeenCalledWith({
        screen: 'task',
        backend: 'airflow',
        workflowId: DAG,
        runId: failedRun.id,
        taskId: RISK_TASK,
      });
    });

    it('h/left moves to the older run, k/up to the task above; Enter opens that cell', async () => {
      const screen = track(renderScreen(RunsScreen, gridRoute(), backends));
      await screen.waitFor('run_risk_models');
      await screen.press('h', KEY.up, KEY.up);
      await screen.press(KEY.enter);
      const older = runs[1];
      expect(screen.open).toHaveBeenCalledWith(
        expect.objectContaining({
          screen: 'task',
          runId: older?.id,
          taskId: 'data_ingestion.aggregate_positions',
        }),
      );
    });

    it('Enter on a task group row closes it and opens it again (issue 14); c there explains (groups are not task instances)', async () => {
      const screen = track(renderScreen(RunsScreen, gridRoute(), backends));
      await screen.waitFor('run_risk_models');
      await screen.press('k', KEY.enter);
      expect(screen.open).not.toHaveBeenCalled();
      await screen.waitFor(/› ▸ risk_modelling/);
      expect(screen.frame()).not.toMatch(/^\s+run_risk_models/m);
      expect(screen.frame()).toContain('enter opens it');
      await screen.press('c');
      expect(screen.flash).toHaveBeenCalledWith(
        expect.stringContaining('risk_modelling is a task group'),
        'info',
      );
      await screen.press(KEY.enter);
      await screen.waitFor(/› ▾ risk_modelling/);
      expect(screen.frame()).toMatch(/^\s+run_risk_models/m);
    });

    it('a focusRunId from the incident view selects that run column, on its first task when none failed', async () => {
      const older = runs[2];
      if (!older) throw new Error('fintech_eod_risk has 7 runs');
      const screen = track(renderScreen(RunsScreen, gridRoute(older.id), backends));
      await screen.waitFor(`run ${older.id}`);
      await screen.press(KEY.enter);
      expect(screen.open).toHaveBeenCalledWith(
        expect.objectContaining({ runId: older.id, taskId: 'data_ingestion.wait_for_trades_file' }),
      );
    });

    it('the / filter keeps the matching task rows and their group header', async () => {
      const screen = track(renderScreen(RunsScreen, gridRoute(), backends, { filter: 'state:failed' }));
      await screen.waitFor('run_risk_models');
      expect(screen.frame()).toContain('▾ risk_modelling');
      expect(screen.frame()).not.toContain('ingest_trades');
      expect(screen.frame()).not.toContain('load_reporting_db');
    });
  });

  describe('mapped tasks in the grid', () => {
    it('summarises the map instances of partition_backfill_mapped in one cell and says how many', async () => {
      const screen = track(
        renderScreen(
          RunsScreen,
          {
            screen: 'runs',
            backend: 'airflow',
            workflowId: 'partition_backfill_mapped',
            workflowName: 'mapped',
          },
          backends,
        ),
      );
      await screen.waitFor('process_partition');
      // Rows follow the DAG: list_partitions (where the cursor starts), then the mapped task.
      await screen.press('j');
      await screen.waitFor('8 mapped instances');
      expect(screen.frame().match(/process_partition/g)?.length).toBe(2);
      // Its indexes are closed until Enter opens them.
      expect(screen.frame()).toContain('▸ process_partition');
      expect(screen.frame()).not.toContain('[7]');
    });
  });

  describe('task instance → linked Databricks run', () => {
    const taskRoute = (taskId: string) =>
      ({ screen: 'task', backend: 'airflow', workflowId: DAG, runId: failedRun.id, taskId }) as const;

    it('shows tries, operator, host and the Databricks run named by its XComs; g opens it', async () => {
      const screen = track(renderScreen(TaskScreen, taskRoute(RISK_TASK), backends));
      await screen.waitFor('Linked Databricks run');
      const frame = screen.frame();
      expect(frame).toContain('✗ failed');
      expect(frame).toMatch(/try \d/);
      expect(frame).toContain('operator DatabricksRunNowOperator');
      expect(frame).toMatch(/host \S+/);
      await screen.press('g');
      const opened = screen.open.mock.calls[0]?.[0] as Extract<Route, { screen: 'run' }> | undefined;
      expect(opened).toMatchObject({ screen: 'run', backend: 'databricks' });
      if (!opened) return;
      // The link names a real eod_risk_models run on the Databricks side: the run screen opens it.
      const job = h.databricksSim.state.jobByName('eod_risk_models');
      expect(opened.workflowId).toBe(String(job?.jobId));
      const run = track(renderScreen(RunScreen, opened, backends));
      await run.waitFor('stress_tests');
      expect(run.frame()).toContain(`Databricks run ${opened.runId}`);
      expect(run.frame()).toContain(`#job/${opened.workflowId}/run/${opened.runId}`);
    });

    it('a task that started no Databricks run says so, and g flashes instead of opening', async () => {
      const screen = track(renderScreen(TaskScreen, taskRoute('data_ingestion.ingest_trades'), backends));
      await screen.waitFor('No linked Databricks run');
      await screen.press('g');
      expect(screen.open).not.toHaveBeenCalled();
      expect(screen.flash).toHaveBeenCalledWith(expect.stringContaining('no run_id'), 'info');
    });
  });
});
