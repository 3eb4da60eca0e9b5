// The incident view an on-call can trust (issue 14 "Done when"), in a real terminal on the demo:
// one incident for the risk failure with its chain (the Airflow task's try → the Databricks run it
// started → the failing Databricks task), never the Databricks runs of its tries as rows of their
// own; the collapsed recovered group; a queued run of a paused DAG that says so.
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../support/keys.js';
import { filterIncidents } from './support/incidents.js';
import { PtyConsole } from './support/ptyConsole.js';

const open: PtyConsole[] = [];
afterEach(() => {
  for (const session of open.splice(0)) session.kill();
});

describe('the incident view on the demo (issue 14)', () => {
  it('groups the risk failure with its chain, keeps recovered failures apart and notes the paused DAG', async () => {
    const session = new PtyConsole({ args: ['--demo'], cols: 200, rows: 40 });
    open.push(session);
    await session.waitFor(['DEMO', 'fintech_eod_risk']);
    await session.press(':');
    await session.type('now 3d');
    await session.press(KEY.enter);
    const screen = await session.waitFor([
      'Incidents · last 3d',
      /AF→DBX failed task .*fintech_eod_risk \/ risk_modelling\.run_risk_models try 2 → DBX run \d+ → stress_tests/,
      /queued .*marketing_attribution · DAG paused/,
      /▸ \d+ recovered: a later run succeeded/,
    ]);
    const lines = screen.split('\n');
    // One row for the failure: the eod_risk_models runs its two tries started are not rows of their own.
    expect(lines.filter((line) => line.includes('eod_risk_models') && line.includes('failed run'))).toEqual(
      [],
    );
    expect(lines.filter((line) => line.includes('risk_modelling.run_risk_models'))).toHaveLength(1);
    // A continuous job is judged by its health, not called long-running after days.
    expect(screen).toMatch(/streaming .*fraud_scoring_stream · healthy/);

    // Enter on the group opens it: the superseded failures, each saying what superseded it.
    // Step down one row at a time, each step waiting for the cursor to reach the next row, until it
    // is on the group (which the screen above shows below the cursor, so nothing scrolls). Counting
    // the rows in advance would miss if an incident arrived during the steps.
    const cursorRow = (text: string) => text.split('\n').findIndex((line) => line.startsWith('›'));
    let now = screen;
    while (!(now.split('\n')[cursorRow(now)] ?? '').includes('recovered: a later run succeeded')) {
      const next = cursorRow(now) + 1;
      await session.press('j');
      now = await session.waitUntil((seen) => cursorRow(seen) === next, 'the cursor to move down one row');
    }
    await session.press(KEY.enter);
    await session.waitFor([/▾ \d+ recovered/, /recovered by \S+/]);
    await session.press('q');
    expect(await session.exited).toBe(0);
  }, 60_000);

  it('from the chain to the Databricks run and back: g on the run opens the Airflow task that started it', async () => {
    const session = new PtyConsole({ args: ['--demo'], cols: 160, rows: 40 });
    open.push(session);
    await session.waitFor(['DEMO', 'fintech_eod_risk']);
    await filterIncidents(session, 'run_risk_models state:failed');
    await session.waitFor(/› .*AF→DBX failed task .*risk_modelling\.run_risk_models/);
    await session.press(KEY.enter);
    await session.waitFor(['Task risk_modelling.run_risk_models', /Databricks run \d+/]);
    await session.press('g');
    await session.waitFor(
      /started by Airflow fintech_eod_risk \/ risk_modelling\.run_risk_models try 2 .* g opens it/,
    );
    await session.press('g');
    await session.waitFor(/home › incidents › .* › risk_modelling\.run_risk_models$/m);
    await session.press('q');
    expect(await session.exited).toBe(0);
  }, 60_000);
});
