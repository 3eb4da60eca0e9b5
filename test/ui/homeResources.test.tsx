// Progressive lists (issue 14 "Nothing until everything"): the DAGs pane shows the rows of the
// first pages while the rest are still being read, says how many of how many are in, sorts and
// filters what is there, and becomes the whole list when the last page lands.
import { describe, expect, it, vi } from 'vitest';
import { press } from '../support/ink.js';
import { createMemoryBackend, dag } from './support/memoryBackend.js';
import { renderConsole, session } from './support/renderConsole.js';

describe('a long DAG list arriving page by page', () => {
  it('shows the first page at once, marked partial, then the whole list', async () => {
    const all = ['delta', 'alpha', 'echo', 'charlie', 'bravo'].map((id) => dag(id));
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const airflow = createMemoryBackend('airflow', all, []);
    airflow.listWorkflows = async (options) => {
      options?.onProgress?.({ loaded: 2, total: all.length, items: () => all.slice(0, 2) });
      await gate;
      return all;
    };
    const app = await renderConsole({ session: session({ airflow }), size: { columns: 120, rows: 20 } });
    await vi.waitFor(() => {
      const frame = app.lastFrame() ?? '';
      expect(frame).toContain('Airflow DAGs 1:2 · partial: 2 of 5 loaded');
      // Sorted by name among what is there.
      expect(frame.indexOf('alpha')).toBeLessThan(frame.indexOf('delta'));
      expect(frame).not.toContain('Loading…');
    });
    await press(app.stdin, '/');
    await press(app.stdin, 'e', 'c', 'h', 'o', '\r');
    await vi.waitFor(() =>
      expect(app.lastFrame()).toContain('Nothing matches /echo yet · partial: 2 of 5 loaded'),
    );
    release();
    await vi.waitFor(() => {
      const frame = app.lastFrame() ?? '';
      expect(frame).toContain('Airflow DAGs 1:1/5');
      expect(frame).toContain('echo');
      expect(frame).not.toContain('partial');
    });
    app.unmount();
  });
});
