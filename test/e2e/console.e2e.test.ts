// The console end to end (issue 5 "Done when"): the built binary (dist/dagdeck.js, so run
// `npm run build` first) in a real pseudo-terminal on the demo simulators, read through a headless
// terminal (support/ptyConsole.ts). Each test is one session an on-call would have: open, look,
// filter, drill down on both sides, follow the Airflow → Databricks link, resize, quit.
// Key names come from the keymap (source/ui/keymap.ts, source/ui/screens/screenKeys.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../support/keys.js';
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, PtyConsole, SHOW_CURSOR } from './support/ptyConsole.js';

const open: PtyConsole[] = [];

function start(cols = 120, rows = 40): PtyConsole {
  const session = new PtyConsole({ args: ['--demo'], cols, rows });
  open.push(session);
  return session;
}

/** Home with the seed data in both panes: the DEMO badge, a DAG and a job of the seeded story. */
async function home(session: PtyConsole): Promise<string> {
  return session.waitFor(['DEMO', 'Airflow DAGs', 'Databricks jobs', 'fintech_eod_risk', 'eod_risk_models']);
}

/** However the console ends, the alternate screen is left and the cursor shown again, after the frames. */
function expectRestored(output: string): void {
  const enter = output.indexOf(ENTER_ALT_SCREEN);
  const leave = output.lastIndexOf(LEAVE_ALT_SCREEN);
  expect(enter).toBeGreaterThanOrEqual(0);
  expect(leave).toBeGreaterThan(enter);
  expect(output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(enter);
  expect(output.indexOf('fintech_eod_risk')).toBeGreaterThan(enter);
  expect(output.lastIndexOf('fintech_eod_risk')).toBeLessThan(leave);
}

afterEach(() => {
  for (const session of open.splice(0)) session.kill();
});

describe('dagdeck --demo in a real terminal (issue 5)', () => {
  it('shows both panes side by side, filters both, drills down both sides, quits with q and restores the terminal', async () => {
    const session = start();
    const first = await home(session);
    // Side by side at 120 columns (issue 5 Layout): both pane titles on one row.
    const titleRow = first.split('\n').find((line) => line.includes('Airflow DAGs'));
    expect(titleRow).toContain('Databricks jobs');

    // `/` filters by substring (issue 5 Keys); enter keeps the filter.
    await session.press('/');
    await session.type('fintech');
    await session.press(KEY.enter);
    await session.waitUntil(
      (screen) => screen.includes('fintech_eod_risk') && !screen.includes('fx_rates_ingest'),
      'the DAG list filtered to fintech_eod_risk',
    );

    // Airflow: DAG → runs × tasks grid → task instance. The grid opens on the failed cell.
    await session.press(KEY.enter);
    await session.waitFor(['fintech_eod_risk', 'runs ×', 'run_risk_models', 'home › fintech_eod_risk']);
    await session.press(KEY.enter);
    await session.waitFor([
      'Task risk_modelling.run_risk_models',
      'DatabricksRunNowOperator',
      'Linked Databricks run',
    ]);

    // Esc goes back one level at a time, then clears the filter (keymap: "Back (or clear the filter)").
    await session.press(KEY.esc);
    await session.waitFor('runs ×');
    await session.press(KEY.esc);
    await session.waitFor(['Airflow DAGs', 'home /fintech']);
    await session.press(KEY.esc);
    await session.waitFor(['fx_rates_ingest', 'customer_360_r']);

    // Databricks: Tab to the jobs pane, pick customer_360_refresh → its runs → a run.
    await session.press(KEY.tab, 'j');
    await session.waitFor(/customer_360_refresh \(\d+\)/);
    await session.press(KEY.enter);
    await session.waitFor(['customer_360_refresh · job', 'RUN ID', 'home › customer_360_refresh']);
    await session.press(KEY.enter);
    await session.waitFor(['Databricks run', 'extract_crm', 'build_identity_graph', 'url: http://127.0.0.1']);

    // `?` lists the keys of the screen and the global ones; esc closes it.
    await session.press('?');
    await session.waitFor(['On this screen (run)', 'Everywhere', 'Quit now (exit code 130)']);
    await session.press(KEY.esc);
    await session.waitUntil((screen) => !screen.includes('Everywhere'), 'the help overlay to close');

    await session.press('q');
    expect(await session.exited).toBe(0);
    expectRestored(session.output());
  });

  it('reaches the failed fintech_eod_risk task from the incident view in a few keys and follows its link to the eod_risk_models run', async () => {
    const session = start();
    await home(session);
    // `:now` opens the incident view; `f` keeps failures only (screenKeys.ts).
    await session.press(':');
    await session.type('now');
    await session.press(KEY.enter);
    await session.waitFor(['Incidents', 'failed task', 'fintech_eod_risk / risk_modelling.run_risk_models']);
    await session.press('f');
    // The title's "(f)" mark, not the hint bar's "f failures only", which is always there.
    const failures = await session.waitFor('failures only (f)');
    expect(failures).not.toContain('▶ running');

    // The failed Airflow task is among the newest failures: at most a few `j` reach it.
    const target = 'fintech_eod_risk / risk_modelling.run_risk_models';
    const selectedRow = (screen: string) => screen.split('\n').find((line) => line.startsWith('›')) ?? '';
    for (let moves = 0; !selectedRow(session.screen()).includes(target); moves++) {
      expect(moves, `no ${target} incident within 5 rows:\n${session.screen()}`).toBeLessThan(5);
      const before = selectedRow(session.screen());
      await session.press('j');
      await session.waitUntil((screen) => selectedRow(screen) !== before, 'j to move the incident cursor');
    }
    await session.press(KEY.enter);
    const task = await session.waitFor([
      'Task risk_modelling.run_risk_models',
      'failed',
      /Databricks run \d+/,
    ]);
    const linked = /Databricks run (\d+)/.exec(task)?.[1];
    expect(linked).toBeDefined();

    // `g` follows the cross-link (Airflow task → the Databricks run it started) to that very run of
    // eod_risk_models, whose tasks are the job's (seeded story: load_positions → var_model/stress_tests).
    // The seeded story's run failed too (source/sim: fintech_eod_risk's task starts it with failTasks).
    await session.press('g');
    await session.waitFor([
      `Databricks run ${linked}`,
      // The run is titled by its job's name with the id after it (runs/get run_name).
      /Databricks run \d+ · eod_risk_models \(job \d+\)/,
      'load_positions',
      'var_model',
      `run ${linked}`,
      '✗ failed',
    ]);

    await session.press(KEY.esc);
    await session.waitFor('Task risk_modelling.run_risk_models');
    await session.press('q');
    expect(await session.exited).toBe(0);
    expectRestored(session.output());
  });

  it('reflows on resize: panes stack at 80×24 and sit side by side again at 120×40; Ctrl-C restores the terminal', async () => {
    const session = start(120, 40);
    await home(session);
    expect(session.rowsWith('Airflow DAGs')).toEqual(session.rowsWith('Databricks jobs'));

    session.resize(80, 24);
    // Stacked: the jobs pane title is on a row below the DAGs pane (issue 5 Layout, narrow terminals).
    const narrow = await session.waitUntil((screen) => {
      const lines = screen.split('\n');
      const dags = lines.findIndex((line) => line.includes('Airflow DAGs'));
      const jobs = lines.findIndex((line) => line.includes('Databricks jobs'));
      return dags >= 0 && jobs > dags;
    }, 'the panes to stack at 80 columns');
    const lines = narrow.split('\n');
    // The frame fits in 24 rows: a taller one would scroll the header off the top, a wrapped one
    // would repeat the pane title; the key-hint bar stays on screen.
    expect(lines[0]).toContain('dagdeck');
    expect(lines.some((line) => line.includes('q quit'))).toBe(true);
    expect(lines.filter((line) => line.includes('Airflow DAGs'))).toHaveLength(1);

    session.resize(120, 40);
    await session.waitUntil((screen) => {
      const row = screen.split('\n').find((line) => line.includes('Airflow DAGs'));
      return row?.includes('Databricks jobs') === true;
    }, 'the panes side by side again at 120 columns');

    await session.press(KEY.ctrlC);
    expect(await session.exited).toBe(130);
    expectRestored(session.output());
  });
});
