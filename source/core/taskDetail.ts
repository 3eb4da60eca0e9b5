// One task instance as its screen shows it: the instance (for a mapped task without an index, the
// first failed one), every map index of it, its tries, and the runs on the other backend that it
// started, joined with what that backend says of them. The join is the one the Databricks
// provider publishes (XCom run_id / run_page_url, read by findLinks); the linked run's job name
// comes from the other backend (runs/get run_name is the job's name for job runs): the XComs give
// ids only.

import type { ConsoleBackends } from './consoleBackends.js';
import { isAbortError } from './errors.js';
import {
  ACTIVE_STATES,
  type BackendKind,
  type CrossLink,
  type Run,
  type TaskAttempt,
  type TaskInstance,
} from './model.js';
import { createResource, type Resource } from './resource.js';
import { requireBackend } from './sessionBackends.js';

export interface TaskRef {
  backend: BackendKind;
  workflowId: string;
  runId: string;
  taskId: string;
  mapIndex?: number | undefined;
}

/** A linked run's job as the other backend names it. */
export interface LinkedJob {
  name?: string;
  jobId: string;
}

export interface TaskDetail {
  run: Run;
  task: TaskInstance;
  /** Every map index of the task, for the mapped summary (one entry when unmapped). */
  instances: TaskInstance[];
  links: CrossLink[];
  /** The job of each link (by run id), when its backend could read the run. */
  linkJobs: ReadonlyMap<string, LinkedJob>;
  /** Every try of the instance, newest first. */
  tries: TaskAttempt[];
}

/** The instance the route names; for a mapped task without an index, the first failed one. */
export function pickInstance(
  instances: readonly TaskInstance[],
  mapIndex: number | undefined,
): TaskInstance | undefined {
  if (typeof mapIndex === 'number' && mapIndex >= 0)
    return instances.find((task) => task.mapIndex === mapIndex);
  return (
    instances.find((task) => typeof task.mapIndex !== 'number' || task.mapIndex < 0) ??
    instances.find((task) => task.state === 'failed') ??
    instances[0]
  );
}

/**
 * Adds to `jobs` the job of each linked run not read yet, from the link's own backend. A failed
 * read leaves the link as the XCom has it (and is tried again on the next poll); the link still
 * opens, and the run screen shows the error.
 */
async function readLinkJobs(
  links: readonly CrossLink[],
  backends: ConsoleBackends,
  jobs: Map<string, LinkedJob>,
  signal: AbortSignal,
): Promise<void> {
  await Promise.all(
    links
      .filter((link) => !jobs.has(link.runId))
      .map(async (link) => {
        const other = backends[link.backend];
        if (!other) return;
        try {
          const run = await other.getRun(link.workflowId ?? '', link.runId, signal);
          jobs.set(link.runId, { jobId: run.workflowId, ...(run.name ? { name: run.name } : {}) });
        } catch (error) {
          if (isAbortError(error)) throw error;
        }
      }),
  );
}

export function createTaskDetailResource(backends: ConsoleBackends, ref: TaskRef): Resource<TaskDetail> {
  // A run's job never changes: each link's job is read once, not on every poll.
  const linkJobs = new Map<string, LinkedJob>();
  return createResource<TaskDetail>({
    async fetch(signal) {
      const backend = requireBackend(backends, ref.backend);
      const [run, all] = await Promise.all([
        backend.getRun(ref.workflowId, ref.runId, signal),
        backend.listTasks(ref.workflowId, ref.runId, signal),
      ]);
      const instances = all.filter((task) => task.taskId === ref.taskId);
      const task = pickInstance(instances, ref.mapIndex);
      if (!task) {
        throw new Error(
          `Task ${ref.taskId} is not in run ${ref.runId} of ${ref.workflowId}: press esc and refresh the grid`,
        );
      }
      const [links, tries] = await Promise.all([
        backend.findLinks(task, signal),
        backend.listTries(task, signal),
      ]);
      await readLinkJobs(links, backends, linkJobs, signal);
      return { run, task, instances, links, linkJobs: new Map(linkJobs), tries };
    },
    isActive: (data) => ACTIVE_STATES.has(data.task.state) || ACTIVE_STATES.has(data.run.state),
  });
}
