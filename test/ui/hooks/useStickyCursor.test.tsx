// Navigation fixes from a user audit. (1) The selection follows the row, not the row number: the
// incident view is newest first, so a new incident shifts every row down, and a poll that reorders
// the home list under a sort by age or state moves rows around; the cursor stays on its incident or
// DAG (hooks/useStickyCursor.ts). (2) Esc comes back to the row it left (k9s: esc pops the stack
// to the previous view, tui-anchors.md §1.1): a screen's cursor and `f` toggle survive drill-downs
// (hooks/useRouteState.ts).
import { describe, expect, it, vi } from 'vitest';
import type { State, TaskInstance } from '../../../source/core/model.js';
import { RunsScreen } from '../../../source/ui/screens/RunsScreen.js';
import { KEY, press } from '../../support/ink.js';
import { renderScreen } from '../screens/support/renderScreen.js';
import { createMemoryBackend, dag, type MemoryBackend, run } from '../support/memoryBackend.js';
import { renderConsole, session } from '../support/renderConsole.js';

const frameOf = (instance: { lastFrame(): string | undefined }) => instance.lastFrame() ?? '';
/** The line the `›` cursor is on. */
const cursorLine = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';

function task(workflowId: string, runId: string, taskId: string, state: State): TaskInstance {
  return { backend: 'airflow', workflowId, runId, taskId, state, rawState: state, tryNumber: 1 };
}

/** Every failed run has a failed `load` task after a successful `extract`. */
function withTasks(backend: MemoryBackend): MemoryBackend {
  backend.listTasks = async (workflowId, runId) => {
    const found = backend.runs.find((r) => r.workflowId === workflowId && r.id === runId);
    return [
      task(workflowId, runId, 'extract', 'success'),
      task(workflowId, runId, 'load', found?.state === 'failed' ? 'failed' : 'success'),
    ];
  };
  return backend;
}

async function openIncidents(backend: MemoryBackend) {
  const app = await renderConsole({ session: session({ airflow: backend }) });
  // The runs are dated in the past: look back far enough (`:now 400d`).
  await press(app.stdin, ':', 'n', 'o', 'w', ' ', '4', '0', '0', 'd', KEY.enter);
  await vi.waitFor(() => expect(frameOf(app)).toContain('home › incidents'));
  return app;
}

describe('incident view: the cursor stays on its incident', () => {
  it('a new incident at the top does not move the selection to another one; Enter opens the selected one', async () => {
    const backend = createMemoryBackend(
      'airflow',
      ['a_dag', 'b_dag', 'c_dag', 'd_dag'].map((id) => dag(id)),
      [
        run('a_dag', 'a1', 'failed', '2026-11-20T11:00:00Z'),
        run('b_dag', 'b1', 'failed', '2026-11-20T10:00:00Z'),
        run('c_dag', 'c1', 'failed', '2026-11-20T09:00:00Z'),
      ],
    );
    const app = await openIncidents(backend);
    await vi.waitFor(() => expect(frameOf(app)).toContain('c_dag · run c1'));
    await press(app.stdin, 'j');
    expect(cursorLine(frameOf(app))).toContain('b_dag · run b1');

    // A newer failure arrives: it sorts first and every row shifts down by one.
    backend.runs.unshift(run('d_dag', 'd1', 'failed', '2026-11-20T12:00:00Z'));
    await press(app.stdin, 'r');
    await vi.waitFor(() => expect(frameOf(app)).toContain('d_dag · run d1'));
    expect(cursorLine(frameOf(app))).toContain('b_dag · run b1');

    // The key handler acts on the row shown, not on the old index.
    await press(app.stdin, KEY.enter);
    await vi.waitFor(() => expect(frameOf(app)).toContain('home › incidents › b_dag'));
    app.unmount();
  });

  it('a filter still keeps the index (the rows changed because the user asked)', async () => {
    const backend = createMemoryBackend(
      'airflow',
      ['a_dag', 'b_dag', 'c_dag'].map((id) => dag(id)),
      [
        run('a_dag', 'a1', 'failed', '2026-11-20T11:00:00Z'),
        run('b_dag', 'b1', 'failed', '2026-11-20T10:00:00Z'),
        run('c_dag', 'c1', 'failed', '2026-11-20T09:00:00Z'),
      ],
    );
    const app = await openIncidents(backend);
    await vi.waitFor(() => expect(frameOf(app)).toContain('c_dag · run c1'));
    await press(app.stdin, 'j', '/', 'c', '1', KEY.enter);
    await vi.waitFor(() => expect(frameOf(app)).not.toContain('a_dag · run a1'));
    expect(cursorLine(frameOf(app))).toContain('c_dag · run c1');
    app.unmount();
  });
});

describe('Esc comes back to the row it left', () => {
  it('incident view → runs grid → task instance, Esc Esc: the 3rd row is still selected and `f` still on', async () => {
    const backend = withTasks(
      createMemoryBackend(
        'airflow',
        ['a_dag', 'b_dag', 'c_dag', 'd_dag', 'e_dag'].map((id) => dag(id)),
        [
          run('e_dag', 'e1', 'running', '2026-11-20T12:00:00Z'),
          run('a_dag', 'a1', 'failed', '2026-11-20T11:00:00Z'),
          run('b_dag', 'b1', 'failed', '2026-11-20T10:00:00Z'),
          run('c_dag', 'c1', 'failed', '2026-11-20T09:00:00Z'),
          run('d_dag', 'd1', 'failed', '2026-11-20T08:00:00Z'),
        ],
      ),
    );
    const app = await openIncidents(backend);
    await vi.waitFor(() => expect(frameOf(app)).toContain('d_dag / load · run d1'));
    await press(app.stdin, 'f');
    await vi.waitFor(() => expect(frameOf(app)).toContain('failures only (f)'));
    expect(frameOf(app)).not.toContain('e_dag');
    await press(app.stdin, 'j', 'j');
    expect(cursorLine(frameOf(app))).toContain('c_dag / load · run c1');

    // Two levels deeper: `o` opens the runs grid on that run, Enter its failed task instance.
    await press(app.stdin, 'o');
    await vi.waitFor(() => expect(frameOf(app)).toContain('enter opens the task instance'));
    expect(frameOf(app)).toContain('home › incidents › c_dag');
    await press(app.stdin, KEY.enter);
    await vi.waitFor(() => expect(frameOf(app)).toContain('home › incidents › c_dag › load'));

    await press(app.stdin, KEY.esc, KEY.esc);
    await vi.waitFor(() => {
      const frame = frameOf(app);
      expect(frame).not.toContain('c_dag ›');
      expect(frame).toContain('d_dag / load · run d1');
    });
    const frame = frameOf(app);
    expect(frame).toContain('failures only (f)');
    expect(frame).not.toContain('e_dag');
    expect(cursorLine(frame)).toContain('c_dag / load · run c1');

    // Popped routes start afresh: Esc to home and back to the incident view is row 1, `f` off.
    await press(app.stdin, KEY.esc);
    await vi.waitFor(() => expect(frameOf(app)).not.toContain('home › incidents'));
    // The runs are dated in the past: look back far enough (`:now 400d`).
    await press(app.stdin, ':', 'n', 'o', 'w', ' ', '4', '0', '0', 'd', KEY.enter);
    await vi.waitFor(() => expect(frameOf(app)).toContain('e_dag'));
    expect(frameOf(app)).not.toContain('failures only (f)');
    // Failures come first: row 1 is the newest failure.
    expect(cursorLine(frameOf(app))).toContain('a_dag');
    app.unmount();
  });
});

describe('home sorted by age or state: a poll that reorders keeps the selected DAG', () => {
  // Both sorts give beta, alpha, gamma: beta's run is the newest and running (worse than a
  // success), alpha succeeded at 10:00, gamma at 09:00 (ties sort by name).
  const dagOrder = (frame: string) =>
    frame
      .split('\n')
      .map((line) => line.match(/^[› ] ((alpha|beta|gamma)_dag)/)?.[1])
      .filter((name) => name !== undefined);

  it.each([
    ['A', 'age'],
    ['S', 'state'],
  ])('%s (sort by %s)', async (key) => {
    const backend = createMemoryBackend(
      'airflow',
      [dag('alpha_dag'), dag('beta_dag'), dag('gamma_dag')],
      [
        run('beta_dag', 'b1', 'running', '2026-11-20T11:00:00Z'),
        run('alpha_dag', 'a1', 'success', '2026-11-20T10:00:00Z'),
        run('gamma_dag', 'g1', 'success', '2026-11-20T09:00:00Z'),
      ],
    );
    const app = await renderConsole({
      session: session({ airflow: backend }),
      timing: { activeIntervalMs: 20, idleIntervalMs: 20 },
    });
    await vi.waitFor(() => expect(dagOrder(frameOf(app))).toHaveLength(3));
    await press(app.stdin, key);
    await vi.waitFor(() => expect(dagOrder(frameOf(app))).toEqual(['beta_dag', 'alpha_dag', 'gamma_dag']));
    await press(app.stdin, 'j');
    expect(cursorLine(frameOf(app))).toContain('alpha_dag');

    // gamma fails now: newest and worst, it moves to the top and alpha to the bottom.
    backend.runs.unshift(run('gamma_dag', 'g2', 'failed', '2026-11-20T12:00:00Z'));
    await vi.waitFor(() => expect(dagOrder(frameOf(app))).toEqual(['gamma_dag', 'beta_dag', 'alpha_dag']));
    expect(cursorLine(frameOf(app))).toContain('alpha_dag');

    await press(app.stdin, KEY.enter);
    await vi.waitFor(() => expect(frameOf(app)).toContain('home › alpha_dag'));
    app.unmount();
  });
});

describe('Databricks job runs: a new run at the top keeps the selected run', () => {
  it('follows the run after a refresh, and Enter opens it', async () => {
    const backend = createMemoryBackend(
      'databricks',
      [],
      [
        run('100', '902', 'success', '2026-11-20T11:00:00Z', 'databricks'),
        run('100', '901', 'failed', '2026-11-20T10:00:00Z', 'databricks'),
      ],
    );
    const screen = renderScreen(
      RunsScreen,
      { screen: 'runs', backend: 'databricks', workflowId: '100', workflowName: 'eod' },
      { databricks: backend },
    );
    await screen.waitFor('901');
    await screen.press('j');
    expect(cursorLine(screen.frame())).toContain('901');
    backend.runs.unshift(run('100', '903', 'running', '2026-11-20T12:00:00Z', 'databricks'));
    await screen.press('r');
    await screen.waitFor('903');
    expect(cursorLine(screen.frame())).toContain('901');
    await screen.press(KEY.enter);
    expect(screen.open).toHaveBeenCalledWith(expect.objectContaining({ screen: 'run', runId: '901' }));
    screen.unmount();
  });
});
