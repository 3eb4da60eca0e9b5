// Operating Airflow end to end (issue 10 "Done when"): the built binary on the demo simulators in a
// real pseudo-terminal. From the incident view the failed risk task is cleared with its downstream
// task: the preview names the task instances (the server's own dry run), enter confirms, the jump
// key opens the grid where they run again, and the audit trail has the write.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../support/keys.js';
import { filterIncidents } from './support/incidents.js';
import { consoleBin, PtyConsole } from './support/ptyConsole.js';

const open: PtyConsole[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const session of open.splice(0)) session.kill();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

function demo(stateDir: string, args: string[] = []): PtyConsole {
  const session = new PtyConsole({
    args: ['--demo', ...args],
    cols: 140,
    rows: 40,
    env: { DAGDECK_STATE_DIR: stateDir, DAGDECK_CONFIG_DIR: stateDir },
  });
  open.push(session);
  return session;
}

function auditJson(stateDir: string): Record<string, unknown>[] {
  const result = spawnSync(process.execPath, [consoleBin, 'audit', '--json'], {
    env: { ...process.env, DAGDECK_STATE_DIR: stateDir, DAGDECK_CONFIG_DIR: stateDir },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  const text = result.stdout.trim();
  return text.startsWith('[')
    ? (JSON.parse(text) as Record<string, unknown>[])
    : text.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('operate Airflow in a real terminal (issue 10)', () => {
  it('incident view → failed risk task → clear with downstream → preview → confirm → the grid runs them again → audit', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'dagdeck-operate-'));
    dirs.push(stateDir);
    const session = demo(stateDir);
    await session.waitFor(['Airflow DAGs', 'fintech_eod_risk']);
    await filterIncidents(session, 'run_risk_models state:failed');
    await session.waitFor(/› .*✗ failed.*fintech_eod_risk \/ risk_modelling\.run_risk_models/);
    await session.press('c');
    // The risk task started a Databricks run: both ways back are offered; clear is the first.
    await session.waitFor(['Two ways back for risk_modelling.run_risk_models', 'clear →', 'repair →']);
    await session.press(KEY.enter);
    const preview = await session.waitFor([
      'Clear risk_modelling.run_risk_models',
      "from the server's own dry run",
      'risk_modelling.run_risk_models (failed)',
      'load_reporting_db (upstream_failed)',
      '[x] downstream (d)',
    ]);
    expect(preview).toContain('2 affected');
    await session.press(KEY.enter);
    await session.waitFor(/✓ Cleared 2 task instance\(s\) of fintech_eod_risk/);
    // J: the grid focused on the cleared run; its cells leave failed for the scheduler's states.
    await session.press('J');
    await session.waitFor(['fintech_eod_risk ·', 'runs ×']);
    await session.waitUntil(
      (screen) =>
        /run_risk_models +[✓✗◌▶·↑◷⤼⊘■ ]*[◌▶·◷]\s*$/m.test(screen) || /run_risk_models .*✓\s*$/m.test(screen),
      'the cleared risk task to be queued, running or done again',
      { timeoutMs: 20_000 },
    );
    await session.press('q');
    expect(await session.exited).toBe(0);

    const records = auditJson(stateDir);
    const clear = records.find((entry) => entry.action === 'clearTasks');
    expect(clear).toMatchObject({ context: 'demo', backend: 'airflow', result: 'ok' });
    expect(String(clear?.target)).toContain('fintech_eod_risk');
  }, 60_000);
});
