// Fidelity: every response dagdeck relies on validates against the published Jobs 2.2 schema
// (test/specs/databricks-jobs-2.2.schema.json, response types from its x-operations table).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMatchesSchema, responseDefinition } from './schemaValidator.js';
import { type Harness, jobIdOf, startHarness } from './simHarness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ jobs: 30 });
});
afterAll(() => h.sim.close());

const validate = (method: string, path: string, body: unknown) =>
  expectMatchesSchema(responseDefinition(method, path), body);

describe('Databricks simulator responses match the Jobs 2.2 schema', () => {
  it('the closed schema copy rejects an invented field (the check can fail)', () => {
    expect(() => expectMatchesSchema('RunState', { life_cycle_state: 'RUNNING', bogus: 1 })).toThrow(
      /bogus|unevaluated/,
    );
    expect(() => expectMatchesSchema('RunState', { life_cycle_state: 'NOT_A_STATE' })).toThrow();
  });

  it('jobs/list with and without expand_tasks, every page (ListJobsResponse)', async () => {
    for (const expand of ['false', 'true']) {
      let token = '';
      do {
        const { status, body } = await h.get(`/api/2.2/jobs/list?limit=100&expand_tasks=${expand}${token}`);
        expect(status).toBe(200);
        validate('GET', '/api/2.2/jobs/list', body);
        token = body.next_page_token ? `&page_token=${body.next_page_token}` : '';
      } while (token);
    }
  });

  it('jobs/get for every job, including the second 2.2 page of a 130-task job (Job)', async () => {
    for (const job of h.sim.state.jobs.values()) {
      const { status, body } = await h.get(`/api/2.2/jobs/get?job_id=${job.jobId}`);
      expect(status).toBe(200);
      validate('GET', '/api/2.2/jobs/get', body);
    }
    const wide = jobIdOf(h.sim, 'warehouse_table_sync');
    const first = await h.get(`/api/2.2/jobs/get?job_id=${wide}`);
    const second = await h.get(`/api/2.2/jobs/get?job_id=${wide}&page_token=${first.body.next_page_token}`);
    validate('GET', '/api/2.2/jobs/get', second.body);
  });

  it('runs/list with expand_tasks, all runs (ListRunsResponse)', async () => {
    let token = '';
    do {
      const { status, body } = await h.get(`/api/2.2/jobs/runs/list?limit=25&expand_tasks=true${token}`);
      expect(status).toBe(200);
      validate('GET', '/api/2.2/jobs/runs/list', body);
      token = body.next_page_token ? `&page_token=${body.next_page_token}` : '';
    } while (token);
  });

  it('runs/get with history for every run at three points of the virtual day (Run)', async () => {
    for (const step of [0, 30 * 60_000, 3 * 3_600_000]) {
      h.clock.advance(step);
      for (const run of [...h.sim.state.runs.values()].slice(0, 120)) {
        const { status, body } = await h.get(
          `/api/2.2/jobs/runs/get?run_id=${run.runId}&include_history=true`,
        );
        expect(status).toBe(200);
        validate('GET', '/api/2.2/jobs/runs/get', body);
      }
    }
  });

  it('runs/get-output on task runs: notebook result, python logs, error and error_trace (RunOutput)', async () => {
    const kinds = new Set<string>();
    for (const { run, attempt } of [...h.sim.state.taskRuns.values()].slice(0, 200)) {
      const { status, body } = await h.get(`/api/2.2/jobs/runs/get-output?run_id=${attempt.runId}`);
      expect(status, `${run.runId}/${attempt.runId}`).toBe(200);
      validate('GET', '/api/2.2/jobs/runs/get-output', body);
      for (const key of ['notebook_output', 'logs', 'error', 'error_trace']) if (key in body) kinds.add(key);
    }
    expect([...kinds].sort()).toEqual(['error', 'error_trace', 'logs', 'notebook_output']);
  });

  it('run-now and repair responses (RunNowResponse, RepairRunResponse)', async () => {
    const jobId = jobIdOf(h.sim, 'payments_settlement_report');
    const runNow = await h.post('/api/2.2/jobs/run-now', { job_id: jobId, idempotency_token: 'fidelity-1' });
    validate('POST', '/api/2.2/jobs/run-now', runNow.body);
    const failed = [...h.sim.state.runs.values()].find(
      (r) => r.jobId === jobIdOf(h.sim, 'eod_risk_models') && r.forcedFailures.length > 0,
    );
    const repair = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: failed?.runId,
      rerun_all_failed_tasks: true,
    });
    expect(repair.status).toBe(200);
    validate('POST', '/api/2.2/jobs/runs/repair', repair.body);
  });
});
