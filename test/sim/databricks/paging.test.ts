// Paging: jobs/list at 5,000 jobs through next_page_token, the limits of
// jobs/list (≤100) and runs/list (≤25), and the 2.2 paging of arrays inside jobs/get and runs/get
// that the 2.1 aliases do not have.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, jobIdOf, startHarness } from './simHarness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ jobs: 5000, runsPerJob: 1 });
});
afterAll(() => h.sim.close());

describe('Databricks simulator paging', () => {
  it('lists all 5,000 generated jobs plus the story jobs through next_page_token (limit 100)', async () => {
    const ids = new Set<number>();
    let token: string | undefined;
    let pages = 0;
    do {
      const query = token ? `&page_token=${encodeURIComponent(token)}` : '';
      const { status, body } = await h.get(`/api/2.2/jobs/list?limit=100${query}`);
      expect(status).toBe(200);
      const jobs = body.jobs as { job_id: number }[];
      expect(jobs.length).toBeLessThanOrEqual(100);
      for (const job of jobs) ids.add(job.job_id);
      token = body.next_page_token as string | undefined;
      expect(body.has_more).toBe(token !== undefined);
      pages++;
    } while (token);
    expect(ids.size).toBe(h.sim.state.jobs.size);
    expect(ids.size).toBeGreaterThan(5000);
    expect(pages).toBe(Math.ceil(ids.size / 100));
  });

  it('jobs/list filters by exact, case-insensitive name', async () => {
    const { body } = await h.get('/api/2.2/jobs/list?name=EOD_RISK_MODELS');
    expect((body.jobs as { settings: { name: string } }[]).map((j) => j.settings.name)).toEqual([
      'eod_risk_models',
    ]);
    const none = await h.get('/api/2.2/jobs/list?name=eod_risk');
    expect(none.body).toEqual({ has_more: false });
  });

  it('rejects jobs/list limit above 100 and runs/list limit above 25 with 400 INVALID_PARAMETER_VALUE', async () => {
    const jobs = await h.get('/api/2.2/jobs/list?limit=101');
    expect(jobs.status).toBe(400);
    expect(jobs.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    const runs = await h.get('/api/2.2/jobs/runs/list?limit=26');
    expect(runs.status).toBe(400);
    expect(runs.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('a tampered page token is a 400, not a silent first page', async () => {
    const { status, body } = await h.get('/api/2.2/jobs/list?page_token=not-a-token');
    expect(status).toBe(400);
    expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('runs/list pages newest first without duplicates (limit 25)', async () => {
    const seen: { run_id: number; start_time: number }[] = [];
    let token: string | undefined;
    do {
      const query = token ? `&page_token=${encodeURIComponent(token)}` : '';
      const { body } = await h.get(`/api/2.2/jobs/runs/list?limit=25${query}`);
      seen.push(...(body.runs as { run_id: number; start_time: number }[]));
      token = body.next_page_token as string | undefined;
    } while (token && seen.length < 400);
    expect(new Set(seen.map((r) => r.run_id)).size).toBe(seen.length);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i - 1]!.start_time).toBeGreaterThanOrEqual(seen[i]!.start_time);
    }
  });

  it('2.2 jobs/get returns 100 tasks and a next_page_token; the next page the other 30 (reference §1)', async () => {
    const jobId = jobIdOf(h.sim, 'warehouse_table_sync');
    const first = await h.get(`/api/2.2/jobs/get?job_id=${jobId}`);
    const settings = first.body.settings as { tasks: unknown[]; job_clusters: unknown[] };
    expect(settings.tasks).toHaveLength(100);
    expect(settings.job_clusters).toHaveLength(1);
    expect(first.body.next_page_token).toEqual(expect.any(String));
    const second = await h.get(`/api/2.2/jobs/get?job_id=${jobId}&page_token=${first.body.next_page_token}`);
    const settings2 = second.body.settings as { tasks: { task_key: string }[]; job_clusters: unknown[] };
    expect(settings2.tasks).toHaveLength(30);
    expect(settings2.tasks[0]?.task_key).toBe('sync_table_101');
    expect(settings2.job_clusters).toEqual([]);
    expect(second.body.next_page_token).toBeUndefined();
  });

  it('the 2.1 alias returns all 130 tasks at once, with no next_page_token', async () => {
    const jobId = jobIdOf(h.sim, 'warehouse_table_sync');
    const { status, body } = await h.get(`/api/2.1/jobs/get?job_id=${jobId}`);
    expect(status).toBe(200);
    expect((body.settings as { tasks: unknown[] }).tasks).toHaveLength(130);
    expect(body.next_page_token).toBeUndefined();
  });

  it('2.2 runs/get pages the tasks of a 130-task run; 2.1 does not', async () => {
    const runId = h.sim.state.jobByName('warehouse_table_sync')?.runIds[0];
    const first = await h.get(`/api/2.2/jobs/runs/get?run_id=${runId}`);
    expect(first.body.tasks).toHaveLength(100);
    expect(first.body.has_more).toBe(true);
    const second = await h.get(
      `/api/2.2/jobs/runs/get?run_id=${runId}&page_token=${first.body.next_page_token}`,
    );
    expect(second.body.tasks).toHaveLength(30);
    const v21 = await h.get(`/api/2.1/jobs/runs/get?run_id=${runId}`);
    expect(v21.body.tasks).toHaveLength(130);
    expect(v21.body.next_page_token).toBeUndefined();
  });
});
