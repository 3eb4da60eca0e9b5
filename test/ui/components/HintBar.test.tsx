// Console polish from a user audit: D/I sort the jobs pane only (as in k9s, a sort shows
// its column's ▲/▼, and the DAGs pane has no duration or id column), the `?` overlay explains the
// state symbols (issue 5: symbols carry states under NO_COLOR), and the hint bar drops whole hints
// to fit its width (like lazygit's bottom line) instead of cutting "r ref…".

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../source/core/backend.js';
import { STATES } from '../../../source/core/model.js';
import type { DatabricksSim } from '../../../source/sim/databricks/server.js';
import { HelpOverlay, stateLegendLines } from '../../../source/ui/components/HelpOverlay.js';
import { fitHints, HintBar, hintLabel } from '../../../source/ui/components/HintBar.js';
import type { KeyScope } from '../../../source/ui/keys/commands.js';
import { stateStyle } from '../../../source/ui/stateStyle.js';
import { startAirflowScenario } from '../../support/airflowScenario.js';
import { KEY, press, pressAndWaitFor, renderInk } from '../../support/ink.js';
import { waitFor } from '../../support/wait.js';
import { renderConsole, session, startDatabricks } from '../support/renderConsole.js';

let sim: DatabricksSim;
let databricks: Backend;

beforeAll(async () => {
  ({ sim, backend: databricks } = await startDatabricks());
});
afterAll(async () => {
  await sim.close();
});

const frameOf = (instance: { lastFrame(): string | undefined }) => instance.lastFrame() ?? '';

describe('D and I on the DAGs pane', () => {
  // Durations that would reorder the rows (longest first) if D sorted the DAGs pane.
  async function airflow() {
    const timed = (dagId: string, runId: string, durationMs: number) => ({
      dagId,
      runs: [{ runId, state: 'success' as const, startedAt: '2026-11-20T10:00:00Z', durationMs }],
    });
    const scenario = await startAirflowScenario([
      timed('alpha_dag', 'a1', 5_000),
      timed('beta_dag', 'b1', 900_000),
      timed('gamma_dag', 'g1', 60_000),
    ]);
    return scenario.backend;
  }
  const dagOrder = (frame: string) =>
    frame
      .split('\n')
      // Table rows only (cursor or blank gutter), not the detail line under the panes.
      .map((line) => line.match(/^[› ] ((alpha|beta|gamma)_dag)/)?.[1])
      .filter((name) => name !== undefined);

  it('leave the rows in their order and flash that they sort the jobs pane', async () => {
    const app = await renderConsole({ session: session({ airflow: await airflow(), databricks }) });
    await waitFor(() => {
      expect(dagOrder(frameOf(app))).toEqual(['alpha_dag', 'beta_dag', 'gamma_dag']);
      expect(frameOf(app)).toContain('eod_risk_models');
    });
    const before = frameOf(app).split('\n');
    for (const key of ['D', 'I']) {
      const frame = await pressAndWaitFor(app, key, `${key} sorts the jobs pane by`);
      expect(dagOrder(frame)).toEqual(['alpha_dag', 'beta_dag', 'gamma_dag']);
      expect(frame).toContain('Tab to it first');
    }
    // The pane headers (and their ▲ marks) are as before.
    const headers = (lines: string[]) => lines.filter((line) => /[▲▼]/.test(line));
    expect(headers(frameOf(app).split('\n'))).toEqual(headers(before));
    app.unmount();
  });
});

describe('the state legend in the ? overlay', () => {
  it('lists every state symbol with its word, each pair whole on a line within the width', () => {
    for (const width of [120, 80, 40]) {
      const app = renderInk(
        <HelpOverlay scopes={['home', 'global']} offered={() => true} width={width} height={80} offset={0} />,
      );
      const lines = frameOf(app).split('\n');
      for (const state of STATES) {
        const { symbol, word } = stateStyle(state);
        expect(lines.some((line) => line.includes(`${symbol} ${word}`))).toBe(true);
      }
      expect(lines.some((line) => line.startsWith('States: '))).toBe(true);
      for (const line of lines) expect(Array.from(line.trimEnd()).length).toBeLessThanOrEqual(width);
      app.unmount();
    }
  });

  it('wraps to the width: one line at 200 columns, several at 40, never losing a state', () => {
    expect(stateLegendLines(200)).toHaveLength(1);
    expect(stateLegendLines(40).length).toBeGreaterThan(2);
    expect(stateLegendLines(40).flat()).toEqual([...STATES]);
  });

  it('shows in the running console on ?', async () => {
    const airflow = (await startAirflowScenario([{ dagId: 'customer_etl' }])).backend;
    const app = await renderConsole({
      session: session({ airflow, databricks }),
      size: { columns: 80, rows: 24 },
    });
    await press(app.stdin, '?');
    await waitFor(() => expect(frameOf(app)).toContain('States: '));
    const frame = frameOf(app);
    for (const state of STATES) expect(frame).toContain(stateStyle(state).symbol);
    app.unmount();
  });
});

describe('hint bar fits its width with whole hints', () => {
  const scopes: KeyScope[] = ['home', 'incidents', 'runs', 'task', 'run'];
  const all = () => true;
  const kept = ['? help', 'esc back', 'q quit'];

  for (const width of [80, 60]) {
    it(`at ${width} columns: no hint cut, ? help / esc back / q quit on every screen`, () => {
      for (const scope of scopes) {
        const app = renderInk(<HintBar scopes={[scope, 'global']} offered={all} width={width} />);
        const line = frameOf(app);
        expect(line).not.toContain('…');
        expect(Array.from(line).length).toBeLessThanOrEqual(width);
        for (const hint of kept) expect(line).toContain(hint);
        // Every hint shown is whole: the line is exactly the fitted hints joined.
        const expected = fitHints([scope, 'global'], width)
          .map((binding) => `${binding.keys[0]} ${hintLabel(binding)}`)
          .join('  ');
        expect(line).toBe(expected);
        app.unmount();
      }
    });
  }

  it('drops from the least important end: refresh, incidents, command, filter, then the screen keys from the end', () => {
    const labels = (width: number) => fitHints(['incidents', 'global'], width).map(hintLabel);
    expect(labels(200)).toEqual([
      'open',
      'log',
      'failures only',
      'runs',
      'retry',
      'quit',
      'help',
      'filter',
      'command',
      'incidents',
      'refresh',
      'back',
    ]);
    expect(labels(80)).toEqual(['open', 'log', 'failures only', 'runs', 'retry', 'quit', 'help', 'back']);
    expect(labels(60)).toEqual(['open', 'log', 'failures only', 'quit', 'help', 'back']);
  });

  it('the incident view at 80×24 ends with esc back, not a cut "r ref…"', async () => {
    const airflow = (await startAirflowScenario([{ dagId: 'customer_etl' }])).backend;
    const app = await renderConsole({
      session: session({ airflow, databricks }),
      size: { columns: 80, rows: 24 },
    });
    await press(app.stdin, ':', 'n', 'o', 'w', KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain('home › incidents'));
    const last = frameOf(app).split('\n').at(-1) ?? '';
    expect(last).toContain('esc back');
    expect(last).toContain('f failures only');
    expect(last).not.toContain('…');
    app.unmount();
  });

  it('the home screen at 60 columns keeps the pane and open keys and the kept three', async () => {
    const airflow = (await startAirflowScenario([{ dagId: 'customer_etl' }])).backend;
    const app = await renderConsole({
      session: session({ airflow, databricks }),
      size: { columns: 60, rows: 24 },
    });
    await waitFor(() => expect(frameOf(app)).toContain('customer_etl'));
    const last = frameOf(app).split('\n').at(-1) ?? '';
    // Airflow offers a trigger: its hint takes the room of / filter, the kept three stay.
    expect(last).toBe('tab pane  enter open  t trigger  q quit  ? help  esc back');
    app.unmount();
  });
});
