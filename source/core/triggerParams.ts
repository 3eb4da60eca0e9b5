// The parameters a trigger form starts from: the workflow's declared params (Airflow DAG params,
// Databricks job parameters), read once when the form opens. A query like the screens' own, so the
// form reads a store and never holds a backend: closing the form disposes it, which aborts the read.
import type { ParamSpec } from './backend.js';
import type { ConsoleBackends } from './consoleBackends.js';
import type { BackendKind } from './model.js';
import { createResource, type Resource } from './resource.js';
import { requireBackend } from './sessionBackends.js';

export interface TriggerParamsRef {
  backend: BackendKind;
  workflowId: string;
}

/** Params change only when the workflow's definition does: a form takes the first answer. */
const REREAD_MS = 10 * 60_000;

export function createTriggerParamsQuery(
  backends: ConsoleBackends,
  ref: TriggerParamsRef,
): Resource<ParamSpec[]> {
  return createResource<ParamSpec[]>({
    // async: a missing backend is the query's error line, not a throw out of refresh.
    fetch: async (signal) => requireBackend(backends, ref.backend).getTriggerParams(ref.workflowId, signal),
    activeIntervalMs: REREAD_MS,
    idleIntervalMs: REREAD_MS,
  });
}
