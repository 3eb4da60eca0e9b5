import type { Run, RunRepair } from '../core/model.js';
import { mapState } from './mapState.js';
import type { RepairHistoryItem, Run as RunT } from './schemas.js';

const TRIGGERS: Record<string, string> = {
  ONE_TIME: 'manual',
  PERIODIC: 'scheduled',
  RETRY: 'retry',
  RUN_JOB_TASK: 'run_job_task',
  FILE_ARRIVAL: 'file_arrival',
  TABLE: 'table_update',
  CONTINUOUS: 'continuous',
  CONTINUOUS_RESTART: 'continuous_restart',
};

export function iso(ms: number | undefined): string | undefined {
  return ms && ms > 0 ? new Date(ms).toISOString() : undefined;
}

/** A Databricks job run as a core Run. Times are epoch ms; 0 means "not yet" (Databricks sends 0 for a time that has not come). */
export function toRun(run: RunT, fallbackJobId?: string): Run {
  const mapped = mapState(run.state, run.status);
  const result: Run = {
    backend: 'databricks',
    workflowId: run.job_id ?? fallbackJobId ?? '',
    id: run.run_id,
    state: mapped.state,
    rawState: mapped.rawState,
  };
  if (run.trigger) result.trigger = TRIGGERS[run.trigger] ?? run.trigger.toLowerCase();
  const started = iso(run.start_time);
  if (started) {
    result.queuedAt = started;
    result.startedAt = started;
  }
  const ended = iso(run.end_time);
  if (ended) result.endedAt = ended;
  // Multitask runs report 0 for setup/execution/cleanup; run_duration is the real one.
  const duration =
    run.run_duration ||
    (run.end_time && run.start_time && run.end_time > 0 ? run.end_time - run.start_time : undefined);
  if (duration) result.durationMs = duration;
  if (run.run_page_url) result.url = run.run_page_url;
  const params = run.job_parameters?.filter((p) => p.value !== undefined || p.default !== undefined);
  if (params && params.length > 0) {
    result.conf = Object.fromEntries(params.map((p) => [p.name, p.value ?? p.default]));
  }
  if (run.run_name) result.name = run.run_name;
  const repairs = run.repair_history?.filter((item) => item.type === 'REPAIR' && item.id !== undefined);
  if (repairs && repairs.length > 0) {
    result.repairIds = repairs.map((item) => item.id as number);
    result.repairs = repairs.map(toRepair);
  }
  if (run.state?.state_message) result.note = run.state.state_message;
  return result;
}

/** A REPAIR entry of repair_history: its task_run_ids name the
 * attempts it started, which the run screen matches to task keys. */
function toRepair(item: RepairHistoryItem): RunRepair {
  const repair: RunRepair = { id: item.id as number, taskRunIds: item.task_run_ids ?? [] };
  const started = iso(item.start_time);
  if (started) repair.startedAt = started;
  const ended = iso(item.end_time);
  if (ended) repair.endedAt = ended;
  if (item.state || item.status) repair.state = mapState(item.state, item.status).state;
  return repair;
}
