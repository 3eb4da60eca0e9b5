// The console shell (issue 5): header, both panes (Databricks from the real simulator), filter, Tab,
// Enter/Esc with breadcrumbs, help from the keymap, command line, NO_COLOR symbols, narrow layout.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../source/core/backend.js';
import type { DatabricksSim } from '../../source/sim/databricks/server.js';
import { helpText, keyLabel } from '../../source/ui/keys/commands.js';
import { bindingsFor } from '../../source/ui/keys/resolveCommand.js';
import { type ScenarioAirflow, startAirflowScenario } from '../support/airflowScenario.js';
import { KEY, press, pressAndWaitFor, waitForFrame } from '../support/ink.js';
import { runOnSimulatedDate } from '../support/simulatedDate.js';
import { waitFor } from '../support/wait.js';
import { renderConsole, session, startDatabricks } from './support/renderConsole.js';

let sim: DatabricksSim;

runOnSimulatedDate();
let databricks: Backend;

/** The Airflow simulator with four DAGs, one of them named with an escape sequence (an untrusted name). */
function startAirflow(): Promise<ScenarioAirflow> {
  return startAirflowScenario(
    [
      {
        dagId: 'customer_etl',
        tags: ['crm'],
        runs: [{ runId: 'c2', state: 'success', startedAt: '2026-11-20T10:30:00Z' }],
      },
      {
        dagId: 'fintech_eod_risk',
        tags: ['finance', 'tier1'],
        schedule: '0 18 * * 1-5',
        runs: [
          { runId: 'r1', state: 'success', startedAt: '2026-11-19T18:00:00Z' },
          { runId: 'r2', state: 'failed', startedAt: '2026-11-20T11:00:00Z' },
        ],
      },
      {
        dagId: 'ml_train',
        paused: true,
        tags: ['ml'],
        runs: [{ runId: 'r3', state: 'running', startedAt: '2026-11-20T11:59:00Z' }],
      },
      { dagId: 'evil\u001b]0;pwned\u0007_dag' },
    ],
    { version: '3.0.2' },
  );
}

beforeAll(async () => {
  ({ sim, backend: databricks } = await startDatabricks());
});
afterAll(async () => {
  await sim.close();
});

const frameOf = (instance: { lastFrame(): string | undefined }) => instance.lastFrame() ?? '';

async function openHome(extra: Parameters<typeof session>[1] = {}, size = { columns: 120, rows: 30 }) {
  const scenario = await startAirflow();
  const instance = await renderConsole({
    session: session({ airflow: scenario.backend, databricks }, extra),
    size,
  });
  // Loaded: both lists, and the run strip of fintech_eod_risk (oldest left, newest right).
  await waitForFrame(instance, (frame) => {
    const eod = frame.split('\n').find((line) => line.includes('fintech_eod_risk')) ?? '';
    return eod.includes('✓✗') && frame.includes('eod_risk_models');
  });
  return { ...instance, ...scenario };
}

describe('console shell (issue 5)', () => {
  it('header shows context, protection badge, backends with version, endpoint and credential source', async () => {
    const app = await openHome();
    await waitFor(() => {
      const frame = frameOf(app);
      expect(frame).toContain('ctx prod-eu');
      expect(frame).toContain('PROTECTED');
      expect(frame).not.toContain('DEMO');
      expect(frame).toContain(`Airflow 3.0.2 ${app.sim.url}`);
      expect(frame).toContain(`Databricks`);
      expect(frame).toContain('127.0.0.1');
      expect(frame).toContain('cred: env DAGDECK_AIRFLOW_PASSWORD');
      expect(frame).toMatch(/refreshed \d\d:\d\d:\d\d/);
    });
    app.unmount();
  });

  it('DEMO and READ-ONLY badges', async () => {
    const app = await openHome({ demo: true, readOnly: true });
    expect(frameOf(app)).toContain('DEMO');
    expect(frameOf(app)).toContain('READ-ONLY');
    app.unmount();
  });

  it('both panes list rows; run strips are symbols; untrusted names are sanitised', async () => {
    const app = await openHome({}, { columns: 140, rows: 40 });
    const frame = frameOf(app);
    expect(frame).toContain('Airflow DAGs');
    expect(frame).toContain('Databricks jobs');
    // The DAG and job lists share lines: side by side at 140 columns.
    expect(
      frame.split('\n').some((line) => line.includes('Airflow DAGs') && line.includes('Databricks jobs')),
    ).toBe(true);
    const eod = frame.split('\n').find((line) => line.includes('fintech_eod_risk')) ?? '';
    expect(eod).toContain('✓✗'); // oldest left, newest right (stateStyle symbols)
    expect(frame.split('\n').find((line) => line.includes('ml_train'))).toContain('off');
    expect(frame).not.toContain('\u001b]0;');
    expect(frame).toContain('evil_dag');
    app.unmount();
  });

  it('/ filters both panes while typing; esc clears it (k9s, tui-anchors.md §1.3)', async () => {
    const app = await openHome();
    await press(app.stdin, '/', 'e', 'o', 'd');
    let frame = frameOf(app);
    expect(frame).toContain('/eod');
    expect(frame).toContain('fintech_eod_risk');
    expect(frame).toContain('eod_risk_models');
    expect(frame).not.toContain('customer_etl');
    await press(
      app.stdin,
      KEY.backspace,
      KEY.backspace,
      KEY.backspace,
      't',
      'a',
      'g',
      ':',
      'm',
      'l',
      KEY.enter,
    );
    frame = frameOf(app);
    expect(frame).toContain('ml_train');
    expect(frame).not.toContain('fintech_eod_risk');
    await press(app.stdin, KEY.esc);
    await waitFor(() => expect(frameOf(app)).toContain('fintech_eod_risk'));
    app.unmount();
  });

  it('reopening / starts from the filter in force, ctrl+u clears it (and the rows come back), esc restores it (issue 17)', async () => {
    const app = await openHome();
    await press(app.stdin, '/', 'e', 'o', 'd', KEY.enter);
    await waitFor(() => expect(frameOf(app)).not.toContain('customer_etl'));
    // The prompt opens on the filter as it is, to be edited, not on an empty line.
    await press(app.stdin, '/');
    await waitFor(() => expect(frameOf(app)).toMatch(/^\/eod/m));
    await press(app.stdin, 'x');
    await waitFor(() => expect(frameOf(app)).toMatch(/^\/eodx/m));
    // ctrl+u empties the line, and the filter with it while typing.
    await press(app.stdin, '\u0015');
    await waitFor(() => {
      expect(frameOf(app)).toMatch(/^\/ +enter keeps/m);
      expect(frameOf(app)).toContain('customer_etl');
    });
    // esc drops the edit: the filter from before the prompt is back.
    await press(app.stdin, KEY.esc);
    await waitFor(() => expect(frameOf(app)).not.toContain('customer_etl'));
    expect(frameOf(app)).toContain('fintech_eod_risk');
    // ctrl+u then enter keeps the empty filter.
    await press(app.stdin, '/', '\u0015', KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain('customer_etl'));
    app.unmount();
  });

  it('keys typed in one tick land in the right mode (reducer, ink-style.md §2 probe 4)', async () => {
    const app = await openHome();
    app.stdin.write('/');
    app.stdin.write('q'); // typed into the filter, not a quit
    app.stdin.write('x');
    await waitFor(() => expect(frameOf(app)).toContain('/qx'));
    app.unmount();
  });

  it('a chunk of keys in one read (fast typing over SSH, a paste) is split into keypresses in order', async () => {
    const app = await openHome();
    await press(app.stdin, '/eod\r\t\r');
    await waitFor(() => expect(frameOf(app)).toMatch(/home › eod_risk_models/));
    await press(app.stdin, ':dags\r');
    await waitFor(() => expect(frameOf(app)).not.toContain('home ›'));
    app.unmount();
  });

  // Issue 15: the commands resolve through each kind's workflow noun, not through names in the UI.
  it(':job and :dags focus their pane; a kind the context lacks is named in the error', async () => {
    const app = await openHome();
    await waitForFrame(app, (frame) => frame.includes('▌Airflow DAGs'));
    await press(app.stdin, ':job\r');
    await waitForFrame(app, (frame) => frame.includes('▌Databricks jobs') && !frame.includes('▌Airflow'));
    await press(app.stdin, ':DAGS\r');
    await waitForFrame(app, (frame) => frame.includes('▌Airflow DAGs'));
    app.unmount();
    const jobsOnly = await renderConsole({ session: session({ databricks }) });
    await waitForFrame(jobsOnly, (frame) => frame.includes('▌Databricks jobs'));
    expect(frameOf(jobsOnly)).toContain('Airflow: not configured in this context');
    await press(jobsOnly.stdin, ':dag\r');
    await waitForFrame(jobsOnly, (frame) => frame.includes('No Airflow in this context'));
    jobsOnly.unmount();
  });

  it('Tab switches panes, Enter opens the runs route, Esc goes back (breadcrumbs)', async () => {
    const app = await openHome();
    await pressAndWaitFor(app, ['/', ...'eod', KEY.enter], (frame) => !frame.includes('customer_etl'));
    await pressAndWaitFor(app, KEY.tab, /› eod_risk_models/);
    await pressAndWaitFor(app, KEY.enter, /home › eod_risk_models/);
    await press(app.stdin, KEY.esc);
    await waitFor(() => {
      expect(frameOf(app)).toContain('Airflow DAGs');
      expect(frameOf(app)).not.toContain('home ›');
    });
    // Back on home the filter is still there; Enter on the DAG pane opens the DAG.
    await press(app.stdin, KEY.tab, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/home › fintech_eod_risk/));
    app.unmount();
  });

  it('moves the cursor with j/down and sorts failed first with S', async () => {
    const app = await openHome();
    await pressAndWaitFor(app, KEY.down, /› evil_dag/);
    await pressAndWaitFor(app, 'S', /runs▲/);
    const lines = frameOf(app).split('\n');
    const first = lines.findIndex((line) => line.includes('fintech_eod_risk'));
    const later = lines.findIndex((line) => line.includes('customer_etl'));
    expect(first).toBeGreaterThan(-1);
    expect(first).toBeLessThan(later);
    app.unmount();
  });

  it('? shows every global and home key from the keymap, but no write the backends cannot do', async () => {
    const app = await openHome({}, { columns: 120, rows: 60 });
    const frame = await pressAndWaitFor(app, '?', helpText(bindingsFor(['home'])[0]!));
    for (const binding of bindingsFor(['home', 'global'])) {
      expect(frame).toContain(keyLabel(binding));
      expect(frame).toContain(helpText(binding));
    }
    await press(app.stdin, KEY.esc);
    await waitFor(() => expect(frameOf(app)).toContain('Airflow DAGs'));
    app.unmount();
  });

  it('the hint bar comes from the keymap', async () => {
    const app = await openHome();
    const last = frameOf(app).split('\n').at(-1) ?? '';
    expect(last).toContain('q quit');
    expect(last).toContain('/ filter');
    expect(last).toContain('tab pane');
    expect(last).toContain('enter open');
    app.unmount();
  });

  it(':now opens the incident view, :ctx switches or explains, :q quits', async () => {
    const onQuit = vi.fn();
    const onSwitchContext = vi.fn();
    const { backend } = await startAirflow();
    const app = await renderConsole({
      session: session({ airflow: backend, databricks }),
      onQuit,
      onSwitchContext,
    });
    await press(app.stdin, ':', 'n', 'o', 'w', KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain('home › incidents'));
    await press(app.stdin, ':', 'd', 'a', 'g', 's', KEY.enter);
    await waitFor(() => expect(frameOf(app)).not.toContain('home ›'));
    await pressAndWaitFor(app, [':', ...'ctx nope', KEY.enter], 'No context named "nope"');
    await pressAndWaitFor(app, [':', ...'bogus', KEY.enter], 'Unknown command :bogus');
    await press(app.stdin, 'q');
    await waitFor(() => expect(onQuit).toHaveBeenCalledOnce());
    await press(app.stdin, ':', 'c', 't', 'x', ' ', 's', 't', 'a', 'g', 'i', 'n', 'g', KEY.enter);
    await waitFor(() => expect(onSwitchContext).toHaveBeenCalledWith('staging'));
    app.unmount();
  });

  it('! opens the incident view from any screen in one key; inside the filter it is just a character', async () => {
    const { backend } = await startAirflow();
    const app = await renderConsole({ session: session({ airflow: backend, databricks }) });
    await press(app.stdin, '/', '!', 'x');
    await waitFor(() => expect(frameOf(app)).toContain('/!x'));
    expect(frameOf(app)).not.toContain('home › incidents');
    await press(app.stdin, KEY.esc, KEY.esc, '!');
    await waitFor(() => expect(frameOf(app)).toContain('home › incidents'));
    expect(frameOf(app)).toContain('! incidents');
    // Again on the incident view: it stays one level deep.
    await press(app.stdin, '!', KEY.esc);
    await waitFor(() => expect(frameOf(app)).not.toContain('home ›'));
    app.unmount();
  });

  it('r refreshes with one listRecentRuns per backend, not one request per row', async () => {
    const app = await openHome();
    const before = app.calls.filter((c) => c.startsWith('listRecentRuns')).length;
    await press(app.stdin, 'r');
    await waitFor(() =>
      expect(app.calls.filter((c) => c.startsWith('listRecentRuns')).length).toBe(before + 1),
    );
    expect(app.calls.some((c) => c.startsWith('listRuns'))).toBe(false);
    app.unmount();
  });

  it('NO_COLOR still shows every state by symbol', async () => {
    const { backend } = await startAirflow();
    const app = await renderConsole({ session: session({ airflow: backend }), env: { NO_COLOR: '1' } });
    const frame = await waitForFrame(app, '✓✗');
    expect(frame.split('\n').find((line) => line.includes('ml_train'))).toContain('▶');
    app.unmount();
  });

  it('80×24: panes stack and the frame stays one row shorter than the terminal (ink-style.md §1.2)', async () => {
    const app = await openHome({}, { columns: 80, rows: 24 });
    const lines = frameOf(app).split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    const dags = lines.findIndex((line) => line.includes('Airflow DAGs'));
    const jobs = lines.findIndex((line) => line.includes('Databricks jobs'));
    expect(dags).toBeGreaterThan(-1);
    expect(jobs).toBeGreaterThan(dags);
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    app.unmount();
  });

  it('a failed refresh keeps the rows, dims them and marks them stale; the error is one header line', async () => {
    const app = await openHome();
    // The server goes away: the refresh meets a closed port.
    await app.sim.close();
    await press(app.stdin, 'r');
    await waitFor(() => {
      const frame = frameOf(app);
      expect(frame).toContain('stale');
      expect(frame).toContain(`${app.sim.url} ✗ Airflow GET /api/v2/dags failed`);
      expect(frame).toContain('refused the connection');
    });
    expect(frameOf(app)).toContain('fintech_eod_risk');
    app.unmount();
  });

  it('polling stops while a drill-down screen replaces home (resource.ts: no subscriber, no polling)', async () => {
    // Absence is proved on a virtual clock, never by sleeping: the pollers' timers are fake, so
    // twenty intervals on the runs screen are twenty chances for a home poller left alive to ask.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    try {
      const { backend, calls } = await startAirflow();
      const app = await renderConsole({
        session: session({ airflow: backend }),
        timing: { activeIntervalMs: 5, idleIntervalMs: 5 },
      });
      const recent = () => calls.filter((call) => call.startsWith('listRecentRuns')).length;
      // Each poll waits for the simulator's answer (real I/O) before the next is timed.
      const pollsPast = (count: number) =>
        waitFor(async () => {
          await vi.advanceTimersByTimeAsync(5);
          expect(recent()).toBeGreaterThan(count);
        });
      await pollsPast(2);
      await pressAndWaitFor(app, KEY.enter, 'home › customer_etl');
      const onRuns = recent();
      // A poller left alive records its call the moment its timer fires, before any I/O.
      await vi.advanceTimersByTimeAsync(100);
      expect(recent()).toBe(onRuns);
      await pressAndWaitFor(app, KEY.esc, 'Airflow DAGs');
      await pollsPast(onRuns);
      app.unmount();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reflows when the terminal is resized (size from the context, ink-style.md §4.2)', async () => {
    const { backend } = await startAirflow();
    const app = await renderConsole({ session: session({ airflow: backend, databricks }), size: undefined });
    await waitFor(() => expect(frameOf(app)).toContain('eod_risk_models'));
    // ink-testing-library's stdout is 100 columns: side by side.
    expect(
      frameOf(app)
        .split('\n')
        .some((line) => line.includes('Airflow DAGs') && line.includes('Databricks jobs')),
    ).toBe(true);
    Object.defineProperty(app.stdout, 'columns', { value: 80, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: 24, configurable: true });
    app.stdout.emit('resize');
    await waitFor(() => {
      const lines = frameOf(app).split('\n');
      expect(lines.some((line) => line.includes('Airflow DAGs') && line.includes('Databricks jobs'))).toBe(
        false,
      );
      expect(lines.length).toBeLessThanOrEqual(23);
    });
    app.unmount();
  });
});
