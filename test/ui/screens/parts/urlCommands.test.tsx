// y and O on the selected row's URL (issue 14 navigation): y copies it with OSC 52 (the terminal's
// own clipboard, so it works over SSH), O opens it in a browser or, where there is none, shows it
// whole instead of cut at the terminal's width.
import { describe, expect, it, vi } from 'vitest';
import { KEY, press } from '../../../support/ink.js';
import { createMemoryBackend, dag, run } from '../../support/memoryBackend.js';
import { renderConsole, session } from '../../support/renderConsole.js';

const URL_TEXT = `https://airflow.example.com/dags/ledger/runs/${'scheduled__2026-11-20T00:00:00+00:00'.repeat(3)}`;

async function onIncident(openUrl: (url: string) => Promise<boolean>) {
  const failed = {
    ...run('ledger', 'r1', 'failed', new Date(Date.now() - 3_600_000).toISOString()),
    url: URL_TEXT,
  };
  const airflow = createMemoryBackend('airflow', [dag('ledger')], [failed]);
  const app = await renderConsole({
    session: session({ airflow }, { openUrl }),
    size: { columns: 100, rows: 30 },
  });
  await press(app.stdin, '!');
  await vi.waitFor(() => expect(app.lastFrame()).toContain('ledger · run r1'));
  return app;
}

describe('the URL keys', () => {
  it('y writes the URL to the terminal clipboard with OSC 52 and says so', async () => {
    const app = await onIncident(async () => true);
    await press(app.stdin, 'y');
    const payload = Buffer.from(URL_TEXT).toString('base64');
    await vi.waitFor(() => {
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
    await vi.waitFor(() => expect(opened).toEqual([URL_TEXT]));
    browser.unmount();

    const app = await onIncident(async () => false);
    await press(app.stdin, 'O');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('No browser here: the whole URL'));
    // Split over lines of the terminal's width, never cut: joined again it is the whole URL.
    const lines = (app.lastFrame() ?? '').split('\n');
    const start = lines.findIndex((line) => line.startsWith('https://'));
    expect(lines.slice(start, start + 3).join('')).toContain(URL_TEXT);
    await press(app.stdin, KEY.esc);
    await vi.waitFor(() => expect(app.lastFrame()).not.toContain('No browser here'));
    expect(app.lastFrame()).toContain('ledger · run r1');
    await press(app.stdin, KEY.enter);
    app.unmount();
  });
});
