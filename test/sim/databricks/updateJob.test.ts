// jobs/update, limited to the pause status of a job's triggers (the rest of new_settings is
// accepted and ignored, a documented simulator deviation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, jobIdOf, startHarness } from './simHarness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.sim.close());

const HOUR = 3_600_000;

async function schedule(jobId: number) {
  const { body } = await h.get(`/api/2.2/jobs/get?job_id=${jobId}`);
  return (body.settings as { schedule: { pause_status: string; quartz_cron_expression: string } }).schedule;
}

async function periodicRuns(jobId: number): Promise<number> {
  const { body } = await h.get(`/api/2.2/jobs/runs/list?job_id=${jobId}&limit=25`);
  return ((body.runs ?? []) as { trigger: string }[]).filter((run) => run.trigger === 'PERIODIC').length;
}

describe('jobs/update (pause status)', () => {
  it('pauses a schedule (no fires while paused) and unpauses it without catching up', async () => {
    const jobId = jobIdOf(h.sim, 'customer_360_refresh');
    const update = (pause_status: string) =>
      h.post('/api/2.2/jobs/update', { job_id: jobId, new_settings: { schedule: { pause_status } } });
    expect((await update('PAUSED')).status).toBe(200);
    expect((await schedule(jobId)).pause_status).toBe('PAUSED');
    const before = await periodicRuns(jobId);
    h.clock.advance(48 * HOUR);
    expect(await periodicRuns(jobId)).toBe(before);
    expect((await update('UNPAUSED')).status).toBe(200);
    expect(await periodicRuns(jobId)).toBe(before);
    h.clock.advance(25 * HOUR);
    expect(await periodicRuns(jobId)).toBeGreaterThan(before);
  });

  it('answers 400 INVALID_PARAMETER_VALUE for a job that does not exist', async () => {
    const { status, body } = await h.post('/api/2.2/jobs/update', {
      job_id: 999,
      new_settings: { schedule: { pause_status: 'PAUSED' } },
    });
    expect(status).toBe(400);
    expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});
