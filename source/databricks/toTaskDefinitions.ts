// A job's tasks (jobs/get settings.tasks) as core TaskDefinitions: depends_on names each task's
// upstream tasks, so the downstream ones are that relation read backwards. Databricks has no
// backoff, only a minimum wait between retries.
import type { TaskDefinition } from '../core/model.js';
import type { Job } from './schemas.js';
import { taskTypeOf } from './taskTypeOf.js';
import { toTaskCompute } from './toWorkflowSettings.js';

export function toTaskDefinitions(job: Job): TaskDefinition[] {
  const tasks = job.settings.tasks ?? [];
  const keys = new Set(tasks.map((task) => task.task_key));
  const downstream = new Map<string, string[]>();
  const upstreamOf = (task: (typeof tasks)[number]) =>
    (task.depends_on ?? []).map((dep) => dep.task_key).filter((key) => keys.has(key));
  for (const task of tasks) {
    for (const key of upstreamOf(task)) {
      const list = downstream.get(key);
      if (list) list.push(task.task_key);
      else downstream.set(key, [task.task_key]);
    }
  }
  return tasks.map((task) => {
    const definition: TaskDefinition = {
      taskId: task.task_key,
      upstream: upstreamOf(task),
      downstream: downstream.get(task.task_key) ?? [],
    };
    const type = taskTypeOf(task);
    if (type) definition.operator = type;
    // Absent means never retried; -1 means retried forever.
    definition.retries = task.max_retries ?? 0;
    if (task.min_retry_interval_millis !== undefined)
      definition.retryDelayMs = task.min_retry_interval_millis;
    if (task.timeout_seconds && task.timeout_seconds > 0) definition.timeoutMs = task.timeout_seconds * 1000;
    definition.compute = toTaskCompute(task);
    return definition;
  });
}
