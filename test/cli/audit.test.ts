// `dagdeck audit` reading what the write commands wrote (issue 10 "The audit trail"): one entry per
// write step, newest first, refusals and failures included, parameters masked; --json is an array,
// --since takes a duration or a time, the global --context filters.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSince } from '../../source/cli/audit.js';
import { type AirflowFixture, failedRiskRun, startAirflowFixture } from './support/airflowFixture.js';

interface Entry {
  time: string;
  context: string;
  action: string;
  target: string;
  result: string;
  summary: string;
  confirm?: string;
  records: Array<{ phase: string; params: Record<string, unknown> }>;
}

describe('dagdeck audit', () => {
  let af: AirflowFixture;
  const secret = 'hunter2-do-not-log';

  beforeAll(async () => {
    af = await startAirflowFixture(3, [{ name: 'sim' }, { name: 'other' }]);
    const failedRun = await failedRiskRun(af.backend);
    const writes = [
      ['--context', 'sim', 'dags', 'pause', 'warehouse_vacuum', '--dry-run'],
      ['--context', 'sim', 'dags', 'unpause', 'warehouse_vacuum', '--yes'],
      ['--context', 'sim', '--read-only', 'tasks', 'clear', 'fintech_eod_risk', failedRun, '--yes'],
      [
        '--context',
        'other',
        'dags',
        'trigger',
        'adhoc_data_export',
        '--conf',
        `{"api_token": "${secret}"}`,
        '--yes',
      ],
      ['--context', 'sim', 'tasks', 'clear', 'fintech_eod_risk', failedRun, '--yes'],
    ];
    for (const args of writes) await af.dagdeck(args);
    const [existing] = await af.backend.listRuns('fintech_eod_risk');
    // A write the server refuses (another run holds that logical date) is audited as an error.
    const refused = await af.dagdeck([
      '--context',
      'sim',
      'dags',
      'trigger',
      'fintech_eod_risk',
      '--logical-date',
      existing?.logicalDate ?? '',
      '--yes',
    ]);
    expect(refused.code).toBe(1);
  }, 90_000);
  afterAll(() => af.close());

  it('--json: every write step, newest first, with its result, how it was confirmed and its raw records', async () => {
    const run = await af.dagdeck(['audit', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const entries = JSON.parse(run.stdout) as Entry[];
    expect(entries.map((entry) => [entry.context, entry.action, entry.result])).toEqual([
      ['sim', 'trigger', 'error'],
      ['sim', 'clearTasks', 'ok'],
      ['other', 'trigger', 'ok'],
      ['sim', 'clearTasks', 'refused'],
      ['sim', 'setPaused', 'ok'],
    ]);
    // --dry-run wrote nothing; the sent writes have an intent and an outcome, the refusal only itself.
    expect(entries[1]?.records.map((record) => record.phase)).toEqual(['intent', 'outcome']);
    expect(entries[1]?.confirm).toBe('yes-flag');
    expect(entries[3]?.records.map((record) => record.phase)).toEqual(['refused']);
    expect(entries[3]?.summary).toMatch(/read-only/);
    expect(entries[0]?.summary).toMatch(/another run may hold that logical date/);
    const times = entries.map((entry) => entry.time);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('parameters are masked: the secret in a conf is in neither the trail nor the output', async () => {
    const run = await af.dagdeck(['audit', '--json']);
    expect(run.stdout).not.toContain(secret);
    const trigger = (JSON.parse(run.stdout) as Entry[]).find((entry) => entry.context === 'other');
    expect(trigger?.records[0]?.params).toMatchObject({ params: { api_token: '«masked»' } });
    const file = join(af.dir, 'audit.jsonl');
    expect(readFileSync(file, 'utf8')).not.toContain(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a table by default; the global --context keeps one context', async () => {
    const run = await af.dagdeck(['audit']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+CONTEXT\s+ACTION\s+TARGET\s+RESULT\s+BY\s+SUMMARY$/);
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+sim\s+clearTasks\s+fintech_eod_risk \/ \S+ \/ all tasks\s+ok\s+\S+@\S+\s+Cleared 2 task/,
    );

    const other = await af.dagdeck(['--context', 'other', 'audit', '--json']);
    expect((JSON.parse(other.stdout) as Entry[]).map((entry) => entry.action)).toEqual(['trigger']);
    const after = await af.dagdeck(['audit', '--context', 'other']);
    expect(after.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('--since: a duration back from now or a time; anything else is exit 2', async () => {
    const hour = await af.dagdeck(['audit', '--since', '1h', '--json']);
    expect(JSON.parse(hour.stdout)).toHaveLength(5);
    const future = await af.dagdeck(['audit', '--since', '2999-01-01T00:00:00Z']);
    expect(future.code).toBe(0);
    expect(future.stdout).toBe('no writes recorded\n');
    const bad = await af.dagdeck(['audit', '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^dagdeck: option '--since <when>' argument 'yesterday' is invalid\. expected a duration back from now like 30m, 1h, 2d/,
    );
  });

  it('parseSince reads 30m, 1h, 2d and 1w back from now, and ISO times', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(parseSince('30m', now)).toBe(now - 30 * 60_000);
    expect(parseSince('1h', now)).toBe(now - 3_600_000);
    expect(parseSince('2d', now)).toBe(now - 2 * 86_400_000);
    expect(parseSince('1w', now)).toBe(now - 7 * 86_400_000);
    expect(parseSince('2026-12-01T00:00:00Z', now)).toBe(Date.parse('2026-12-01T00:00:00Z'));
    for (const bad of ['', 'soon', '-1h', '1y', '12:00']) expect(() => parseSince(bad, now)).toThrow();
  });
});
