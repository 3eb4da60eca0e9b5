// Pins what driving the simulator with the official databricks-sdk 0.162.0
// (test/real/databricks_sdk_check.py, issue 6) showed. Each test names the finding.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './simHarness.js';

interface TaskJson {
  task_key: string;
  run_id?: number;
  state: { life_cycle_state: string; result_state?: string; user_cancelled_or_timedout: boolean };
  status: { state: string; termination_details?: { code: string } };
}
interface RunJson {
  state: { life_cycle_state: string; result_state?: string };
  tasks: TaskJson[];
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.sim.close());

const getRun = async (runId: number) =>
  (await h.get(`/api/2.2/jobs/runs/get?run_id=${runId}`)).body as unknown as RunJson;

describe('findings of the databricks-sdk check', () => {
  it('a run cancelled while queued ends its task placeholders too, not QUEUED under a TERMINATED run (reference §3 state)', async () => {
    // Found by the SDK round trip: runs/get of such a run said TERMINATED CANCELED while every
    // task still said QUEUED, so a waiter or a task list showed work that would never run.
    const [, queued] = h.sim.state.jobByName('gdpr_erasure_requests')?.runIds ?? [];
    const before = await getRun(queued ?? 0);
    expect(before.state.life_cycle_state).toBe('QUEUED');
    expect(before.tasks.every((t) => t.state.life_cycle_state === 'QUEUED')).toBe(true);

    await h.post('/api/2.2/jobs/runs/cancel', { run_id: queued });
    h.clock.advance(10_000);
    const after = await getRun(queued ?? 0);
    expect(after.state).toMatchObject({ life_cycle_state: 'TERMINATED', result_state: 'CANCELED' });
    expect(after.tasks.length).toBeGreaterThan(0);
    for (const task of after.tasks) {
      expect(task.state).toMatchObject({
        life_cycle_state: 'TERMINATED',
        result_state: 'CANCELED',
        user_cancelled_or_timedout: true,
      });
      expect(task.status).toMatchObject({
        state: 'TERMINATED',
        termination_details: { code: 'USER_CANCELED' },
      });
      // No task run was ever created, so there is no task run id to point at.
      expect(task.run_id).toBeUndefined();
    }
  });
});
