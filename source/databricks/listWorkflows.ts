// Every job of the workspace as core workflows, filtered here: jobs/list can only filter by exact
// name, and the console searches by part of a name or id, by pause state and by tags.
import type { ListWorkflowsOptions } from '../core/backend.js';
import type { Workflow } from '../core/model.js';
import { skippedItemsOf, withSkippedItems } from '../core/skippedItems.js';
import type { JobsApi } from './jobsApi.js';
import type { Job } from './schemas.js';
import { toWorkflow } from './toWorkflow.js';

export async function listWorkflows(
  api: JobsApi,
  options: ListWorkflowsOptions,
  signal?: AbortSignal,
): Promise<Workflow[]> {
  const search = options.search?.toLowerCase();
  // Each job is mapped once, so the pages reported while the list is read and the final list
  // share their workflow objects (a screen builds each row once).
  const mapped = new WeakMap<Job, Workflow>();
  const toShared = (job: Job): Workflow => {
    let workflow = mapped.get(job);
    if (!workflow) {
      workflow = toWorkflow(job);
      mapped.set(job, workflow);
    }
    return workflow;
  };
  const { onProgress } = options;
  const jobs = await api.listJobs(
    signal,
    onProgress && !search && options.paused === undefined && !options.tags?.length
      ? (pages) => onProgress({ ...pages, items: () => pages.items().map(toShared) })
      : undefined,
  );
  const workflows = jobs.map(toShared).filter((workflow) => {
    if (search && !workflow.name.toLowerCase().includes(search) && !workflow.id.includes(search))
      return false;
    if (options.paused !== undefined && (workflow.paused ?? false) !== options.paused) return false;
    if (options.tags?.length && !options.tags.every((tag) => workflow.tags.includes(tag))) return false;
    return true;
  });
  return withSkippedItems(workflows, skippedItemsOf(jobs));
}
