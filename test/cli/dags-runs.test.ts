// `dagdeck dags pause|unpause`, `dags set-run-state` and `dags list-runs` through the built binary
// against the Airflow simulator, both flavours (issue 10 "The same writes, scriptable"): each does
// what it says (read back), --dry-run changes nothing, a DAG or run already as asked is left alone,
// an unknown state or DAG is one line with exit 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AirflowFixture, failedRiskRun, startAirflowFixture } from './support/airflowFixture.js';

describe.each([3, 2] as const)(
  'dagdeck dags pause|unpause|set-run-state|list-runs, Airflow %i simulator',
  (flavour) => {
    let af: AirflowFixture;

    beforeAll(async () => {
      af = await startAirflowFixture(flavour, [{ name: 'sim' }, { name: 'prot', protection: 'protected' }]);
    }, 60_000);
    afterAll(() => af.close());

    const dags = (args: string[]) => af.dagdeck(['--context', 'sim', 'dags', ...args]);
    const paused = async (dagId: string) => (await af.backend.getWorkflow(dagId)).paused;

    it('pause: --dry-run changes nothing, --yes pauses, a second pause has nothing to do; unpause undoes it', async () => {
      expect(await paused('ledger_reconciliation')).toBe(false);
      const dry = await dags(['pause', 'ledger_reconciliation', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/^Pause ledger_reconciliation: no new runs are scheduled/);
      expect(await paused('ledger_reconciliation')).toBe(false);

      const pause = await dags(['pause', 'ledger_reconciliation', '--yes', '--json']);
      expect(pause.code, pause.stderr).toBe(0);
      expect(JSON.parse(pause.stdout)).toMatchObject({
        ok: true,
        steps: [
          { status: 'ok', action: { kind: 'setPaused', workflowId: 'ledger_reconciliation', paused: true } },
        ],
      });
      expect(await paused('ledger_reconciliation')).toBe(true);

      const again = await dags(['pause', 'ledger_reconciliation', '--yes']);
      expect(again.code).toBe(0);
      expect(again.stdout).toBe('ledger_reconciliation is already paused: nothing to do\n');

      const unpause = await dags(['unpause', 'ledger_reconciliation', '--yes']);
      expect(unpause.code, unpause.stderr).toBe(0);
      expect(unpause.stdout).toContain('ledger_reconciliation is now active');
      expect(await paused('ledger_reconciliation')).toBe(false);
    });

    it('pause on a protected context needs no typed name (it starts or stops no run); an unknown DAG is exit 2', async () => {
      const pause = await af.dagdeck(['--context', 'prot', 'dags', 'pause', 'data_quality_checks', '--yes']);
      expect(pause.code, pause.stderr).toBe(0);
      expect(await paused('data_quality_checks')).toBe(true);
      const unknown = await dags(['unpause', 'no_such_dag', '--yes']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^dagdeck: no DAG "no_such_dag" in context "sim"/);
    });

    it('set-run-state: --dry-run lists the unfinished tasks it would set and changes nothing; --yes marks the run', async () => {
      const [queued] = (await af.backend.listRuns('marketing_attribution')).filter(
        (run) => run.state === 'queued',
      );
      const runId = queued?.id ?? '';
      const dry = await dags([
        'set-run-state',
        'marketing_attribution',
        runId,
        '--state',
        'failed',
        '--dry-run',
      ]);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(
        /^Mark run .* of marketing_attribution failed; 2 unfinished task instance\(s\) are set too/,
      );
      expect(dry.stdout).toContain('warning: this interrupts or fails work in progress');
      expect((await af.backend.getRun('marketing_attribution', runId)).state).toBe('queued');

      const mark = await dags([
        'set-run-state',
        'marketing_attribution',
        runId,
        '--state',
        'failed',
        '--yes',
      ]);
      expect(mark.code, mark.stderr).toBe(0);
      expect((await af.backend.getRun('marketing_attribution', runId)).state).toBe('failed');
      const same = await dags([
        'set-run-state',
        'marketing_attribution',
        runId,
        '--state',
        'failed',
        '--yes',
      ]);
      expect(same.stdout).toMatch(/is already failed: nothing to do/);

      const requeue = await dags([
        'set-run-state',
        'marketing_attribution',
        runId,
        '--state',
        'queued',
        '--yes',
      ]);
      expect(requeue.code, requeue.stderr).toBe(0);
      expect((await af.backend.getRun('marketing_attribution', runId)).state).toBe('queued');
    });

    it('set-run-state: an unknown state or run is one line, exit 2', async () => {
      const runId = await failedRiskRun(af.backend);
      const badState = await dags([
        'set-run-state',
        'fintech_eod_risk',
        runId,
        '--state',
        'running',
        '--yes',
      ]);
      expect(badState.code).toBe(2);
      expect(badState.stderr).toMatch(
        /argument 'running' is invalid\. Allowed choices are success, failed, queued/,
      );
      expect(badState.stderr.trim().split('\n')).toHaveLength(1);
      const noState = await dags(['set-run-state', 'fintech_eod_risk', runId, '--yes']);
      expect(noState.code).toBe(2);
      expect(noState.stderr).toMatch(/required option '--state <state>' not specified/);
      const noRun = await dags([
        'set-run-state',
        'fintech_eod_risk',
        'no_such_run',
        '--state',
        'success',
        '--yes',
      ]);
      expect(noRun.code).toBe(2);
      expect(noRun.stderr).toMatch(/DAG fintech_eod_risk has no run "no_such_run"/);
      expect((await af.backend.getRun('fintech_eod_risk', runId)).state).toBe('failed');
    });

    it('list-runs: newest first, --state filters, --json is an array of runs; an unknown state is exit 2', async () => {
      const table = await dags(['list-runs', 'fintech_eod_risk']);
      expect(table.code, table.stderr).toBe(0);
      const lines = table.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^RUN ID\s+STATE\s+TYPE\s+LOGICAL DATE\s+STARTED\s+DURATION$/);
      expect(lines).toHaveLength((await af.backend.listRuns('fintech_eod_risk')).length + 1);

      const failed = await dags(['list-runs', 'fintech_eod_risk', '--state', 'failed', '--json']);
      expect(failed.code).toBe(0);
      const runs = JSON.parse(failed.stdout) as Array<{ id: string; state: string; workflowId: string }>;
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.every((run) => run.state === 'failed' && run.workflowId === 'fintech_eod_risk')).toBe(true);

      const bogus = await dags(['list-runs', 'fintech_eod_risk', '--state', 'bogus']);
      expect(bogus.code).toBe(2);
      expect(bogus.stderr).toMatch(
        /argument 'bogus' is invalid\. Allowed choices are queued, scheduled, running/,
      );
      const unknown = await dags(['list-runs', 'no_such_dag']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/no DAG "no_such_dag"/);
    });
  },
);
