// Opening on the last-known state (issue 14): the lists of an earlier session show at once,
// marked as cached with their age, while the server is down; this session's own lists replace them
// (and are remembered) once they arrive.
import { describe, expect, it } from 'vitest';
import type { LastKnownState, LastKnownStore } from '../../source/core/lastKnownState.js';
import { startAirflowScenario } from '../support/airflowScenario.js';
import { modelRun, workflow } from '../support/modelFixtures.js';
import { waitFor } from '../support/wait.js';
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
    workflows: { items: [workflow('cached_dag_alpha'), workflow('cached_dag_beta')], readAt },
    recentRuns: { items: [modelRun('cached_dag_alpha', 'r1', 'failed', '2026-11-20T10:00:00Z')], readAt },
  },
};

describe('the last-known-state cache in the console', () => {
  it('opens on the cached lists, marked with their age, while the server cannot be reached', async () => {
    // The server is down: its port refuses the connection.
    const { backend: airflow, sim } = await startAirflowScenario([]);
    await sim.close();
    const { store } = memoryStore(cached);
    const app = await renderConsole({ session: session({ airflow }, { lastKnown: store }) });
    await waitFor(() => {
      const frame = app.lastFrame() ?? '';
      expect(frame).toContain('cached_dag_alpha');
      expect(frame).toContain('Airflow DAGs 1:2 · cached 12m ago');
      expect(frame).toContain('lists from cache, read 12m ago');
      expect(frame).toContain('refused the connection');
    });
    app.unmount();
  });

  it("replaces them with this session's lists, and remembers those", async () => {
    const airflow = (await startAirflowScenario([{ dagId: 'live_dag' }])).backend;
    const { store, remembered } = memoryStore(cached);
    const app = await renderConsole({ session: session({ airflow }, { lastKnown: store }) });
    await waitFor(() => {
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
