// The Airflow grid against the simulator in both flavours (issue 17: rows in the DAG's structure,
// every map index reachable; issue 14: collapsible task groups, run labels on the columns). The
// simulator lists a run's task instances as the real servers do: Airflow 3 by map_index and then
// by a UUIDv7 id that is new on every clear, so its order is not the DAG's and changes on a clear.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../source/core/backend.js';
import { Forbidden } from '../../../source/core/errors.js';
import type { Run } from '../../../source/core/model.js';
import type { Route } from '../../../source/ui/route.js';
import { RunsScreen } from '../../../source/ui/screens/RunsScreen.js';
import { KEY } from '../../support/ink.js';
import { waitFor } from '../../support/wait.js';
import { renderScreen } from './support/renderScreen.js';
import { type StoryHarness, startStoryHarness } from './support/storyHarness.js';

const DAG = 'fintech_eod_risk';
const MAPPED = 'partition_backfill_mapped';
/** The DAG's structure, as the grid must show it whatever order the server lists instances in. */
const STRUCTURE = [
  'data_ingestion',
  'wait_for_trades_file',
  'ingest_trades',
  'aggregate_positions',
  'risk_modelling',
  'run_risk_models',
  'load_reporting_db',
];

const gridRoute = (workflowId: string): Extract<Route, { screen: 'runs' }> => ({
  screen: 'runs',
  backend: 'airflow',
  workflowId,
  workflowName: workflowId,
});

/** The row labels of the grid, top to bottom (the lines below the time axis). */
function rowLabels(frame: string): string[] {
  const lines = frame.split('\n');
  const axis = lines.findIndex((line) => line.startsWith('UTC'));
  return lines
    .slice(axis + 3)
    .map((line) => /^[› ] +(?:[▾▸] )?(\S+)/.exec(line)?.[1])
    .filter((label): label is string => label !== undefined);
}

/** The Airflow backend with its structure read counted, or refused. */
function spied(airflow: Backend, refuse = false) {
  const calls = { definitions: 0, runs: 0 };
  const backend: Backend = {
    ...airflow,
    listTaskDefinitions: async (id, signal) => {
      calls.definitions += 1;
      if (refuse) throw new Forbidden('Read the tasks of fintech_eod_risk failed: 403 Forbidden');
      return airflow.listTaskDefinitions(id, signal);
    },
    listRuns: async (id, options, signal) => {
      calls.runs += 1;
      return airflow.listRuns(id, options, signal);
    },
  };
  return { backend, calls };
}

describe.each([3, 2] as const)('Airflow %i flavour: the runs × tasks grid', (flavour) => {
  let h: StoryHarness;
  const mounted: { unmount(): void }[] = [];
  const track = <T extends { unmount(): void }>(screen: T): T => {
    mounted.push(screen);
    return screen;
  };

  beforeAll(async () => {
    h = await startStoryHarness(flavour);
  });
  afterEach(() => {
    for (const screen of mounted.splice(0)) screen.unmount();
  });
  afterAll(() => h.close());

  const newest = async (dagId: string): Promise<Run> => {
    const [run] = await h.airflow.listRuns(dagId, { limit: 1 });
    if (!run) throw new Error(`${dagId} has runs`);
    return run;
  };

  it('rows follow the DAG (upstream first, groups as blocks), not the order the server lists instances in, and keep it through a clear', async () => {
    const run = await newest(DAG);
    const apiOrder = async () => (await h.airflow.listTasks(DAG, run.id)).map((task) => task.taskId);
    const before = await apiOrder();
    const screen = track(renderScreen(RunsScreen, gridRoute(DAG), { airflow: h.airflow }, { height: 30 }));
    await screen.waitFor('run_risk_models');
    expect(rowLabels(screen.frame())).toEqual(STRUCTURE);
    // The grid opens on the failed risk task.
    expect(screen.frame()).toMatch(/^›\s+run_risk_models/m);

    await h.airflow.execute({
      kind: 'clearTasks',
      workflowId: DAG,
      runId: run.id,
      tasks: [{ taskId: 'data_ingestion.wait_for_trades_file' }],
      onlyFailed: false,
      includeDownstream: false,
      includeUpstream: false,
      resetRun: true,
    });
    const after = await apiOrder();
    if (flavour === 3) {
      // Airflow 3 gave the cleared instance a new id: it is last in the server's list now.
      expect(after.at(-1)).toBe('data_ingestion.wait_for_trades_file');
      expect(after).not.toEqual(before);
    }
    await screen.press('r');
    // The cleared cell left success; the rows and the cursor did not move.
    await screen.waitFor(/^ {4}wait_for_trades_file +(?:✓ ){6}[^✓]/m);
    expect(rowLabels(screen.frame())).toEqual(STRUCTURE);
    expect(screen.frame()).toMatch(/^›\s+run_risk_models/m);
  });

  it('labels the run columns with a time axis (issue 14): the days of the daily runs, the month above', async () => {
    const screen = track(renderScreen(RunsScreen, gridRoute(DAG), { airflow: h.airflow }));
    await screen.waitFor('run_risk_models');
    const lines = screen.frame().split('\n');
    const axis = lines.findIndex((line) => line.startsWith('UTC'));
    expect(lines[axis]).toContain('2026-11');
    // Seven daily runs, the newest on the 19th (logical date): 13 … 19 on two staggered lines.
    const labels = `${lines[axis + 1]} ${lines[axis + 2]}`.split(/\s+/).filter(Boolean).sort();
    expect(labels).toEqual(['13', '14', '15', '16', '17', '18', '19']);
    // Each label starts over its own column's symbol.
    const firstCell = (lines[axis + 3] ?? '').search(/[✓✗↑]/);
    expect(lines[axis + 1]?.indexOf('13')).toBe(firstCell);
  });

  it('Enter on a mapped task opens its map indexes; Enter on an index opens that index, c and space act on it', async () => {
    const run = await newest(MAPPED);
    const screen = track(renderScreen(RunsScreen, gridRoute(MAPPED), { airflow: h.airflow }, { height: 30 }));
    await screen.waitFor('process_partition');
    expect(screen.frame()).not.toContain('[0]');
    await screen.press('j', KEY.enter);
    await screen.waitFor('[7]');
    expect(screen.open).not.toHaveBeenCalled();
    expect(rowLabels(screen.frame())).toEqual([
      'list_partitions',
      'process_partition',
      ...Array.from({ length: 8 }, (_, i) => `[${i}]`),
      'compact',
    ]);
    expect(screen.frame()).toContain('enter hides its 8 indexes');
    await screen.press('j', 'j', 'j', 'j');
    await screen.waitFor(/^›\s+\[3\]/m);
    expect(screen.frame()).toContain('process_partition[3]');
    await screen.press(KEY.enter);
    expect(screen.open).toHaveBeenCalledWith({
      screen: 'task',
      backend: 'airflow',
      workflowId: MAPPED,
      runId: run.id,
      taskId: 'process_partition',
      mapIndex: 3,
    });
    await screen.press('c');
    expect(screen.writes.retryTask).toHaveBeenCalledWith(
      expect.objectContaining({ runId: run.id, task: { taskId: 'process_partition', mapIndex: 3 } }),
    );
    await screen.press(' ');
    await screen.waitFor('1 selected');
    await screen.press('c');
    const request = screen.writes.start.mock.calls[0]?.[0];
    expect(request?.title).toContain('process_partition[3]');
  });

  it('the cursor stays on its row when rows open and close above it and through a refresh', async () => {
    const screen = track(renderScreen(RunsScreen, gridRoute(MAPPED), { airflow: h.airflow }, { height: 30 }));
    await screen.waitFor('process_partition');
    await screen.press('j', KEY.enter, 'j', 'j', 'j', 'j', 'j', 'j');
    await screen.waitFor(/^›\s+\[5\]/m);
    await screen.press('r');
    await waitFor(() => expect(screen.flash).toHaveBeenCalledWith('Refreshing…', 'info'));
    await screen.waitFor(/updated/);
    expect(screen.frame()).toMatch(/^›\s+\[5\]/m);
    // Close the indexes from their task's row: the cursor stays there, compact is next.
    await screen.press('k', 'k', 'k', 'k', 'k', 'k', KEY.enter);
    await screen.waitFor(/^› ▸ process_partition/m);
    await screen.press('j');
    await screen.waitFor(/^›\s+compact/m);
  });

  it("reads the DAG's structure once, not on every poll, and again on r", async () => {
    const { backend, calls } = spied(h.airflow);
    // A queued run keeps the grid polling (every 3 s) while nothing moves on the speed-0 clock.
    await h.airflow.execute({
      kind: 'trigger',
      workflowId: 'adhoc_data_export',
      requestId: `grid_poll_${flavour}`,
      params: {},
      logicalDate: null,
    });
    const screen = track(renderScreen(RunsScreen, gridRoute('adhoc_data_export'), { airflow: backend }));
    await screen.waitFor('export_table');
    await waitFor(() => expect(calls.runs).toBeGreaterThanOrEqual(2), { interval: 100 });
    expect(calls.definitions).toBe(1);
    await screen.press('r');
    await waitFor(() => expect(calls.definitions).toBe(2));
  });

  it('rows in task id order, still grouped, with the reason on the title line when the structure cannot be read', async () => {
    const { backend } = spied(h.airflow, true);
    const screen = track(renderScreen(RunsScreen, gridRoute(DAG), { airflow: backend }, { height: 30 }));
    await screen.waitFor('run_risk_models');
    // The reason follows on the title line (cut at this width).
    expect(screen.frame()).toContain("rows by task id, the DAG's structure is unknown: Read the tas");
    expect(rowLabels(screen.frame())).toEqual([
      'data_ingestion',
      'aggregate_positions',
      'ingest_trades',
      'wait_for_trades_file',
      'load_reporting_db',
      'risk_modelling',
      'run_risk_models',
    ]);
  });
});
