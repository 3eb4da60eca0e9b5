// `dagdeck jobs repair-run` through the built binary against the Databricks simulator (issue 11
// "Scriptable"; "Done when": repair, failed only, chosen tasks, chained): the preview listing what
// reruns, --dry-run changing nothing, bad input refused on one line with no write sent (a task key
// the run does not have, a run still running, a run with nothing failed, an unknown run), --wait
// exiting 1 when the repair fails (--failing-repair-tasks) and 0 when it succeeds, and a chained
// repair sending latest_repair_id (the simulator refuses a second repair without it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DatabricksFixture,
  failedRiskRun,
  startDatabricksFixture,
} from './support/databricksFixture.js';

const HOUR = 3_600_000;

describe('dagdeck jobs repair-run, Databricks simulator', () => {
  let db: DatabricksFixture;
  let risk: string;
  let failedRun: string;

  beforeAll(async () => {
    db = await startDatabricksFixture([{ name: 'sim' }], { failingRepairTasks: ['stress_tests'] });
    risk = db.jobId('eod_risk_models');
    failedRun = await failedRiskRun(db);
  }, 60_000);
  afterAll(() => db.close());

  const repair = (args: string[], options: Parameters<DatabricksFixture['dagdeck']>[1] = {}) =>
    db.dagdeck(['--context', 'sim', 'jobs', 'repair-run', ...args], options);
  /** Moves the frozen clock on once --wait has printed its first line. */
  const advanceOnFirstLine = () => {
    let seen = '';
    let advanced = false;
    return (chunk: string) => {
      seen += chunk;
      if (!advanced && /\d\d:\d\d:\d\d run \d+: /.test(seen)) {
        advanced = true;
        db.clock.advance(12 * HOUR);
      }
    };
  };

  it('--dry-run lists the failed task and its dependent with their last outcome; nothing is sent', async () => {
    const from = db.requests().length;
    const dry = await repair([failedRun, '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      new RegExp(
        `^Repair run ${failedRun} of job eod_risk_models: rerun stress_tests \\(last \\d+m \\d\\ds\\) and 1 dependent\\n`,
      ),
    );
    expect(dry.stdout).toMatch(/\n {2}stress_tests: last FAILED after \d+m \d\ds\n/);
    expect(dry.stdout).toContain('\n  publish_risk_report: dependent, last UPSTREAM_FAILED (did not run)\n');
    expect(dry.stdout).toContain('(our estimate: the Databricks Jobs API has no dry run)');

    const json = await repair([
      failedRun,
      '--task',
      'stress_tests',
      '--rerun-dependents',
      '--dry-run',
      '--json',
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      dryRun: true,
      willChange: true,
      serverDryRun: false,
      destructive: false,
      steps: [
        {
          backend: 'databricks',
          action: {
            kind: 'repairRun',
            workflowId: risk,
            runId: failedRun,
            tasks: ['stress_tests'],
            rerunDependents: true,
          },
        },
      ],
    });
    expect(db.postsSince(from)).toEqual([]);
    expect((await db.backend.getRun('', failedRun)).repairIds).toBeUndefined();
  });

  it('bad input gets one line, exit 2, and no write: a task not in the run, a run not repairable, an unknown run', async () => {
    const [running] = await db.backend.listRuns(db.jobId('customer_360_refresh'), { activeOnly: true });
    const succeeded = (await db.backend.listRuns(risk, { limit: 25 })).find((run) => run.state === 'success');
    expect(running).toBeDefined();
    expect(succeeded).toBeDefined();
    const from = db.requests().length;
    const cases: Array<[string[], RegExp]> = [
      [
        [failedRun, '--task', 'stress_test'],
        new RegExp(
          `^dagdeck: Run ${failedRun} of job eod_risk_models has no task "stress_test": its tasks are "load_positions", "var_model", "stress_tests", "publish_risk_report"; nothing was sent\\n$`,
        ),
      ],
      [
        [running?.id ?? ''],
        /^dagdeck: Run \d+ of job customer_360_refresh is still RUNNING: a run can be repaired only once it has ended; wait for it, or cancel it first; nothing was sent\n$/,
      ],
      [
        [succeeded?.id ?? ''],
        /^dagdeck: Run \d+ of job eod_risk_models succeeded: no task failed, so there is nothing to repair; name the tasks to rerun, or start a new run; nothing was sent\n$/,
      ],
      [
        ['424242'],
        /^dagdeck: no run 424242 in context "sim" \(deleted, older than 60 days, or another workspace's\): see `dagdeck jobs list-runs`\n$/,
      ],
      [['run-1'], /value 'run-1' is invalid for argument 'RUN_ID'\. a Databricks run id is a number/],
    ];
    for (const [args, message] of cases) {
      const run = await repair([...args, '--yes']);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
    expect(db.postsSince(from)).toEqual([]);
  });

  it('--wait exits 1 when the repair fails again; a second repair chains on it (latest_repair_id)', async () => {
    const first = await repair([failedRun, '--yes', '--wait', '--poll-interval', '200ms'], {
      timeoutMs: 30_000,
      onStdout: advanceOnFirstLine(),
    });
    expect(first.code).toBe(1);
    const firstRepair = Number(/^Repair (\d+) of run /m.exec(first.stdout)?.[1]);
    expect(firstRepair).toBeGreaterThan(0);
    // The state changes as they were seen: the repair reran stress_tests, which failed again.
    expect(first.stdout).toMatch(/\d\d:\d\d:\d\d stress_tests: TERMINATED\/FAILED\n/);
    expect(first.stdout).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d run ${failedRun}: TERMINATED/FAILED\\n$`));
    expect(first.stderr).toBe(
      `dagdeck: run ${failedRun} of job ${risk} ended TERMINATED/FAILED: rerun what failed with \`dagdeck jobs repair-run ${failedRun}\`\n`,
    );
    expect((await db.backend.getRun(risk, failedRun)).repairIds).toEqual([firstRepair]);

    // The workspace refuses a further repair that does not name the latest one...
    const headers = { authorization: `Bearer ${db.sim.token}`, 'content-type': 'application/json' };
    const unchained = await fetch(`${db.sim.url}/api/2.2/jobs/runs/repair`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ run_id: Number(failedRun), rerun_tasks: ['var_model'] }),
    });
    expect(unchained.status).toBe(400);

    // ...so the second repair is accepted only because it sends latest_repair_id.
    const dry = await repair([failedRun, '--task', 'var_model', '--dry-run']);
    expect(dry.stdout).toMatch(
      new RegExp(
        `rerun var_model \\(last \\d+m \\d\\ds\\) and 0 dependents, chained on repair ${firstRepair}\\n`,
      ),
    );
    const second = await repair([failedRun, '--task', 'var_model', '--yes', '--json']);
    expect(second.code, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout);
    expect(result).toMatchObject({
      ok: true,
      steps: [{ status: 'ok', runId: failedRun, affected: ['var_model'], alreadyDone: false }],
    });
    const secondRepair = result.steps[0].repairId as number;
    expect(secondRepair).not.toBe(firstRepair);
    expect((await db.backend.getRun(risk, failedRun)).repairIds).toEqual([firstRepair, secondRepair]);
    db.clock.advance(12 * HOUR);
  }, 60_000);

  it('--wait exits 0 when the repair succeeds (a run repaired before: chained on its repair); --json has the run', async () => {
    const settlement = db.jobId('payments_settlement_report');
    const [seeded] = await db.backend.listRuns(settlement, { limit: 5 });
    const runId = seeded?.id ?? '';
    const before = (await db.backend.getRun(settlement, runId)).repairIds ?? [];
    expect(before).toHaveLength(1);
    const waiting = repair(
      [runId, '--task', 'send_report', '--yes', '--wait', '--poll-interval', '200ms', '--json'],
      { timeoutMs: 30_000 },
    );
    // Under --json the state changes go to stderr: move the clock once the repair is there.
    const deadline = Date.now() + 15_000;
    while (((await db.backend.getRun(settlement, runId)).repairIds ?? []).length === before.length) {
      if (Date.now() > deadline) throw new Error('the repair never appeared');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    db.clock.advance(12 * HOUR);
    const run = await waiting;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d run ${runId}: TERMINATED/SUCCESS\\n`));
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      ok: true,
      steps: [{ status: 'ok', runId, affected: ['send_report'] }],
      run: { id: runId, workflowId: settlement, state: 'success', finished: true },
    });
    expect(result.run.repairIds).toEqual([...before, result.steps[0].repairId]);
  }, 60_000);
});
