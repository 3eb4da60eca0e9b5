// Issue 17 "Done when", in a real terminal on the demo simulators (whose Airflow 3 lists a run's
// instances as the real one does: by map_index, then by a UUIDv7 that is new on every clear, so a
// cleared instance moves to the end of the server's list). The grid of fintech_eod_risk keeps the
// DAG's order through a clear of the failed risk task, and the retry it starts shows its elapsed
// time ticking on the task screen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../support/keys.js';
import { PtyConsole } from './support/ptyConsole.js';

const open: PtyConsole[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const session of open.splice(0)) session.kill();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The DAG's structure: upstream first, each group a block. */
const STRUCTURE = [
  'data_ingestion',
  'wait_for_trades_file',
  'ingest_trades',
  'aggregate_positions',
  'risk_modelling',
  'run_risk_models',
  'load_reporting_db',
];

/** The grid's row labels, top to bottom: the lines that end in state symbols. */
function gridRows(screen: string): string[] {
  return screen
    .split('\n')
    .map((line) => /^[› ] +(?:[▾▸] )?(\S+) +(?:[✓✗↑▶↻◌◷⤼⊘■·] ?)+$/.exec(line.trimEnd())?.[1])
    .filter((label): label is string => label !== undefined);
}

describe('what the console shows matches the server, moment by moment (issue 17)', () => {
  it('the grid keeps the DAG order through a clear; the retry it starts shows its elapsed time ticking', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'dagdeck-gridtruth-'));
    dirs.push(stateDir);
    const session = new PtyConsole({
      args: ['--demo'],
      cols: 140,
      rows: 40,
      env: { DAGDECK_STATE_DIR: stateDir, DAGDECK_CONFIG_DIR: stateDir },
    });
    open.push(session);
    await session.waitFor(['Airflow DAGs', 'fintech_eod_risk']);
    await session.press('/');
    await session.type('fintech_eod_risk');
    await session.press(KEY.enter);
    await session.waitUntil(
      (screen) => screen.includes('fintech_eod_risk') && !screen.includes('fx_rates_ingest'),
      'the DAG list filtered to fintech_eod_risk',
    );
    await session.press(KEY.enter);
    const before = await session.waitFor(['runs ×', /›\s+run_risk_models/, 'UTC']);
    expect(gridRows(before)).toEqual(STRUCTURE);

    // c on the failed risk task: it started a Databricks run, so both ways back; Enter picks clear.
    await session.press('c');
    await session.waitFor(['Two ways back for risk_modelling.run_risk_models', 'clear →']);
    await session.press(KEY.enter);
    await session.waitFor(['Clear risk_modelling.run_risk_models', 'load_reporting_db (upstream_failed)']);
    await session.press(KEY.enter);
    await session.waitFor(/✓ Cleared 2 task instance\(s\) of fintech_eod_risk/);
    // The grid reads the run again: the risk task leaves failed; the server now lists it (and its
    // cleared downstream task) last, and the rows stay in the DAG's order, the cursor on its row.
    const after = await session.waitUntil(
      (screen) => /run_risk_models +(?:[✓✗↑] )*[◌◷▶·]\s*$/m.test(screen),
      'the cleared risk task to be queued or running again in the grid',
      { timeoutMs: 20_000 },
    );
    expect(gridRows(after)).toEqual(STRUCTURE);
    expect(after).toMatch(/›\s+run_risk_models/);

    // Its third try runs: the task screen counts its time from the try's own start, every second.
    await session.press(KEY.enter);
    const running = await session.waitFor(/running for (\d+)s/, { timeoutMs: 20_000 });
    const first = Number(/running for (\d+)s/.exec(running)?.[1]);
    const later = await session.waitUntil(
      (screen) => Number(/running for (\d+)s/.exec(screen)?.[1] ?? -1) >= first + 2,
      'the elapsed time to tick on',
    );
    expect(later).toContain('Task risk_modelling.run_risk_models');
    // The tries table shows the running try on top, ticking too, beside the failed ones.
    expect(later).toMatch(/^\s+3 +▶ running/m);
    expect(later).toMatch(/^\s+2 +✗ failed/m);
    await session.press('q');
    expect(await session.exited).toBe(0);
  }, 90_000);
});
