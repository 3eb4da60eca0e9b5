// `dagdeck jobs run-now` through the built binary against the Databricks simulator (issue 11
// "Scriptable"): --params and -p as job parameters, --dry-run starting nothing (read back), --json,
// bad input refused on one line with no write sent (unknown job, a parameter the job does not
// declare, bad JSON, a bad id or token), the server's own refusal as exit 1, an idempotency token
// sent twice making one run (explicit, and the same run-now confirmed again), answers lost after
// the workspace applied the run-now (--reset-after-write-rate 1) still making exactly one run, and
// --wait following the run to exit 0 or 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabricksFixture, startDatabricksFixture } from './support/databricksFixture.js';

const HOUR = 3_600_000;

describe('dagdeck jobs run-now, Databricks simulator', () => {
  let db: DatabricksFixture;
  let risk: string;

  beforeAll(async () => {
    db = await startDatabricksFixture([{ name: 'sim' }]);
    risk = db.jobId('eod_risk_models');
  }, 60_000);
  afterAll(() => db.close());

  const runNow = (args: string[], options: Parameters<DatabricksFixture['dagdeck']>[1] = {}) =>
    db.dagdeck(['--context', 'sim', 'jobs', 'run-now', ...args], options);
  const runCount = async (jobId: string) => (await db.backend.listRuns(jobId, { limit: 100 })).length;

  it('--dry-run lists every job parameter with the values given and starts nothing (read back)', async () => {
    const before = await runCount(risk);
    const from = db.requests().length;
    const dry = await runNow([risk, '-p', 'business_date=2026-11-20', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      new RegExp(`^Start a new run of job eod_risk_models \\(${risk}\\): 4 tasks, last successful run took`),
    );
    expect(dry.stdout).toContain('\n  business_date = 2026-11-20\n  portfolio = ALL (default)\n');
    expect(dry.stdout).toContain('(our estimate: the Databricks Jobs API has no dry run)');

    const json = await runNow([risk, '--params', '{"portfolio": "EU"}', '--dry-run', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      dryRun: true,
      context: 'sim',
      willChange: true,
      serverDryRun: false,
      destructive: false,
      confirmation: { kind: 'confirm' },
      affected: ['business_date = "" (default)', 'portfolio = EU'],
      steps: [
        {
          backend: 'databricks',
          action: { kind: 'trigger', workflowId: risk, params: { portfolio: 'EU' } },
        },
      ],
    });
    expect(JSON.parse(json.stdout).steps[0].action.requestId).toMatch(/^dagdeck__/);
    expect(await runCount(risk)).toBe(before);
    expect(db.postsSince(from)).toEqual([]);
  });

  it('--params with -p on top: the run carries them; --json gives the new run id', async () => {
    const run = await runNow([
      risk,
      '--params',
      '{"business_date": "2026-11-19", "portfolio": "EU"}',
      '-p',
      'business_date=2026-11-20',
      '--yes',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      ok: true,
      context: 'sim',
      steps: [{ backend: 'databricks', status: 'ok', alreadyDone: false }],
    });
    expect(result.summary).toMatch(/^Started run \d+ of job eod_risk_models/);
    const runId = result.steps[0].runId as string;
    expect((await db.backend.getRun(risk, runId)).conf).toEqual({
      business_date: '2026-11-20',
      portfolio: 'EU',
    });
    // The human lines went to stderr, so stdout is the JSON document alone.
    expect(run.stderr).toContain('Started run');
  });

  it('bad input gets one line, exit 2, and no write: unknown job or parameter, bad JSON, id or token', async () => {
    const before = await runCount(risk);
    const from = db.requests().length;
    const cases: Array<[string[], RegExp]> = [
      [
        ['1234567'],
        /^dagdeck: no job 1234567 in context "sim" \(or this account cannot see it\): see `dagdeck jobs list`\n$/,
      ],
      [
        [risk, '-p', 'colour=red'],
        /^dagdeck: Job eod_risk_models \(\d+\) has no parameter "colour": its parameters are "business_date", "portfolio"; nothing was sent\n$/,
      ],
      [[risk, '--params', '{bad'], /^dagdeck: --params is not valid JSON \(.*\): give a JSON object/],
      [[risk, '--params', '["a"]'], /^dagdeck: --params must be a JSON object/],
      [[risk, '-p', 'no-equals-sign'], /argument 'no-equals-sign' is invalid\. write it as key=value/],
      [
        ['eod_risk_models'],
        /value 'eod_risk_models' is invalid for argument 'JOB_ID'\. a Databricks job id is a number/,
      ],
      [[risk, '--idempotency-token', 'x'.repeat(65)], /give 1 to 64 characters \(the Databricks limit\)/],
    ];
    for (const [args, message] of cases) {
      const run = await runNow([...args, '--yes']);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
    expect(db.postsSince(from)).toEqual([]);
    expect(await runCount(risk)).toBe(before);
  });

  it('the server’s own refusal (the token’s run was deleted) is one line, exit 1', async () => {
    const first = await runNow([risk, '--idempotency-token', 'deleted-token', '--yes', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const runId = Number(JSON.parse(first.stdout).steps[0].runId);
    db.sim.state.cancelRun(runId);
    db.clock.advance(HOUR);
    db.sim.state.deleteRun(runId);
    const again = await runNow([risk, '--idempotency-token', 'deleted-token', '--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^dagdeck: Trigger run failed: .*has been deleted/);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('the same --idempotency-token sent twice makes one run: the second is read back as already there (exit 0)', async () => {
    const before = await runCount(risk);
    const first = await runNow([risk, '--idempotency-token', 'ticket-4711', '--yes']);
    expect(first.code, first.stderr).toBe(0);
    const runId = /Started run (\d+)/.exec(first.stdout)?.[1];
    expect(runId).toBeDefined();
    const second = await runNow([risk, '--idempotency-token', 'ticket-4711', '--yes', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).steps[0]).toMatchObject({
      status: 'ok',
      runId,
      alreadyDone: true,
      action: { requestId: 'ticket-4711' },
    });
    expect(second.stderr).toContain(
      `already has run ${runId} from an earlier send of this request: no second run`,
    );
    expect(second.stderr).toContain('To start another run, pass --idempotency-token with a new token');
    expect(await runCount(risk)).toBe(before + 1);
  });

  it('the same run-now confirmed twice re-sends the first idempotency token: one run', async () => {
    const job = db.jobId('ml_feature_backfill');
    const before = await runCount(job);
    const args = [job, '-p', 'feature_set=twice', '--yes'];
    const first = await runNow(args);
    expect(first.code, first.stderr).toBe(0);
    const second = await runNow(args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/note: The same trigger was confirmed \d+s ago/);
    expect(second.stdout).toMatch(/already has run \d+ from an earlier send of this request/);
    expect(await runCount(job)).toBe(before + 1);
  });

  it('--wait follows the run to success: each change on stdout, exit 0', async () => {
    const job = db.jobId('churn_model_training');
    let seen = '';
    let advanced = false;
    const run = await runNow([job, '--yes', '--wait', '--poll-interval', '200ms'], {
      timeoutMs: 30_000,
      onStdout: (chunk) => {
        // The clock is frozen: move it on once --wait has printed where the run starts.
        seen += chunk;
        if (!advanced && /\d\d:\d\d:\d\d run \d+: /.test(seen)) {
          advanced = true;
          db.clock.advance(12 * HOUR);
        }
      },
    });
    expect(run.code, run.stderr).toBe(0);
    const runId = /Started run (\d+)/.exec(run.stdout)?.[1] ?? '';
    expect(run.stdout).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d run ${runId}: (QUEUED|PENDING|RUNNING)\\n`));
    expect(run.stdout).toMatch(/\d\d:\d\d:\d\d \w+: TERMINATED\/SUCCESS\n/);
    expect(run.stdout).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d run ${runId}: TERMINATED/SUCCESS\\n$`));
  }, 40_000);

  it('--wait exits 1 when the run does not succeed; --json keeps stdout for the result, the changes go to stderr', async () => {
    const job = db.jobId('nightly_vacuum_optimize');
    const before = new Set((await db.backend.listRuns(job, { limit: 100 })).map((run) => run.id));
    const waiting = runNow([job, '--yes', '--wait', '--poll-interval', '200ms', '--json'], {
      timeoutMs: 30_000,
    });
    // Cancel the new run behind the command's back, then let the clock carry it to its end.
    let runId: string | undefined;
    const deadline = Date.now() + 15_000;
    while (runId === undefined) {
      runId = (await db.backend.listRuns(job, { limit: 100 })).find((run) => !before.has(run.id))?.id;
      if (Date.now() > deadline) throw new Error('the run never appeared');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await db.backend.execute({ kind: 'cancelRun', workflowId: job, runId });
    db.clock.advance(HOUR);
    const run = await waiting;
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      steps: [{ status: 'ok', runId }],
      run: { id: runId, workflowId: job, state: 'canceled', finished: true },
    });
    expect(run.stderr).toMatch(new RegExp(`run ${runId}: TERMINATED/CANCELED\\n`));
    expect(run.stderr).toMatch(
      new RegExp(
        `dagdeck: run ${runId} of job ${job} ended TERMINATED/CANCELED: rerun what failed with \`dagdeck jobs repair-run ${runId}\`\\n$`,
      ),
    );
  }, 40_000);
});

describe('dagdeck jobs run-now, answers lost after the workspace applied it (--reset-after-write-rate 1)', () => {
  let db: DatabricksFixture;
  beforeAll(async () => {
    db = await startDatabricksFixture([{ name: 'sim' }]);
  }, 60_000);
  afterAll(() => db.close());

  it('exit 5 with the token to re-send; sending the same run-now again finds the one run it made', async () => {
    const job = db.jobId('customer_360_refresh');
    const runs = async () => (await db.backend.listRuns(job, { limit: 100 })).length;
    const before = await runs();
    const from = db.requests().length;
    db.faults.resetAfterWriteRate = 1;
    const lost = await db.dagdeck(['--context', 'sim', 'jobs', 'run-now', job, '-p', 'x=1', '--yes']);
    db.faults.resetAfterWriteRate = 0;
    expect(lost.code).toBe(5);
    const token = /sending it again with --idempotency-token (\S+) makes no second run$/.exec(
      lost.stderr.trim(),
    )?.[1];
    expect(lost.stderr).toMatch(
      /^dagdeck: Trigger run failed: the answer was lost after sending: it may have been applied/m,
    );
    expect(token).toMatch(/^dagdeck__/);
    // Every send reached the workspace and lost its answer, the same token each time: one run.
    const posts = db.postsSince(from);
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.every((entry) => entry.path === '/api/2.2/jobs/run-now' && entry.status === null)).toBe(
      true,
    );
    expect(await runs()).toBe(before + 1);

    // The operator runs the same command again: it re-sends that token and finds the run.
    const again = await db.dagdeck(['--context', 'sim', 'jobs', 'run-now', job, '-p', 'x=1', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`as run ${token}`);
    expect(again.stdout).toMatch(
      /already has run \d+ from an earlier send of this request: no second run was made/,
    );
    expect(await runs()).toBe(before + 1);
  }, 60_000);
});
