// The Databricks write commands refuse before any request, as the Airflow ones do (issue 11 "the
// same --dry-run, --yes, --confirm, --json and exit codes as the Airflow commands"): with no
// terminal and neither --yes nor --confirm (exit 2), under --read-only or on a read-only context
// (exit 1, audited), each proved by the simulator's request log; a protected context wants the job
// id typed back (--confirm JOB_ID, also for a command given only a run id); on a terminal the
// command asks, No by default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtyConsole } from '../e2e/support/ptyConsole.js';
import {
  type DatabricksFixture,
  failedRiskRun,
  startDatabricksFixture,
} from './support/databricksFixture.js';

const HOUR = 3_600_000;

describe('dagdeck jobs writes: policy and confirmation, Databricks simulator', () => {
  let db: DatabricksFixture;
  /** One valid invocation of each write command. */
  let writes: Array<[string, string[]]>;

  beforeAll(async () => {
    db = await startDatabricksFixture([
      { name: 'sim' },
      { name: 'prot', protection: 'protected' },
      { name: 'ro', protection: 'read-only' },
    ]);
    const [active] = await db.backend.listRuns(db.jobId('customer_360_refresh'), { activeOnly: true });
    writes = [
      ['run-now', ['run-now', db.jobId('eod_risk_models'), '-p', 'portfolio=EU']],
      ['cancel-run', ['cancel-run', active?.id ?? '']],
      ['cancel-all-runs', ['cancel-all-runs', db.jobId('gdpr_erasure_requests')]],
      ['repair-run', ['repair-run', await failedRiskRun(db)]],
      ['pause', ['pause', db.jobId('marketing_attribution')]],
      ['unpause', ['unpause', db.jobId('ledger_reconciliation')]],
    ];
  }, 60_000);
  afterAll(() => db.close());

  it('without a terminal and without --yes: exit 2, one line, not one request sent', async () => {
    for (const [name, args] of writes) {
      const from = db.requests().length;
      const run = await db.dagdeck(['--context', 'sim', 'jobs', ...args]);
      expect(run.code, `${name}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(/^dagdeck: no terminal to confirm on: nothing was sent; add --yes/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(db.requests().slice(from), name).toEqual([]);
    }
  });

  it('--read-only and a read-only context refuse before any request: exit 1, one line, in the audit trail', async () => {
    for (const [name, args] of writes) {
      const from = db.requests().length;
      const flag = await db.dagdeck(['--read-only', '--context', 'sim', 'jobs', ...args, '--yes']);
      expect(flag.code, `${name}: ${flag.stderr}`).toBe(1);
      expect(flag.stderr).toBe(
        'dagdeck: Refused: this session is read-only (--read-only): nothing was sent; start dagdeck without --read-only to write\n',
      );
      const context = await db.dagdeck(['--context', 'ro', 'jobs', ...args, '--yes']);
      expect(context.code, `${name}: ${context.stderr}`).toBe(1);
      expect(context.stderr).toMatch(/^dagdeck: Refused: context "ro" is read-only: nothing was sent/);
      expect(db.requests().slice(from), name).toEqual([]);
    }
    const audit = await db.dagdeck(['audit', '--json', '--context', 'ro']);
    const entries = JSON.parse(audit.stdout) as Array<{ action: string; target: string; result: string }>;
    expect(entries).toHaveLength(writes.length);
    expect(entries.every((entry) => entry.result === 'refused')).toBe(true);
    // A command given only a run id is refused before its job is looked up: the run alone is named.
    const cancelRunArgs = writes.find(([name]) => name === 'cancel-run')?.[1] ?? [];
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'cancelRun', target: `run ${cancelRunArgs[1]}` }),
    );
  });

  it('a protected context wants the job id, also for a run given alone: --yes and a wrong --confirm are exit 2', async () => {
    const job = db.jobId('customer_360_refresh');
    const [run] = await db.backend.listRuns(job, { activeOnly: true });
    const runId = run?.id ?? '';
    const from = db.requests().length;
    const dry = await db.dagdeck(['--context', 'prot', 'jobs', 'cancel-run', runId, '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout).confirmation).toEqual({ kind: 'typed', expected: job });
    const yesOnly = await db.dagdeck(['--context', 'prot', 'jobs', 'cancel-run', runId, '--yes']);
    expect(yesOnly.code).toBe(2);
    expect(yesOnly.stderr).toMatch(
      new RegExp(
        `^dagdeck: context "prot" is protected: --yes is not enough, add --confirm ${job} \\(the job id\\); nothing was sent\\n$`,
      ),
    );
    const wrong = await db.dagdeck(['--context', 'prot', 'jobs', 'cancel-run', runId, '--confirm', runId]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      new RegExp(
        `--confirm "${runId}" does not match: confirm with the job id, --confirm ${job}; nothing was sent`,
      ),
    );
    expect(db.postsSince(from)).toEqual([]);

    const right = await db.dagdeck(['--context', 'prot', 'jobs', 'cancel-run', runId, '--confirm', job]);
    expect(right.code, right.stderr).toBe(0);
    db.clock.advance(HOUR);
    expect((await db.backend.getRun(job, runId)).state).toBe('canceled');
  });

  it('on a terminal it asks: N (the default) sends nothing, y starts the run', async () => {
    const job = db.jobId('ml_feature_backfill');
    const count = async () => (await db.backend.listRuns(job, { limit: 100 })).length;
    const before = await count();
    const env = { DAGDECK_CONFIG_DIR: db.dir, HOME: db.dir, DATABRICKS_TOKEN: db.sim.token };
    const args = ['--context', 'sim', 'jobs', 'run-now', job, '-p', 'feature_set=asked'];
    const declined = new PtyConsole({ args, env });
    await declined.waitFor('Go ahead? [y/N]');
    expect(declined.screen()).toContain('feature_set = asked');
    await declined.type('\r');
    expect(await declined.exited).toBe(1);
    expect(declined.screen()).toContain('not confirmed: nothing was sent');
    expect(await count()).toBe(before);

    const accepted = new PtyConsole({ args: [...args.slice(0, -1), 'feature_set=accepted'], env });
    await accepted.waitFor('Go ahead? [y/N]');
    await accepted.type('y\r');
    expect(await accepted.exited).toBe(0);
    expect(await count()).toBe(before + 1);
  });
});
