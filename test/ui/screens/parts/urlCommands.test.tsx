// y and O on the selected row's URL (issue 14 navigation): y copies it with OSC 52 (the terminal's
// own clipboard, so it works over SSH), O opens it in a browser or, where there is none, shows it
// whole instead of cut at the terminal's width.
import { describe, expect, it } from 'vitest';
import { startAirflowScenario } from '../../../support/airflowScenario.js';
import { KEY, press, waitForFrame } from '../../../support/ink.js';
import { runOnSimulatedDate } from '../../../support/simulatedDate.js';
import { waitFor } from '../../../support/wait.js';
import { renderConsole, session } from '../../support/renderConsole.js';

// A long run id: its URL is wider than the terminal.
const RUN_ID = `manual__${'2026-11-20T11:00:00+00:00'.repeat(3)}`;
let URL_TEXT = '';

runOnSimulatedDate();

async function onIncident(openUrl: (url: string) => Promise<boolean>) {
  const { backend: airflow } = await startAirflowScenario([
    { dagId: 'ledger', runs: [{ runId: RUN_ID, state: 'failed', startedAt: '2026-11-20T11:00:00Z' }] },
  ]);
  // The incident is the run's failed task: y and O act on that task instance's URL.
  const tasks = await airflow.listTasks('ledger', RUN_ID);
  URL_TEXT = tasks.find((task) => task.taskId === 'run')?.url ?? '';
  expect(URL_TEXT.length).toBeGreaterThan(100);
  const app = await renderConsole({
    session: session({ airflow }, { openUrl }),
    size: { columns: 100, rows: 30 },
  });
  await press(app.stdin, '!');
  // The failed run's failed task is the incident (its task is named `run`).
  await waitForFrame(app, 'ledger / run —');
  return app;
}

describe('the URL keys', () => {
  it('y writes the URL to the terminal clipboard with OSC 52 and says so', async () => {
    const app = await onIncident(async () => true);
    await press(app.stdin, 'y');
    const payload = Buffer.from(URL_TEXT).toString('base64');
    await waitFor(() => {
      expect(app.stdout.frames.join('')).toContain(`\u001b]52;c;${payload}\u0007`);
      expect(app.lastFrame()).toContain("Copied to the terminal's clipboard (OSC 52)");
    });
    app.unmount();
  });

  it('O opens it where a browser exists, else shows it whole until esc', async () => {
    const opened: string[] = [];
    const browser = await onIncident(async (url) => {
      opened.push(url);
      return true;
    });
    await press(browser.stdin, 'O');
    await waitFor(() => expect(opened).toEqual([URL_TEXT]));
    browser.unmount();

    const app = await onIncident(async () => false);
    await press(app.stdin, 'O');
    await waitFor(() => expect(app.lastFrame()).toContain('No browser here: the whole URL'));
    // Split over lines of the terminal's width, never cut: joined again it is the whole URL.
    const lines = (app.lastFrame() ?? '').split('\n');
    const start = lines.findIndex((line) => line.startsWith('http://'));
    expect(lines.slice(start, start + 3).join('')).toContain(URL_TEXT);
    await press(app.stdin, KEY.esc);
    await waitFor(() => expect(app.lastFrame()).not.toContain('No browser here'));
    expect(app.lastFrame()).toContain('ledger / run —');
    await press(app.stdin, KEY.enter);
    app.unmount();
  });
});
