import type { Workflow } from '../core/model.js';
import type { Job } from './schemas.js';

/** A Databricks job as a core Workflow: schedule, trigger or continuous become one human string. */
export function toWorkflow(job: Job): Workflow {
  const settings = job.settings;
  const workflow: Workflow = {
    backend: 'databricks',
    id: job.job_id,
    name: settings.name ?? `job ${job.job_id}`,
    tags: Object.entries(settings.tags ?? {}).map(([key, value]) => (value ? `${key}:${value}` : key)),
    owners: job.creator_user_name ? [job.creator_user_name] : [],
  };
  if (settings.description) workflow.description = settings.description;
  const schedule = describeSchedule(job);
  if (schedule) workflow.schedule = schedule.text;
  if (schedule?.pauseStatus) workflow.paused = schedule.pauseStatus === 'PAUSED';
  return workflow;
}

export function describeSchedule(job: Job): { text: string; pauseStatus?: string } | undefined {
  const { schedule, trigger, continuous } = job.settings;
  const withPause = (text: string, pauseStatus: string | undefined) =>
    pauseStatus ? { text, pauseStatus } : { text };
  if (schedule) return withPause(schedule.quartz_cron_expression, schedule.pause_status);
  if (continuous) return withPause('continuous', continuous.pause_status);
  if (trigger) {
    if (trigger.file_arrival) return withPause('file arrival', trigger.pause_status);
    if (trigger.periodic) {
      const { interval, unit } = trigger.periodic;
      return withPause(`every ${interval} ${unit.toLowerCase()}`, trigger.pause_status);
    }
    if (trigger.table_update || trigger.table) return withPause('table update', trigger.pause_status);
    if (trigger.model) return withPause('model update', trigger.pause_status);
    return withPause('trigger', trigger.pause_status);
  }
  return undefined;
}
