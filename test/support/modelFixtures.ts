// Core model values for tests of pure functions and of caches (a reducer, the row builder, the
// incident join, a last-known-state file): data, not a backend. A test that needs a backend starts
// a simulator (test/support/airflowScenario.ts, the story harnesses).
import type { BackendKind, Run, State, Workflow } from '../../source/core/model.js';

export function workflow(id: string, extra: Partial<Workflow> = {}): Workflow {
  return {
    backend: 'airflow',
    id,
    name: id,
    tags: [],
    owners: ['data-eng'],
    paused: false,
    schedule: '@daily',
    ...extra,
  };
}

export function modelRun(
  workflowId: string,
  id: string,
  state: State,
  startedAt: string,
  kind: BackendKind = 'airflow',
): Run {
  return { backend: kind, workflowId, id, state, rawState: state, startedAt, durationMs: 61_000 };
}
