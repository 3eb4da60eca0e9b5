// `dagdeck review` from the built binary (issue 16 "Done when"): on the demo `--fail-on error`
// exits 6 and --json prints the documented report; on a clean simulated workspace reached through
// a context (service principal for Databricks) it exits 0 with no finding, and a role that may not
// read connections only adds a note, which does not fail `--fail-on warning`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulators, startSimulators } from '../../source/sim/index.js';
import { ensureBuilt, runDagdeck } from './support/runDagdeck.js';

let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-review-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dagdeck --demo review', () => {
  it('--fail-on error exits 6 and lists the findings with their evidence and fix', async () => {
    const result = await runDagdeck(['--demo', 'review', '--fail-on', 'error'], {
      configDir: dir,
      built: true,
      timeoutMs: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(6);
    expect(result.stdout).toMatch(/^ERROR {3}security {3}connection databricks_reporting$/m);
    expect(result.stdout).toMatch(
      /evidence: conn_type=databricks {2}login=reporting\.bot@example\.com {2}password=set/,
    );
    expect(result.stdout).toMatch(/^context demo: 1 error, \d+ warnings, \d+ notes over \d+ workflows\n$/m);
  }, 90_000);

  it('--json is the documented report, and without --fail-on the exit is 0', async () => {
    const result = await runDagdeck(['--demo', 'review', '--json'], {
      configDir: dir,
      built: true,
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      schema: string;
      context: string;
      reviewedAt: string;
      summary: { error: number; warning: number; info: number };
      findings: {
        check: string;
        severity: string;
        kind: string;
        object: { label: string };
        evidence: unknown[];
        fix: string;
      }[];
      health: { workflowId: string; runs: number }[];
    };
    expect(report.schema).toBe('dagdeck.review/v1');
    expect(report.context).toBe('demo');
    expect(Number.isNaN(Date.parse(report.reviewedAt))).toBe(false);
    expect(report.summary.error + report.summary.warning + report.summary.info).toBe(report.findings.length);
    expect(new Set(report.findings.map((f) => f.kind))).toEqual(
      new Set(['security', 'cost', 'resilience', 'xcom', 'health']),
    );
    for (const finding of report.findings) {
      expect(Object.keys(finding).sort()).toEqual([
        'check',
        'evidence',
        'fix',
        'kind',
        'object',
        'severity',
        'title',
      ]);
    }
    expect(report.health.find((h) => h.workflowId === 'fintech_eod_risk')?.runs).toBeGreaterThan(0);
  }, 90_000);
});

describe('dagdeck review on a clean workspace', () => {
  let sims: Simulators;
  const env = () => ({
    DAGDECK_AIRFLOW_PASSWORD: sims.airflow.password,
    DATABRICKS_CLIENT_SECRET: sims.databricks.clientSecret,
  });

  beforeAll(async () => {
    sims = await startSimulators({ clean: true, speed: 0 });
    for (const [name, user] of [
      ['clean', sims.airflow.username],
      ['viewer', sims.airflow.viewer.username],
    ] as const) {
      const added = await runDagdeck(
        [
          'context',
          'add',
          name,
          '--airflow-url',
          sims.airflow.url,
          '--airflow-user',
          user,
          '--databricks-host',
          sims.databricks.url,
          '--databricks-auth',
          'oauth-m2m',
          '--databricks-client-id',
          sims.databricks.clientId,
        ],
        { configDir: dir, built: true },
      );
      expect(added.stderr).toBe('');
    }
  });
  afterAll(async () => sims?.close());

  it('--fail-on warning exits 0: no findings', async () => {
    const result = await runDagdeck(['--context', 'clean', 'review', '--fail-on', 'warning'], {
      configDir: dir,
      built: true,
      env: env(),
      timeoutMs: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('context clean: no findings over 3 workflows\n');
    expect(result.code).toBe(0);
  }, 90_000);

  it('a role that may not read connections: a note that says so, still exit 0 at warning', async () => {
    const result = await runDagdeck(['--context', 'viewer', 'review', '--fail-on', 'warning'], {
      configDir: dir,
      built: true,
      env: { ...env(), DAGDECK_AIRFLOW_PASSWORD: sims.airflow.viewer.password },
      timeoutMs: 60_000,
    });
    expect(result.stdout).toContain('could not check the Airflow connections: this role may not read them');
    expect(result.stdout).toMatch(/context viewer: 0 errors, 0 warnings, 1 note over 3 workflows\n$/);
    expect(result.code).toBe(0);
  }, 90_000);
});
