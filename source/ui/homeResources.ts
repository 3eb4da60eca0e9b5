// The polled resources behind the home screen and the header, one per list per backend, created
// once per session (App) and living outside React (core/resource.ts). A resource polls only while
// a component is subscribed, so the lists stop when a drill-down screen replaces the home screen.
import type { Backend } from '../core/backend.js';
import type { LastKnownState, LastKnownStore } from '../core/lastKnownState.js';
import { ACTIVE_STATES, type BackendInfo, type BackendKind, type Run, type Workflow } from '../core/model.js';
import { createResource, type Resource } from '../core/resource.js';
import { openScreenMemory } from './screens/parts/useScreenResource.js';
import type { ConsoleBackends } from './screens/ScreenProps.js';

/**
 * How many recent runs one refresh asks for: one listRecentRuns call per backend, never one per
 * row. Airflow gives 100 in one page; Databricks runs/list pages hold 25, so 100 runs cost four
 * requests per refresh, well under the documented runs/list limit (databricks-api.md, rate limits).
 * Workflows without a run in that window show an empty strip rather than costing a request each;
 * their own runs are one Enter away.
 */
export const RECENT_RUNS_LIMIT: Readonly<Record<BackendKind, number>> = { airflow: 100, databricks: 100 };
/** Cells in the run strip. */
export const LAST_N = 6;

export interface PaneResources {
  backend: Backend;
  workflows: Resource<Workflow[]>;
  recentRuns: Resource<Run[]>;
}

export interface HomeResources {
  airflow?: PaneResources;
  databricks?: PaneResources;
  probes: { airflow?: Resource<BackendInfo>; databricks?: Resource<BackendInfo> };
  dispose(): void;
}

export interface HomeResourceTiming {
  activeIntervalMs?: number;
  idleIntervalMs?: number;
  /** A list or probe taking longer than this shows its backend as slow (core/resource.ts default 5 s). */
  slowAfterMs?: number;
}

function paneResources(
  backend: Backend,
  timing: HomeResourceTiming,
  lastKnown: LastKnownStore | undefined,
): PaneResources {
  const kind = backend.kind;
  return {
    backend,
    // The workflow list changes rarely; the runs drive the colours and poll faster while active.
    workflows: createResource({
      // The first pages show at once: an on-call scans the rows that are there while the rest come.
      fetch: async (signal, report) => {
        const workflows = await backend.listWorkflows(
          { onProgress: (pages) => report({ loaded: pages.loaded, total: pages.total }, pages.items) },
          signal,
        );
        lastKnown?.remember(kind, 'workflows', workflows, Date.now());
        return workflows;
      },
      idleIntervalMs: (timing.idleIntervalMs ?? 15_000) * 4,
      // `!` at start opens the incident view over the lists: their first read goes on meanwhile.
      finishUnobserved: true,
      ...(timing.activeIntervalMs !== undefined ? { activeIntervalMs: timing.activeIntervalMs } : {}),
      ...(timing.slowAfterMs !== undefined ? { slowAfterMs: timing.slowAfterMs } : {}),
    }),
    recentRuns: createResource({
      fetch: async (signal) => {
        const runs = await backend.listRecentRuns({ limit: RECENT_RUNS_LIMIT[kind] }, signal);
        lastKnown?.remember(kind, 'recentRuns', runs, Date.now());
        return runs;
      },
      isActive: (runs) => runs.some((run) => ACTIVE_STATES.has(run.state)),
      ...timing,
    }),
  };
}

/** Shows what an earlier session read, marked as cached, until this session's own lists land. */
function seedFromCache(pane: PaneResources | undefined, remembered: LastKnownState | undefined): void {
  const lists = pane && remembered?.[pane.backend.kind];
  if (!pane || !lists) return;
  if (lists.workflows) pane.workflows.seed(lists.workflows.items, lists.workflows.readAt, true);
  if (lists.recentRuns) pane.recentRuns.seed(lists.recentRuns.items, lists.recentRuns.readAt, true);
}

export function createHomeResources(
  backends: ConsoleBackends,
  timing: HomeResourceTiming = {},
  lastKnown?: LastKnownStore,
): HomeResources {
  const airflow = backends.airflow ? paneResources(backends.airflow, timing, lastKnown) : undefined;
  const databricks = backends.databricks ? paneResources(backends.databricks, timing, lastKnown) : undefined;
  const remembered = lastKnown?.read();
  seedFromCache(airflow, remembered);
  seedFromCache(databricks, remembered);
  const probe = (backend: Backend) =>
    createResource({
      fetch: (signal) => backend.probe(signal),
      idleIntervalMs: 60_000,
      ...(timing.slowAfterMs !== undefined ? { slowAfterMs: timing.slowAfterMs } : {}),
    });
  const probes = {
    ...(backends.airflow ? { airflow: probe(backends.airflow) } : {}),
    ...(backends.databricks ? { databricks: probe(backends.databricks) } : {}),
  };
  const all = [airflow?.workflows, airflow?.recentRuns, databricks?.workflows, databricks?.recentRuns];
  // What the drill-down screens show again when reopened, for this session only.
  const forgetScreens = openScreenMemory();
  return {
    ...(airflow ? { airflow } : {}),
    ...(databricks ? { databricks } : {}),
    probes,
    dispose() {
      for (const resource of [...all, probes.airflow, probes.databricks]) resource?.dispose();
      forgetScreens();
      lastKnown?.close();
    },
  };
}
