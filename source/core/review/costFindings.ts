// Cost, on Databricks jobs: tasks on all-purpose clusters (billed at the all-purpose rate, shared,
// never ending with the run), job clusters of a fixed size, cluster start-up that dominates short
// runs while no pool is used, and jobs with no timeout at all (a hung run holds its cluster).
import type { ClusterSpec } from '../platformSettings.js';
import type { Finding } from './finding.js';
import { isContinuous, names, workflowObject } from './objects.js';
import type { WorkflowFacts } from './reviewFacts.js';
import type { ReviewOptions } from './reviewOptions.js';

export function costFindings(facts: WorkflowFacts, options: ReviewOptions): Finding[] {
  const { workflow, tasks, settings } = facts;
  if (workflow.backend !== 'databricks' || !tasks || !settings) return [];
  const object = workflowObject(workflow);
  const findings: Finding[] = [];

  const allPurpose = tasks.flatMap((task) =>
    task.compute?.kind === 'existing-cluster' ? [{ task: task.taskId, cluster: task.compute.clusterId }] : [],
  );
  if (allPurpose.length > 0) {
    findings.push({
      check: 'databricks-task-all-purpose-cluster',
      severity: 'warning',
      kind: 'cost',
      object,
      title: `${allPurpose.length === 1 ? 'a task runs' : `${allPurpose.length} tasks run`} on an all-purpose cluster`,
      evidence: allPurpose.map(({ task, cluster }) => ({
        field: `tasks[${task}].existing_cluster_id`,
        value: cluster,
      })),
      fix: 'run the tasks on a job cluster (job_clusters + job_cluster_key): cheaper compute that ends with the run',
    });
  }

  const clusters: ClusterSpec[] = [
    ...settings.clusters,
    ...tasks.flatMap((task) => (task.compute?.kind === 'new-cluster' ? [task.compute.cluster] : [])),
  ];
  const fixed = clusters.filter(
    (cluster) =>
      (cluster.autoscale === undefined && (cluster.workers ?? 0) > 0) ||
      (cluster.autoscale !== undefined && cluster.autoscale.min === cluster.autoscale.max),
  );
  if (fixed.length > 0) {
    findings.push({
      check: 'databricks-cluster-no-autoscale',
      severity: 'warning',
      kind: 'cost',
      object,
      title: `${fixed.length === 1 ? 'a job cluster has' : `${fixed.length} job clusters have`} a fixed size`,
      evidence: fixed.map((cluster) =>
        cluster.autoscale
          ? { field: `${cluster.key}.autoscale`, value: `${cluster.autoscale.min}-${cluster.autoscale.max}` }
          : { field: `${cluster.key}.num_workers`, value: cluster.workers ?? 0 },
      ),
      fix: 'give the job cluster autoscale {min_workers, max_workers} with room between them',
    });
  }

  const usesJobClusters = clusters.length > 0;
  const pooled = clusters.some((cluster) => cluster.poolId !== undefined);
  const share = setupShare(facts);
  if (usesJobClusters && !pooled && share !== undefined && share.value > options.setupShare) {
    findings.push({
      check: 'databricks-setup-dominates-no-pool',
      severity: 'info',
      kind: 'cost',
      object,
      title: `cluster start-up is ${Math.round(share.value * 100)}% of its recent runs and no pool is used`,
      evidence: [
        { field: 'tasks[].setup_duration share', value: Number(share.value.toFixed(2)) },
        { field: 'runs', value: names(share.runIds) },
        { field: 'new_cluster.instance_pool_id', value: null },
      ],
      fix: 'take the job cluster’s nodes from an instance pool (instance_pool_id) kept warm for these runs',
    });
  }

  const untimed = tasks.filter((task) => task.timeoutMs === undefined).map((task) => task.taskId);
  if (!isContinuous(workflow) && settings.timeoutMs === undefined && untimed.length > 0) {
    findings.push({
      check: 'databricks-job-no-timeout',
      severity: 'warning',
      kind: 'cost',
      object,
      title: 'no timeout: a hung run holds its cluster until someone notices',
      evidence: [
        { field: 'settings.timeout_seconds', value: 0 },
        { field: 'tasks without timeout_seconds', value: names(untimed) },
      ],
      fix: 'set timeout_seconds on the job (and on its long tasks) a little above their usual duration',
    });
  }
  return findings;
}

/** Start-up over setup + execution of the latest finished runs' tasks, overall. */
function setupShare(facts: WorkflowFacts): { value: number; runIds: string[] } | undefined {
  let setup = 0;
  let total = 0;
  const runIds: string[] = [];
  for (const tasks of facts.runTasks) {
    const timed = tasks.filter((task) => task.setupMs !== undefined || task.executionMs !== undefined);
    if (timed.length === 0) continue;
    runIds.push(timed[0]?.runId ?? '');
    for (const task of timed) {
      setup += task.setupMs ?? 0;
      total += (task.setupMs ?? 0) + (task.executionMs ?? 0);
    }
  }
  return total > 0 ? { value: setup / total, runIds } : undefined;
}
