// `dagdeck jobs list-runs` and `dagdeck jobs pause|unpause` through the built binary against the
// Databricks simulator (issue 11 "Scriptable"): runs newest first as a table or JSON, of one job or
// of the workspace, active only; pausing and unpausing a schedule read back, a job already as asked
// left alone, and a job with nothing to pause or that does not exist refused on one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabricksFixture, startDatabricksFixture } from './support/databricksFixture.js';

describe('dagdeck jobs list-runs, pause and unpause, Databricks simulator', () => {
  let db: DatabricksFixture;

  beforeAll(async () => {
    db = await startDatabricksFixture([{ name: 'sim' }, { name: 'prot', protection: 'protected' }]);
  }, 60_000);
  afterAll(() => db.close());

  const jobs = (args: string[], context = 'sim') => db.dagdeck(['--context', context, 'jobs', ...args]);
  const paused = async (jobId: string) => (await db.backend.getWorkflow(jobId)).paused;

  it('list-runs: a table newest first; --job-id, --active-only, --limit; --json an array of runs', async () => {
    const risk = db.jobId('eod_risk_models');
    const table = await jobs(['list-runs', '--job-id', risk]);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN ID\s+JOB ID\s+NAME\s+STATE\s+TRIGGER\s+STARTED\s+DURATION$/);
    const expected = await db.backend.listRuns(risk, { limit: 25 });
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(expected.map((run) => run.id));
    expect(lines.slice(1).every((line) => line.split(/\s+/)[1] === risk)).toBe(true);
    expect(table.stdout).toContain('TERMINATED/FAILED');

    const json = await jobs(['list-runs', '--active-only', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const active = JSON.parse(json.stdout) as Array<{ backend: string; state: string; workflowId: string }>;
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((run) => run.backend === 'databricks')).toBe(true);
    expect(active.every((run) => ['queued', 'running', 'blocked', 'retrying'].includes(run.state))).toBe(
      true,
    );
    expect(new Set(active.map((run) => run.workflowId))).toContain(db.jobId('gdpr_erasure_requests'));

    const three = await jobs(['list-runs', '--limit', '3', '--json']);
    expect(JSON.parse(three.stdout)).toHaveLength(3);
    const none = await jobs(['list-runs', '--job-id', db.jobId('ledger_reconciliation'), '--active-only']);
    expect(none.stdout).toBe('no active runs\n');
  });

  it('list-runs of an unknown job or a bad id: one line, exit 2', async () => {
    const unknown = await jobs(['list-runs', '--job-id', '4040']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'dagdeck: no job 4040 in context "sim" (or this account cannot see it): see `dagdeck jobs list`\n',
    );
    const bad = await jobs(['list-runs', '--job-id', 'eod_risk_models']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^dagdeck: option '--job-id <id>' argument 'eod_risk_models' is invalid/);
  });

  it('pause: --dry-run changes nothing, --yes pauses, a second pause has nothing to do; unpause undoes it', async () => {
    const job = db.jobId('customer_360_refresh');
    expect(await paused(job)).toBe(false);
    const from = db.requests().length;
    const dry = await jobs(['pause', job, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      new RegExp(`^Pause the 0 0 2 \\* \\* \\? schedule of job customer_360_refresh \\(${job}\\)\\n`),
    );
    expect(db.postsSince(from)).toEqual([]);
    expect(await paused(job)).toBe(false);

    const pause = await jobs(['pause', job, '--yes', '--json']);
    expect(pause.code, pause.stderr).toBe(0);
    expect(JSON.parse(pause.stdout)).toMatchObject({
      ok: true,
      summary: `Job customer_360_refresh (${job}) paused`,
      steps: [{ status: 'ok', action: { kind: 'setPaused', workflowId: job, paused: true } }],
    });
    expect(await paused(job)).toBe(true);

    const before = db.requests().length;
    const again = await jobs(['pause', job, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`job customer_360_refresh (${job}) is already paused: nothing to do\n`);
    expect(db.postsSince(before)).toEqual([]);

    const unpause = await jobs(['unpause', job, '--yes']);
    expect(unpause.code, unpause.stderr).toBe(0);
    expect(unpause.stdout).toContain(`Job customer_360_refresh (${job}) unpaused`);
    expect(await paused(job)).toBe(false);
  });

  it('pauses a continuous job and a file-arrival trigger too', async () => {
    for (const name of ['fraud_scoring_stream', 'vendor_feed_ingest']) {
      const job = db.jobId(name);
      const pause = await jobs(['pause', job, '--yes']);
      expect(pause.code, pause.stderr).toBe(0);
      expect(await paused(job)).toBe(true);
    }
  });

  it('pause on a protected context needs no typed id (it starts or stops no run)', async () => {
    const job = db.jobId('nightly_vacuum_optimize');
    const pause = await jobs(['pause', job, '--yes'], 'prot');
    expect(pause.code, pause.stderr).toBe(0);
    expect(await paused(job)).toBe(true);
  });

  it('a job with nothing to pause, or an unknown job: one line, exit 2, no write', async () => {
    const risk = db.jobId('eod_risk_models');
    const from = db.requests().length;
    const noSchedule = await jobs(['pause', risk, '--yes']);
    expect(noSchedule.code).toBe(2);
    expect(noSchedule.stderr).toBe(
      `dagdeck: job eod_risk_models (${risk}) has no schedule, trigger or continuous setting: there is nothing to pause; start runs with \`dagdeck jobs run-now ${risk}\`\n`,
    );
    const unknown = await jobs(['unpause', '5050', '--yes']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^dagdeck: no job 5050 in context "sim"/);
    expect(db.postsSince(from)).toEqual([]);
  });
});
