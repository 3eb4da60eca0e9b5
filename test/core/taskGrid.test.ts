// The runs × tasks grid's query, now in core (issue 15), against the Airflow simulator: its newest
// runs with their task instances, the DAG's structure read once and kept, and a focused run older
// than the newest page added as a column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../source/core/backend.js';
import { createTaskGridResource, GRID_RUNS, type GridStructure } from '../../source/core/taskGrid.js';
import { type StoryHarness, startStoryHarness } from '../ui/screens/support/storyHarness.js';

const DAG = 'fintech_eod_risk';

let h: StoryHarness;
beforeAll(async () => {
  h = await startStoryHarness(3);
});
afterAll(() => h.close());

function countingStructure(backend: Backend): { backend: Backend; reads: () => number } {
  let reads = 0;
  return {
    backend: {
      ...backend,
      kind: backend.kind,
      capabilities: backend.capabilities,
      listTaskDefinitions: (workflowId, signal) => {
        reads += 1;
        return backend.listTaskDefinitions(workflowId, signal);
      },
    },
    reads: () => reads,
  };
}

describe('createTaskGridResource', () => {
  it('reads the newest runs oldest first, each with its task instances, and the structure once', async () => {
    const { backend, reads } = countingStructure(h.airflow);
    const structure: { current: GridStructure } = { current: {} };
    const grid = createTaskGridResource(
      { airflow: backend },
      { backend: 'airflow', workflowId: DAG },
      structure,
    );
    await grid.refresh();
    const data = grid.getSnapshot().data;
    const runs = await h.airflow.listRuns(DAG, { limit: GRID_RUNS });
    expect(data?.runs.map((run) => run.id)).toEqual(runs.map((run) => run.id).reverse());
    for (const run of runs) expect(data?.tasks.get(run.id)?.length).toBeGreaterThan(0);
    expect(data?.definitions.map((task) => task.taskId)).toContain('risk_modelling.run_risk_models');
    await grid.refresh();
    expect(reads()).toBe(1);
    // Emptied by the caller (`r`): read again.
    structure.current = {};
    await grid.refresh();
    expect(reads()).toBe(2);
    grid.dispose();
  });

  it('adds a focused run older than the newest page as a column', async () => {
    const all = await h.airflow.listRuns(DAG, { limit: 100 });
    const oldest = all[all.length - 1];
    if (!oldest || all.length < 3) throw new Error('the seed has a few fintech_eod_risk runs');
    // A page of the two newest runs: the focused run is not on it.
    const paged: Backend = {
      ...h.airflow,
      kind: 'airflow',
      capabilities: h.airflow.capabilities,
      listRuns: async (workflowId, options, signal) =>
        (await h.airflow.listRuns(workflowId, options, signal)).slice(0, 2),
    };
    const grid = createTaskGridResource(
      { airflow: paged },
      { backend: 'airflow', workflowId: DAG, focusRunId: oldest.id },
      { current: {} },
    );
    await grid.refresh();
    const data = grid.getSnapshot().data;
    expect(data?.runs.map((run) => run.id)).toEqual([oldest.id, all[1]?.id, all[0]?.id]);
    expect(data?.tasks.get(oldest.id)?.length).toBeGreaterThan(0);
    grid.dispose();
  });
});
