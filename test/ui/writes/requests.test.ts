// Repair and retry requests carry their runs' backend as data and name it from BACKEND_LABEL
// (issue 15: the UI names no backend kind); a repair target that does not say its backend is
// one of the kind that repairs runs.
import { describe, expect, it } from 'vitest';
import { type ClearTarget, repairRequest, retryRequest } from '../../../source/ui/writes/requests.js';

const clear: ClearTarget = { backend: 'airflow', workflowId: 'dag', runId: 'r1', tasks: [] };

describe('repair and retry requests', () => {
  it("a repair's step and title follow its target's backend", () => {
    const request = repairRequest({ backend: 'databricks', workflowId: '7', runId: '42' }, ['a', 'b']);
    expect(request.title).toBe('Repair Databricks run 42: a, b');
    expect(request.steps({ toggleDownstream: true })).toEqual([
      {
        backend: 'databricks',
        action: { kind: 'repairRun', workflowId: '7', runId: '42', tasks: ['a', 'b'], rerunDependents: true },
      },
    ]);
  });

  it('a retry of both kinds says how many runs of each, by name', () => {
    const request = retryRequest(
      [clear, { ...clear, runId: 'r2' }],
      [{ backend: 'databricks', workflowId: '7', runId: '42' }],
    );
    expect(request.title).toBe('Retry 2 Airflow runs and 1 Databricks run');
    expect(request.steps({ toggleDownstream: true }).map((step) => step.backend)).toEqual([
      'airflow',
      'airflow',
      'databricks',
    ]);
  });
});
