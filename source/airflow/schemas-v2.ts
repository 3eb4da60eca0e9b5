// API v2 (Airflow 3.x) response shapes, as far as dagdeck reads them (spec
// test/specs/airflow-3-v2.yaml). Strict on the fields we use, lenient (nullish) on the
// rest; unknown keys are dropped.
import { z } from 'zod';

const text = z.string().nullish();

export const VersionV2 = z.object({ version: z.string(), git_version: text });

const HealthPart = z.object({ status: text }).nullish();
export const HealthV2 = z.object({
  metadatabase: HealthPart,
  scheduler: HealthPart,
  triggerer: HealthPart,
  dag_processor: HealthPart,
});

export const DagV2 = z.object({
  dag_id: z.string(),
  dag_display_name: text,
  description: text,
  is_paused: z.boolean().nullish(),
  is_stale: z.boolean().nullish(),
  timetable_summary: text,
  timetable_description: text,
  owners: z.array(z.string()).nullish(),
  tags: z.array(z.object({ name: z.string() })).nullish(),
  has_import_errors: z.boolean().nullish(),
});
export type DagV2 = z.output<typeof DagV2>;

export const DagDetailsV2 = DagV2.extend({ params: z.record(z.string(), z.unknown()).nullish() });

export const DagRunV2 = z.object({
  dag_run_id: z.string(),
  dag_id: z.string(),
  logical_date: text,
  run_after: text,
  queued_at: text,
  start_date: text,
  end_date: text,
  duration: z.number().nullish(),
  run_type: text,
  state: z.string(),
  conf: z.record(z.string(), z.unknown()).nullish(),
  note: text,
});
export type DagRunV2 = z.output<typeof DagRunV2>;

export const TaskInstanceV2 = z.object({
  task_id: z.string(),
  dag_id: z.string(),
  dag_run_id: z.string(),
  map_index: z.number().int(),
  state: text,
  try_number: z.number().int(),
  max_tries: z.number().int().nullish(),
  operator: text,
  operator_name: text,
  hostname: text,
  start_date: text,
  end_date: text,
  duration: z.number().nullish(),
});
export type TaskInstanceV2 = z.output<typeof TaskInstanceV2>;

export const TaskInstanceCollectionV2 = z.object({
  task_instances: z.array(TaskInstanceV2),
  // null when Airflow 3.3 pages by cursor; we page by offset so it is set, but stay lenient.
  total_entries: z.number().int().nullish(),
});

const TimeDeltaV2 = z.object({ days: z.number(), seconds: z.number(), microseconds: z.number() });

/**
 * GET /api/v2/dags/{dag_id}/tasks: one task as the DAG declares it. retry_exponential_backoff is a
 * boolean in 3.0 and the backoff factor (0 = off) from 3.2 on.
 */
export const TaskV2 = z.object({
  task_id: z.string(),
  downstream_task_ids: z.array(z.string()).nullish(),
  operator_name: text,
  class_ref: z.object({ class_name: text }).nullish(),
  is_mapped: z.boolean().nullish(),
  retries: z.number().nullish(),
  retry_delay: TimeDeltaV2.nullish(),
  execution_timeout: TimeDeltaV2.nullish(),
  retry_exponential_backoff: z.union([z.number(), z.boolean()]).nullish(),
});
export const TaskCollectionV2 = z.object({ tasks: z.array(TaskV2) });

/** One element of a log answer's `content`: a structured message, or a plain line. */
export const StructuredLogItem = z.union([z.string(), z.looseObject({ event: z.string() })]);

/** GET /importErrors: filename is relative to the DAG bundle (bundle_name). */
export const ImportErrorV2 = z.object({
  import_error_id: z.number().int(),
  timestamp: text,
  filename: z.string(),
  bundle_name: text,
  stack_trace: text,
});

export const XComEntryV2 = z.object({ key: z.string(), value: z.unknown() });

export const TokenV2 = z.object({ access_token: z.string() });
