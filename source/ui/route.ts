// Where the console is: the navigation stack holds these, newest last. Enter pushes, Esc pops,
// the breadcrumb line renders the stack. Screens receive their route and never reach into others.
import type { BackendKind } from '../core/model.js';
import { type LogTarget, logTargetLabel } from './logs/logTarget.js';

export type Route =
  /** The two side-by-side lists: Airflow DAGs and Databricks jobs. */
  | { screen: 'home' }
  /** What needs action across both backends; `windowMs` how far back failures go (`:now 6h`). */
  | { screen: 'incidents'; windowMs?: number }
  /** A workflow's runs: a runs × tasks grid or a run list, as its backend's runView says. */
  | { screen: 'runs'; backend: BackendKind; workflowId: string; workflowName: string; focusRunId?: string }
  /** One task instance (tries, the runs it started on the other backend). */
  | {
      screen: 'task';
      backend: BackendKind;
      workflowId: string;
      runId: string;
      taskId: string;
      mapIndex?: number;
    }
  /** One run with its task runs and repair history. */
  | { screen: 'run'; backend: BackendKind; workflowId: string; runId: string }
  /** The local audit trail of writes (`:audit`). */
  | { screen: 'audit' }
  /** The platform review of both backends (`:review`). */
  | { screen: 'review' }
  /** One task's log, or two side by side (an Airflow task's log and the Databricks run it started). */
  | { screen: 'log'; panes: LogTarget[] };

export function routeLabel(route: Route): string {
  switch (route.screen) {
    case 'home':
      return 'home';
    case 'incidents':
      return 'incidents';
    case 'runs':
      return route.workflowName;
    case 'task':
      return route.mapIndex !== undefined && route.mapIndex >= 0
        ? `${route.taskId}[${route.mapIndex}]`
        : route.taskId;
    case 'run':
      return `run ${route.runId}`;
    case 'audit':
      return 'audit';
    case 'review':
      return 'review';
    case 'log':
      return `log ${route.panes.map(logTargetLabel).join(' + ')}`;
  }
}

/**
 * A stack entry's identity: its depth and route. Screens keep their UI state (cursor, toggles)
 * under it while the entry is in the stack (hooks/useRouteState.ts); the same route pushed again
 * after a pop starts fresh.
 */
export function routeKey(route: Route, depth: number): string {
  return `${depth}:${JSON.stringify(route)}`;
}
