// Issue 17, mapped tasks: the incident row of a failed map index opens that index's task screen
// (index 0 included, which a truthiness check would drop); the other indexes are one `o` away, in
// the grid, where every index has its row.
import { describe, expect, it } from 'vitest';
import { buildIncidents, DEFAULT_WINDOW_MS, runKey } from '../../../source/core/incidents.js';
import type { Run, TaskInstance } from '../../../source/core/model.js';
import { incidentRoute } from '../../../source/ui/screens/IncidentsScreen.js';

const failedRun: Run = {
  backend: 'airflow',
  workflowId: 'partition_backfill_mapped',
  id: 'scheduled__2026-11-19T10:00:00+00:00',
  state: 'failed',
  rawState: 'failed',
  endedAt: '2026-11-19T11:00:00Z',
};
const index = (mapIndex: number, state: TaskInstance['state']): TaskInstance => ({
  backend: 'airflow',
  workflowId: failedRun.workflowId,
  runId: failedRun.id,
  taskId: 'process_partition',
  mapIndex,
  state,
  rawState: state,
  tryNumber: 2,
});

describe('a failed map index in the incident view', () => {
  it.each([
    [0, [index(0, 'failed'), index(1, 'success')]],
    [5, [index(0, 'success'), index(5, 'failed')]],
  ])('opens map index %i, the one that failed', (mapIndex, tasks) => {
    const {
      incidents: [incident],
    } = buildIncidents(
      {
        airflow: {
          ok: true,
          value: {
            failedRuns: [failedRun],
            activeRuns: [],
            tasks: new Map([[runKey(failedRun), tasks]]),
            links: new Map(),
            importErrors: [],
          },
        },
        history: new Map(),
        workflows: new Map(),
      },
      { now: Date.parse('2026-11-19T12:00:00Z'), windowMs: DEFAULT_WINDOW_MS },
    );
    if (!incident) throw new Error('the failed index is an incident');
    expect(incidentRoute(incident, 'taskGrid')).toEqual({
      screen: 'task',
      backend: 'airflow',
      workflowId: failedRun.workflowId,
      runId: failedRun.id,
      taskId: 'process_partition',
      mapIndex,
    });
  });
});
