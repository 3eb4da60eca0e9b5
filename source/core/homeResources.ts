// The polled resources behind the home lists and the header, one per list per backend, created
// once per console session (consoleSession.ts) and living outside React (resource.ts). A resource
// polls only while a component is subscribed, so the lists stop when a drill-down screen replaces
// the home screen.
import type { Backend } from './backend.js';
import type { ConsoleBackends } from './consoleBackends.js';
import type { LastKnownState, LastKnownStore } from './lastKnownState.js';
import { ACTIVE_STATES, type BackendInfo, type BackendKind, type Run, type Workflow } from './model.js';
import { createResource, type Resource } from './resource.js';

/**
 * How many recent runs one refresh asks for: one listRecentRuns call per backend, never one per
 * row. Airflow gives 100 in one page; Databricks runs/list pages hold 25, so 100 runs cost four
 * requests per refresh, well under the rate limit Databricks documents for runs/list.
 * Workflows without a run in that window show an empty strip rather than costing a request each;
 * their own runs are one Enter away.
 */
export const RECENT_RUNS_LIMIT: Readonly<Record<BackendKind, number>> = { airflow: 100, databricks: 100 };
/** Cells in the run strip. */
export const LAST_N = 6;

/**
 * Whether a recent-runs read came back full: the window may then have cut older runs off, and rows
 * with fewer than LAST_N runs in it ask for their own (runStrips.ts).
 */
export function recentWindowFull(kind: BackendKind, runs: readonly Run[] | undefined): boolean {
  return (runs?.length ?? 0) >= RECENT_RUNS_LIMIT[kind];
}

export interface PaneResources {
  backend: Backend;
  workflows: Resource<Workflow[]>;
  recentRuns: Resource<Run[]>;
}

export interface HomeResources {
  /** One pane per backend the context has, in the order the panes show. */
  panes: Partial<Record<BackendKind, PaneResources>>;
  probes: Partial<Record<BackendKind, Resource<BackendInfo>>>;
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
function seedFromCache(pane: PaneResources, remembered: LastKnownState | undefined): void {
  const lists = remembered?.[pane.backend.kind];
  if (!lists) return;
  if (lists.workflows) pane.workflows.seed(lists.workflows.items, lists.workflows.readAt, true);
  if (lists.recentRuns) pane.recentRuns.seed(lists.recentRuns.items, lists.recentRuns.readAt, true);
}

export function createHomeResources(
  backends: ConsoleBackends,
  timing: HomeResourceTiming = {},
  lastKnown?: LastKnownStore,
): HomeResources {
  const remembered = lastKnown?.read();
  const panes: HomeResources['panes'] = {};
  const probes: HomeResources['probes'] = {};
  for (const backend of Object.values(backends)) {
    if (!backend) continue;
    const pane = paneResources(backend, timing, lastKnown);
    seedFromCache(pane, remembered);
    panes[backend.kind] = pane;
    probes[backend.kind] = createResource({
      fetch: (signal) => backend.probe(signal),
      idleIntervalMs: 60_000,
      ...(timing.slowAfterMs !== undefined ? { slowAfterMs: timing.slowAfterMs } : {}),
    });
  }
  return {
    panes,
    probes,
    dispose() {
      for (const pane of Object.values(panes)) {
        pane?.workflows.dispose();
        pane?.recentRuns.dispose();
      }
      for (const probe of Object.values(probes)) probe?.dispose();
      lastKnown?.close();
    },
  };
}
