// A job's settings (jobs/get) as the core WorkflowSettings and each task's compute: which cluster
// it runs on and how that cluster is sized. timeout_seconds 0 or absent means no timeout.
import type { ClusterSpec, TaskCompute, WorkflowSettings } from '../core/platformSettings.js';
import type { Job, JobTask, NewCluster } from './schemas.js';

export function toClusterSpec(key: string, cluster: NewCluster): ClusterSpec {
  const spec: ClusterSpec = { key };
  const { autoscale } = cluster;
  if (autoscale?.min_workers !== undefined && autoscale.max_workers !== undefined) {
    spec.autoscale = { min: autoscale.min_workers, max: autoscale.max_workers };
  } else if (cluster.num_workers !== undefined) {
    spec.workers = cluster.num_workers;
  }
  if (cluster.instance_pool_id) spec.poolId = cluster.instance_pool_id;
  return spec;
}

export function toTaskCompute(task: JobTask): TaskCompute {
  if (task.existing_cluster_id) return { kind: 'existing-cluster', clusterId: task.existing_cluster_id };
  if (task.job_cluster_key) return { kind: 'job-cluster', key: task.job_cluster_key };
  if (task.new_cluster)
    return { kind: 'new-cluster', cluster: toClusterSpec(`task:${task.task_key}`, task.new_cluster) };
  if (task.sql_task || task.dbt_task) return { kind: 'warehouse' };
  return { kind: 'serverless' };
}

export function toWorkflowSettings(job: Job): WorkflowSettings {
  const { settings } = job;
  const alerts = [settings, ...(settings.tasks ?? [])].some(
    (owner) =>
      (owner.email_notifications?.on_failure?.length ?? 0) > 0 ||
      (owner.webhook_notifications?.on_failure?.length ?? 0) > 0,
  );
  const result: WorkflowSettings = {
    failureAlerts: alerts,
    clusters: (settings.job_clusters ?? []).flatMap((cluster) =>
      cluster.new_cluster ? [toClusterSpec(cluster.job_cluster_key, cluster.new_cluster)] : [],
    ),
  };
  if (settings.timeout_seconds && settings.timeout_seconds > 0)
    result.timeoutMs = settings.timeout_seconds * 1000;
  return result;
}
