// A workflow's runs × tasks grid: its newest runs, each with its task instances, and the workflow's
// tasks as declared (the row order). Each run costs one task-instance request, read by a few
// workers at once. The structure is read once and kept by the caller (it lives as long as the grid
// is in the navigation stack and rarely changes; `r` reads it again), not on every poll.

import type { ConsoleBackends } from './consoleBackends.js';
import { errorLine, isAbortError } from './errors.js';
import {
  ACTIVE_STATES,
  type BackendKind,
  type Run,
  type TaskDefinition,
  type TaskInstance,
} from './model.js';
import { createResource, type Resource } from './resource.js';
import { requireBackend } from './sessionBackends.js';

export interface TaskGridRef {
  backend: BackendKind;
  workflowId: string;
  /** A run opened from elsewhere (the incident view): a column even when older than the newest page. */
  focusRunId?: string | undefined;
}

export interface TaskGrid {
  /** Oldest first: the column order. */
  runs: Run[];
  tasks: Map<string, TaskInstance[]>;
  /** The workflow's tasks as declared: the row order. Empty when they could not be read. */
  definitions: TaskDefinition[];
  /** Why the definitions could not be read (the rows are then in task id order). */
  structureError?: string;
}

/** The workflow's structure as read, or why it could not be; empty until read. */
export interface GridStructure {
  definitions?: TaskDefinition[];
  error?: string;
}

/** Runs read per poll; each costs one task-instance request. */
export const GRID_RUNS = 20;
const PARALLEL = 5;

async function readStructure(
  read: (signal: AbortSignal) => Promise<TaskDefinition[]>,
  cache: { current: GridStructure },
  signal: AbortSignal,
): Promise<GridStructure> {
  if (cache.current.definitions || cache.current.error) return cache.current;
  try {
    cache.current = { definitions: await read(signal) };
  } catch (error) {
    if (isAbortError(error) || signal.aborted) throw error;
    // The grid still works without the structure (rows in id order): say why, do not fail it.
    cache.current = { error: errorLine(error) };
  }
  return cache.current;
}

/**
 * The grid's query. `structure` is where the structure read is kept between polls and queries
 * (emptied by the caller to read it again).
 */
export function createTaskGridResource(
  backends: ConsoleBackends,
  ref: TaskGridRef,
  structure: { current: GridStructure },
): Resource<TaskGrid> {
  return createResource<TaskGrid>({
    async fetch(signal) {
      const backend = requireBackend(backends, ref.backend);
      const [runs, known] = await Promise.all([
        backend.listRuns(ref.workflowId, { limit: GRID_RUNS }, signal),
        readStructure((s) => backend.listTaskDefinitions(ref.workflowId, s), structure, signal),
      ]);
      if (ref.focusRunId && !runs.some((run) => run.id === ref.focusRunId)) {
        runs.push(await backend.getRun(ref.workflowId, ref.focusRunId, signal));
      }
      const tasks = new Map<string, TaskInstance[]>();
      const queue = [...runs];
      const worker = async () => {
        for (let run = queue.shift(); run; run = queue.shift()) {
          tasks.set(run.id, await backend.listTasks(ref.workflowId, run.id, signal));
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      return {
        runs: runs.reverse(),
        tasks,
        definitions: known.definitions ?? [],
        ...(known.error ? { structureError: known.error } : {}),
      };
    },
    isActive: (data) =>
      data.runs.some((run) => ACTIVE_STATES.has(run.state)) ||
      [...data.tasks.values()].some((list) => list.some((task) => ACTIVE_STATES.has(task.state))),
  });
}
