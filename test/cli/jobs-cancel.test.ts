// `dagdeck jobs cancel-run` and `dagdeck jobs cancel-all-runs` through the built binary against
// the Databricks simulator (issue 11 "Scriptable"; "Bad input ... a cancel of a finished run"): the
// preview listing what stops, --dry-run changing nothing, --json, the runs read back canceled, a run
// already over refused on one line with no write sent, and a job with no active run left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabricksFixture, startDatabricksFixture } from './support/databricksFixture.js';

const HOUR = 3_600_000;

describe('dagdeck jobs cancel-run and cancel-all-runs, Databricks simulator', () => {
  let db: DatabricksFixture;

  beforeAll(async () => {
    db = await startDatabricksFixture([{ name: 'sim' }]);
  }, 60_000);
  afterAll(() => db.close());

  const jobs = (args: string[]) => db.dagdeck(['--context', 'sim', 'jobs', ...args]);
  const activeRuns = async (jobId: string) => db.backend.listRuns(jobId, { activeOnly: true });

  it('cancel-run: --dry-run lists what stops and changes nothing; --yes --json cancels it (read back)', async () => {
    const job = db.jobId('customer_360_refresh');
    const [running] = await activeRuns(job);
    const runId = running?.id ?? '';
    expect(running?.state).toBe('running');
    const from = db.requests().length;
    const dry = await jobs(['cancel-run', runId, '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      new RegExp(`^Cancel run ${runId} of job customer_360_refresh: RUNNING for \\d+m \\d\\ds\\n`),
    );
    expect(dry.stdout).toContain('warning: this interrupts or fails work in progress');
    expect(db.postsSince(from)).toEqual([]);
    expect((await db.backend.getRun(job, runId)).state).toBe('running');

    const cancel = await jobs(['cancel-run', runId, '--yes', '--json']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(JSON.parse(cancel.stdout)).toMatchObject({
      ok: true,
      context: 'sim',
      summary: `Cancel requested for run ${runId} of job customer_360_refresh: Databricks stops it asynchronously`,
      steps: [
        {
          backend: 'databricks',
          action: { kind: 'cancelRun', workflowId: job, runId },
          status: 'ok',
          runId,
        },
      ],
    });
    expect(db.postsSince(from).map((entry) => entry.path)).toEqual(['/api/2.2/jobs/runs/cancel']);
    db.clock.advance(HOUR);
    expect(await db.backend.getRun(job, runId)).toMatchObject({ state: 'canceled' });
  });

  it('cancel-run of a run that has ended, or that does not exist: one line, exit 2, no write', async () => {
    const [ended] = (await db.backend.listRuns(db.jobId('sales_dashboard_refresh'), { limit: 5 })).filter(
      (run) => run.state === 'success',
    );
    const from = db.requests().length;
    const finished = await jobs(['cancel-run', ended?.id ?? '', '--yes']);
    expect(finished.code).toBe(2);
    expect(finished.stderr).toMatch(
      new RegExp(
        `^dagdeck: Run ${ended?.id} of job sales_dashboard_refresh already ended TERMINATED/SUCCESS at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC: nothing to cancel; nothing was sent\\n$`,
      ),
    );
    const unknown = await jobs(['cancel-run', '31337', '--yes']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^dagdeck: no run 31337 in context "sim" .*: see `dagdeck jobs list-runs`\n$/,
    );
    expect(db.postsSince(from)).toEqual([]);
    expect((await db.backend.getRun('', ended?.id ?? '')).state).toBe('success');
  });

  it('cancel-all-runs: lists the active runs, cancels them all; then there is nothing to cancel (exit 0, no write)', async () => {
    const job = db.jobId('gdpr_erasure_requests');
    const active = await activeRuns(job);
    expect(active.map((run) => run.state).sort()).toEqual(['queued', 'running']);
    const dry = await jobs(['cancel-all-runs', job, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      new RegExp(
        `^Cancel all 2 active runs of job gdpr_erasure_requests \\(${job}\\) \\(1 queued or starting\\)\\n`,
      ),
    );
    for (const run of active) expect(dry.stdout).toMatch(new RegExp(`\\n {2}run ${run.id} (QUEUED|RUNNING)`));
    expect(await activeRuns(job)).toHaveLength(2);

    const cancel = await jobs(['cancel-all-runs', job, '--yes']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain(
      `Cancel requested for the 2 active runs of job gdpr_erasure_requests (${job}): Databricks stops them asynchronously`,
    );
    db.clock.advance(HOUR);
    expect(await activeRuns(job)).toEqual([]);
    for (const run of active) expect((await db.backend.getRun(job, run.id)).state).toBe('canceled');

    const from = db.requests().length;
    const again = await jobs(['cancel-all-runs', job, '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`job gdpr_erasure_requests (${job}) has no active run: nothing to cancel\n`);
    const json = await jobs(['cancel-all-runs', job, '--dry-run', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      dryRun: true,
      willChange: false,
      context: 'sim',
      summary: `job gdpr_erasure_requests (${job}) has no active run: nothing to cancel`,
      steps: [],
    });
    expect(db.postsSince(from)).toEqual([]);
  });

  it('cancel-all-runs of an unknown job: one line, exit 2, no write', async () => {
    const from = db.requests().length;
    const run = await jobs(['cancel-all-runs', '777', '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'dagdeck: no job 777 in context "sim" (or this account cannot see it): see `dagdeck jobs list`\n',
    );
    expect(db.postsSince(from)).toEqual([]);
  });
});
