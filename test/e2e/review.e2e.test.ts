// `:review` in a real terminal on the demo (issue 16 "Done when"): findings of every kind, s and t
// narrow them, Enter leads to the job a finding is about, and back home the rows with a finding
// carry a ! with the detail line saying which.
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../support/keys.js';
import { PtyConsole } from './support/ptyConsole.js';

const open: PtyConsole[] = [];
afterEach(() => {
  for (const session of open.splice(0)) session.kill();
});

describe(':review on the demo', () => {
  it('lists findings of every kind, filters by severity and kind, opens the object, marks home rows', async () => {
    const session = new PtyConsole({ args: ['--demo'], cols: 200, rows: 50 });
    open.push(session);
    await session.waitFor(['DEMO', 'fintech_eod_risk']);
    await session.press(':');
    await session.type('review');
    await session.press(KEY.enter);
    const screen = await session.waitFor([
      /Platform review · 1 error, \d+ warnings, \d+ notes/,
      /error\s+security\s+connection databricks_reporting/,
      /warning\s+cost\s+job gdpr_erasure_requests/,
      /resilience/,
      /xcom\s+customer_kyc_refresh\.screen_customers/,
      /health\s+job churn_model_training run \d+/,
    ]);
    expect(screen).toMatch(
      /evidence conn_type=databricks {2}login=reporting\.bot@example\.com {2}password=set/,
    );

    // t steps through the kinds: security, then cost.
    await session.press('t', 't');
    await session.waitFor(/showing cost/);
    const cost = await session.waitFor(/› warning\s+cost\s+job gdpr_erasure_requests/);
    expect(cost).not.toMatch(/security\s+connection/);
    // Enter opens the job the finding is about.
    await session.press(KEY.enter);
    await session.waitFor(/home › review › gdpr_erasure_requests/);
    await session.press(KEY.esc);
    await session.waitFor(/^home › review$/m);
    await session.press(KEY.esc);
    // Home: the job's row carries the marker, and the detail line says which finding.
    await session.waitFor(/!gdpr_erasure_requests/);
    await session.press(':');
    await session.type('jobs');
    await session.press(KEY.enter);
    await session.press('/');
    await session.type('gdpr');
    await session.press(KEY.enter);
    await session.waitFor(/review warning: a task runs on an all-purpose cluster \(\+1 more, :review\)/);
    await session.press('q');
    expect(await session.exited).toBe(0);
  }, 90_000);
});
