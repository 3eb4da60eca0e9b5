// The console session: everything the console reads, owned in one place for as long as the console
// is open. The home lists and the probes, the header's list status, the per-row lookups (failing
// tasks, failure reasons, run strips: one store per backend), the drill-down screens' queries and
// the scopes of the navigation stack are made here and nowhere else, and `dispose` stops every
// timer and request when the console closes. It lives in core, not in the UI or the composition
// root, because the UI may import core only: screens take their stores from it, and the code that
// builds the console (or a test) makes one from the backends.

import type { ParamSpec } from './backend.js';
import type { ConsoleBackends } from './consoleBackends.js';
import { createFailingTasksStore, type FailingTasksStore } from './failingTasks.js';
import { createFailureReasonStore, type FailureReasonStore } from './failureReasons.js';
import { createHomeResources, type HomeResources, type HomeResourceTiming } from './homeResources.js';
import { createHomeRows, type HomeRows } from './homeRows.js';
import type { LastKnownStore } from './lastKnownState.js';
import { createListStatusStore, type ListStatusStore } from './listStatus.js';
import type { BackendKind } from './model.js';
import type { Resource } from './resource.js';
import { createReviewStore, type ReviewStore } from './review/reviewStore.js';
import { createRouteScopes, type RouteScopes } from './routeScopes.js';
import { createRunStripStore, type RunStripStore } from './runStrips.js';
import { createScreenQueries, type ScreenQueries } from './screenQueries.js';
import { createTriggerParamsQuery, type TriggerParamsRef } from './triggerParams.js';
import { WORKFLOW_TRAITS } from './workflowTraits.js';

export interface ConsoleSessionOptions {
  backends: ConsoleBackends;
  /** Poll intervals of the home lists (tests and benchmarks shorten them). */
  timing?: HomeResourceTiming | undefined;
  /** The lists of the last session on this context, shown at once while the servers answer. */
  lastKnown?: LastKnownStore | undefined;
}

export interface ConsoleSession {
  readonly backends: ConsoleBackends;
  /** The home lists and the probes, one of each per backend. */
  readonly home: HomeResources;
  /** The home lists as rows: joined, filtered and sorted, cached for the session. */
  readonly homeRows: HomeRows;
  /** How fresh the home lists are, per backend (the header). */
  readonly status: ListStatusStore;
  /**
   * The failed tasks of failed runs (the home list's failing column); undefined without that
   * backend or where its list does not show them (workflowTraits.ts).
   */
  failingTasks(kind: BackendKind): FailingTasksStore | undefined;
  /** Why a run or task failed, one line. */
  failureReasons(kind: BackendKind): FailureReasonStore | undefined;
  /** A workflow's own last runs, for strips the recent-runs window does not fill. */
  runStrips(kind: BackendKind): RunStripStore | undefined;
  /** The drill-down screens' queries. */
  readonly queries: ScreenQueries;
  /** What each place in the navigation stack keeps. */
  readonly routes: RouteScopes;
  /** The platform review (`:review`), whose latest report marks the home rows. */
  readonly review: ReviewStore;
  /**
   * The params a trigger form starts from: the form disposes the query when it closes (or once it
   * has its answer), the session when the console closes first.
   */
  triggerParams(ref: TriggerParamsRef): Resource<ParamSpec[]>;
  /** Stops everything above; the session reads nothing after it. */
  dispose(): void;
}

export function createConsoleSession(options: ConsoleSessionOptions): ConsoleSession {
  const { backends } = options;
  const home = createHomeResources(backends, options.timing, options.lastKnown);
  const status = createListStatusStore(home.panes);
  const queries = createScreenQueries();
  const routes = createRouteScopes();
  const review = createReviewStore(backends);
  const lookups: { dispose(): void }[] = [];
  const forms = new Set<Resource<ParamSpec[]>>();
  let disposed = false;

  /** One store per backend, made when first asked for. */
  const perKind = <S extends { dispose(): void }>(create: (kind: BackendKind) => S | undefined) => {
    const made = new Map<BackendKind, S | undefined>();
    return (kind: BackendKind): S | undefined => {
      if (made.has(kind)) return made.get(kind);
      const store = disposed ? undefined : create(kind);
      if (store) lookups.push(store);
      made.set(kind, store);
      return store;
    };
  };
  const withBackend =
    <S>(create: (backend: NonNullable<ConsoleBackends[BackendKind]>) => S) =>
    (kind: BackendKind): S | undefined => {
      const backend = backends[kind];
      return backend ? create(backend) : undefined;
    };

  return {
    backends,
    home,
    homeRows: createHomeRows(),
    status,
    failingTasks: perKind((kind) =>
      WORKFLOW_TRAITS[kind].failingTasks ? withBackend(createFailingTasksStore)(kind) : undefined,
    ),
    failureReasons: perKind(withBackend(createFailureReasonStore)),
    runStrips: perKind(withBackend((backend) => createRunStripStore(backend))),
    queries,
    routes,
    review,
    triggerParams(ref) {
      const query = createTriggerParamsQuery(backends, ref);
      if (disposed) {
        query.dispose();
        return query;
      }
      forms.add(query);
      // Let go by its form, the query is forgotten here too, so a long session keeps none.
      return {
        ...query,
        dispose() {
          forms.delete(query);
          query.dispose();
        },
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const query of forms) query.dispose();
      forms.clear();
      routes.dispose();
      queries.dispose();
      review.dispose();
      for (const store of lookups) store.dispose();
      status.dispose();
      home.dispose();
    },
  };
}
