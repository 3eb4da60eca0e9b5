// Opening on the last-known state (issue 14): the lists of an earlier session show at once,
// marked as cached with their age, while the server is down; this session's own lists replace them
// (and are remembered) once they arrive.
import { describe, expect, it, vi } from 'vitest';
import { Unavailable } from '../../source/core/errors.js';
import type { LastKnownState, LastKnownStore } from '../../source/core/lastKnownState.js';
import { createMemoryBackend, dag, run } from './support/memoryBackend.js';
import { renderConsole, session } from './support/renderConsole.js';

function memoryStore(initial: LastKnownState | undefined) {
  const remembered: string[] = [];
  const store: LastKnownStore = {
    read: () => initial,
    remember: (backend: string, list: string, items: readonly unknown[]) =>
      void remembered.push(`${backend} ${list} ${items.length}`),
    close: () => {},
  };
  return { store, remembered };
}

const readAt = Date.now() - 12 * 60_000;
const cached: LastKnownState = {
  airflow: {
    workflows: { items: [dag('cached_dag_alpha'), dag('cached_dag_beta')], readAt },
    recentRuns: { items: [run('cached_dag_alpha', 'r1', 'failed', '2026-11-20T10:00:00Z')], readAt },
  },
};

describe('the last-known-state cache in the console', () => {
  it('opens on the cached lists, marked with their age, while the server cannot be reached', async () => {
    const airflow = createMemoryBackend('airflow', [], []);
    airflow.listWorkflows = async () => {
      throw new Unavailable('Airflow at http://airflow.test is unreachable: connection refused');
    };
    airflow.listRecentRuns = airflow.listWorkflows as never;
    const { store } = memoryStore(cached);
    const app = await renderConsole({ session: session({ airflow }, { lastKnown: store }) });
    await vi.waitFor(() => {
      const frame = app.lastFrame() ?? '';
      expect(frame).toContain('cached_dag_alpha');
      expect(frame).toContain('Airflow DAGs 1:2 · cached 12m ago');
      expect(frame).toContain('lists from cache, read 12m ago');
      expect(frame).toContain('unreachable');
    });
    app.unmount();
  });

  it("replaces them with this session's lists, and remembers those", async () => {
    const airflow = createMemoryBackend('airflow', [dag('live_dag')], []);
    const { store, remembered } = memoryStore(cached);
    const app = await renderConsole({ session: session({ airflow }, { lastKnown: store }) });
    await vi.waitFor(() => {
      const frame = app.lastFrame() ?? '';
      expect(frame).toContain('live_dag');
      expect(frame).not.toContain('cached_dag_alpha');
      expect(frame).not.toContain('cached ');
      expect(frame).toMatch(/lists refreshed \d\d:\d\d:\d\d UTC/);
    });
    expect(remembered).toEqual(expect.arrayContaining(['airflow workflows 1', 'airflow recentRuns 0']));
    app.unmount();
  });
});
