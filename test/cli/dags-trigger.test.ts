// `dagdeck dags trigger` through the built binary against the Airflow simulator, both flavours
// (issue 10 "The same writes, scriptable"): -p values read by the DAG's param types and checked
// against their schemas before anything is sent, --conf / --conf-file as JSON objects, --dry-run
// creating nothing (read back), --json, a run id sent twice making one run (explicit --run-id, and
// the same trigger confirmed again), a 409 from the server as one line, a protected context, and
// --wait following the run to exit 0 or 1.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../source/core/backend.js';
import { type AirflowFixture, startAirflowFixture } from './support/airflowFixture.js';

const EXPORT = 'adhoc_data_export';

async function runCount(backend: Backend, dagId: string): Promise<number> {
  return (await backend.listRuns(dagId)).length;
}

describe.each([3, 2] as const)('dagdeck dags trigger, Airflow %i simulator', (flavour) => {
  let af: AirflowFixture;

  beforeAll(async () => {
    af = await startAirflowFixture(flavour, [{ name: 'sim' }, { name: 'prot', protection: 'protected' }]);
  }, 60_000);
  afterAll(() => af.close());

  const trigger = (args: string[], options: Parameters<AirflowFixture['dagdeck']>[1] = {}) => {
    // Airflow 2 gives a run sent without a logical date "now": on a frozen clock two would collide.
    af.clock.advance(1000);
    return af.dagdeck(['--context', 'sim', 'dags', 'trigger', ...args], options);
  };

  it('--dry-run shows the run id, the typed conf and creates nothing (read back)', async () => {
    const before = await runCount(af.backend, EXPORT);
    const run = await trigger([EXPORT, '-p', 'row_limit=5', '-p', 'format=csv', '--dry-run']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Trigger adhoc_data_export as run dagdeck__\S+ \(no logical date\)\n/);
    expect(run.stdout).toContain('  conf row_limit = 5\n');
    expect(run.stdout).toContain('  conf format = "csv"\n');
    expect(run.stdout).toContain('our estimate: Airflow has no dry run for this');
    expect(await runCount(af.backend, EXPORT)).toBe(before);

    const json = await trigger([EXPORT, '-p', 'row_limit=5', '-p', 'notify=no', '--dry-run', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      dryRun: true,
      serverDryRun: false,
      confirmation: { kind: 'confirm' },
      steps: [
        {
          action: {
            kind: 'trigger',
            workflowId: EXPORT,
            // Read by the params' declared types: an integer and a boolean, not strings.
            params: { row_limit: 5, notify: false },
            logicalDate: null,
          },
        },
      ],
    });
    expect(await runCount(af.backend, EXPORT)).toBe(before);
  });

  it('--conf, --conf-file and -p on top: the run carries the typed conf; --json gives the new run id', async () => {
    const file = join(af.dir, 'conf.json');
    writeFileSync(file, JSON.stringify({ table: 'sales.orders', options: { compression: 'zstd' } }));
    const run = await trigger([
      EXPORT,
      '--conf-file',
      file,
      '-p',
      'row_limit=42',
      '--note',
      'from a file',
      '--yes',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: true, steps: [{ status: 'ok', alreadyDone: false }] });
    const runId = result.steps[0].runId as string;
    const created = await af.backend.getRun(EXPORT, runId);
    expect(created.conf).toEqual({ table: 'sales.orders', options: { compression: 'zstd' }, row_limit: 42 });
    if (flavour === 3) expect(created.note).toBe('from a file');

    const inline = await trigger([EXPORT, '--conf', '{"format": "json"}', '--note', 'inline', '--yes']);
    expect(inline.code, inline.stderr).toBe(0);
    const id = /run (\S+) is queued/.exec(inline.stdout)?.[1] ?? '';
    expect((await af.backend.getRun(EXPORT, id)).conf).toEqual({ format: 'json' });
  });

  it('bad input gets one line, exit 2, and no run: bad JSON, not an object, -p types, schemas, unknown params, DAG or date', async () => {
    const before = await runCount(af.backend, EXPORT);
    const cases: Array<[string[], RegExp]> = [
      [[EXPORT, '--conf', '{bad'], /^dagdeck: --conf is not valid JSON \(.*\): give a JSON object/],
      [[EXPORT, '--conf', '[1, 2]'], /^dagdeck: --conf must be a JSON object/],
      [[EXPORT, '-p', 'row_limit=many'], /row_limit: "many" is not a number/],
      [
        [EXPORT, '-p', 'row_limit=0', '-p', 'format=xml'],
        /row_limit: must be >= 1; format: must be one of "parquet", "csv", "json"/,
      ],
      [
        [EXPORT, '-p', 'colour=red'],
        /-p colour: adhoc_data_export declares no param "colour" \(it has table, row_limit/,
      ],
      [[EXPORT, '-p', 'no-equals-sign'], /argument 'no-equals-sign' is invalid\. write it as key=value/],
      [[EXPORT, '--conf', '{}', '--conf-file', 'x.json'], /cannot be used with option/],
      [[EXPORT, '--logical-date', '2026-12-03'], /--logical-date 2026-12-03: add a time zone/],
      [['no_such_dag'], /^dagdeck: no DAG "no_such_dag" in context "sim"/],
    ];
    for (const [args, message] of cases) {
      const run = await trigger([...args, '--yes']);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
    expect(await runCount(af.backend, EXPORT)).toBe(before);
  });

  it('a 409 from the server (another run holds that logical date): one line, exit 1, no run', async () => {
    const [existing] = await af.backend.listRuns('fintech_eod_risk');
    const logicalDate = existing?.logicalDate ?? '';
    expect(logicalDate).not.toBe('');
    const before = await runCount(af.backend, 'fintech_eod_risk');
    const run = await trigger(['fintech_eod_risk', '--logical-date', logicalDate, '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^dagdeck: Trigger run failed: .*another run may hold that logical date: pick another one or none/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(await runCount(af.backend, 'fintech_eod_risk')).toBe(before);
  });

  it('the same --run-id sent twice makes one run: the second is read back as already done (exit 0)', async () => {
    const runId = `ticket_4711_rerun_${flavour}`;
    const first = await trigger([EXPORT, '--run-id', runId, '--yes']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Triggered adhoc_data_export: run ${runId} is queued`);
    const second = await trigger([EXPORT, '--run-id', runId, '--yes', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).steps[0]).toMatchObject({ status: 'ok', runId, alreadyDone: true });
    expect(second.stderr).toContain('no second run was made');
    expect((await af.backend.listRuns(EXPORT)).filter((run) => run.id === runId)).toHaveLength(1);
  });

  it('the same trigger confirmed twice re-sends the first run id: one run', async () => {
    const note = `twice ${flavour}`;
    const first = await trigger([EXPORT, '--note', note, '-p', 'row_limit=7', '--yes']);
    expect(first.code, first.stderr).toBe(0);
    const id = /run (\S+) is queued/.exec(first.stdout)?.[1];
    const second = await trigger([EXPORT, '--note', note, '-p', 'row_limit=7', '--yes']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`as run ${id} `);
    expect(second.stdout).toMatch(/The same trigger was confirmed \d+s ago/);
    expect(second.stdout).toMatch(
      /already has run .* from an earlier send of this request: no second run was made/,
    );
    const runs = await af.backend.listRuns(EXPORT);
    expect(runs.filter((run) => run.id === id)).toHaveLength(1);
    if (flavour === 3) expect(runs.filter((run) => run.note === note)).toHaveLength(1);
  });

  it('a paused DAG: the preview says the run will wait until it is unpaused', async () => {
    const run = await trigger(['marketing_attribution', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'note: marketing_attribution is paused: the run stays queued until it is unpaused (`dagdeck dags unpause marketing_attribution`)',
    );
  });

  it('a protected context wants the DAG id: --yes alone is exit 2; --confirm with it triggers', async () => {
    const before = await runCount(af.backend, EXPORT);
    const refused = await af.dagdeck([
      '--context',
      'prot',
      'dags',
      'trigger',
      EXPORT,
      '--note',
      'p',
      '--yes',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/protected: --yes is not enough, add --confirm adhoc_data_export/);
    expect(await runCount(af.backend, EXPORT)).toBe(before);
    const confirmed = await af.dagdeck([
      '--context',
      'prot',
      'dags',
      'trigger',
      EXPORT,
      '--note',
      'p',
      '--confirm',
      EXPORT,
    ]);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(await runCount(af.backend, EXPORT)).toBe(before + 1);
  });

  it('--wait follows the run to success: each change on stdout, exit 0', async () => {
    const runId = `wait_ok_${flavour}`;
    let seen = '';
    let advanced = false;
    const run = await trigger(
      ['fx_rates_ingest', '--run-id', runId, '--yes', '--wait', '--poll-interval', '200ms'],
      {
        onStdout: (chunk) => {
          // The run is queued and the clock frozen: move it on once --wait has printed that.
          seen += chunk;
          if (!advanced && seen.includes(`run ${runId}: queued`)) {
            advanced = true;
            af.clock.advance(30 * 60_000);
          }
        },
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d run ${runId}: queued\\n`));
    expect(run.stdout).toMatch(/\d\d:\d\d:\d\d store_rates: success\n/);
    expect(run.stdout).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d run ${runId}: success\\n$`));
  }, 40_000);

  it('--wait exits 1 when the run fails; --json keeps stdout for the result and prints the changes on stderr', async () => {
    const runId = `wait_fail_${flavour}`;
    const waiting = trigger([
      'fx_rates_ingest',
      '--run-id',
      runId,
      '--yes',
      '--wait',
      '--poll-interval',
      '200ms',
      '--json',
    ]);
    // Fail its first task behind the command's back, then let the scheduler carry on.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await af.backend.getRun('fx_rates_ingest', runId).catch(() => undefined);
      if (found) break;
      if (Date.now() > deadline) throw new Error('the run never appeared');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await af.backend.execute({
      kind: 'markTaskState',
      workflowId: 'fx_rates_ingest',
      runId,
      task: { taskId: 'fetch_rates' },
      state: 'failed',
      includeDownstream: false,
      includeUpstream: false,
    });
    af.clock.advance(30 * 60_000);
    const run = await waiting;
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: false, run: { id: runId, state: 'failed', finished: true } });
    expect(run.stderr).toMatch(new RegExp(`run ${runId}: failed\\n`));
    expect(run.stderr).toMatch(
      new RegExp(
        `dagdeck: run ${runId} of fx_rates_ingest ended failed: see \`dagdeck tasks list fx_rates_ingest ${runId}\`\\n$`,
      ),
    );
  }, 40_000);
});
