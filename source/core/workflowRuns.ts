// A workflow's runs, newest first, as the run list shows them.

import type { ConsoleBackends } from './consoleBackends.js';
import type { BackendKind, Run } from './model.js';
import { ACTIVE_STATES } from './model.js';
import { createResource, type Resource } from './resource.js';
import { requireBackend } from './sessionBackends.js';

export interface WorkflowRunsRef {
  backend: BackendKind;
  workflowId: string;
  /** Runs read per poll. */
  limit: number;
}

export function createWorkflowRunsResource(backends: ConsoleBackends, ref: WorkflowRunsRef): Resource<Run[]> {
  return createResource<Run[]>({
    fetch: async (signal) =>
      requireBackend(backends, ref.backend).listRuns(ref.workflowId, { limit: ref.limit }, signal),
    isActive: (runs) => runs.some((run) => ACTIVE_STATES.has(run.state)),
  });
}
