// Jobs API 2.2 pages the arrays inside one job or run: jobs/get pages tasks, job_clusters,
// environments and parameters; runs/get pages tasks, job_clusters, job_parameters, repair_history
// and (for-each runs) iterations. "Arrays without additional results will be empty on later pages"
// (the Jobs API docs). These merge a later page into what we already have.

export function appendArrays(
  target: Record<string, unknown>,
  page: Record<string, unknown>,
  keys: readonly string[],
): void {
  for (const key of keys) {
    const extra = page[key];
    if (!Array.isArray(extra) || extra.length === 0) continue;
    const existing = target[key];
    target[key] = Array.isArray(existing) ? [...existing, ...extra] : [...extra];
  }
}

export const JOB_PAGED_ARRAYS = ['tasks', 'job_clusters', 'environments', 'parameters'] as const;
export const RUN_PAGED_ARRAYS = [
  'tasks',
  'job_clusters',
  'job_parameters',
  'repair_history',
  'iterations',
] as const;

/** A server that keeps returning tokens must not hang the console. */
export const MAX_INNER_PAGES = 200;
