// What the console remembers of a context between sessions, so that the next one opens on it at
// once (marked as cached, with its age) instead of on "Loading…" while a far or struggling server
// answers. Names and states only: the workflows' ids, names, pause flags, schedules and tags, and
// the recent runs' ids, states and times. Never a URL, a parameter, a note, a description, an
// owner, a log line or anything that came with a credential.
import type { BackendKind, Run, Workflow } from './model.js';

export interface RememberedList<T> {
  items: T[];
  /** Epoch ms when the list was read from the server. */
  readAt: number;
}

export interface RememberedBackend {
  workflows?: RememberedList<Workflow>;
  recentRuns?: RememberedList<Run>;
}

export type LastKnownState = Partial<Record<BackendKind, RememberedBackend>>;

export type RememberedListName = keyof RememberedBackend;

/** The cache of one context, as the console sees it (app/ keeps it in a file). */
export interface LastKnownStore {
  /** What an earlier session left, or undefined (none, unreadable, or turned off). */
  read(): LastKnownState | undefined;
  /** A list this session read in full; written out soon, and on close. */
  remember(backend: BackendKind, list: 'workflows', items: readonly Workflow[], readAt: number): void;
  remember(backend: BackendKind, list: 'recentRuns', items: readonly Run[], readAt: number): void;
  /** Writes what is pending now (the console is closing). */
  close(): void;
}

/** A workflow with only what the lists show: never its description or owners. */
export function rememberedWorkflow(workflow: Workflow): Workflow {
  const kept: Workflow = {
    backend: workflow.backend,
    id: workflow.id,
    name: workflow.name,
    tags: [...workflow.tags],
    owners: [],
  };
  if (workflow.paused !== undefined) kept.paused = workflow.paused;
  if (workflow.schedule !== undefined) kept.schedule = workflow.schedule;
  if (workflow.hasImportErrors) kept.hasImportErrors = true;
  return kept;
}

/** A run with its state and times only: never its URL, conf, note or logical date. */
export function rememberedRun(run: Run): Run {
  const kept: Run = {
    backend: run.backend,
    workflowId: run.workflowId,
    id: run.id,
    state: run.state,
    rawState: run.rawState,
  };
  if (run.queuedAt !== undefined) kept.queuedAt = run.queuedAt;
  if (run.startedAt !== undefined) kept.startedAt = run.startedAt;
  if (run.endedAt !== undefined) kept.endedAt = run.endedAt;
  if (run.durationMs !== undefined) kept.durationMs = run.durationMs;
  return kept;
}
