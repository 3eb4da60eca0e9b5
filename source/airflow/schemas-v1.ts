// API v1 (Airflow 2.x) response shapes, as far as dagdeck reads them (spec
// test/specs/airflow-2-v1.yaml). Strict on the fields we use, lenient (nullish) on the
// rest; unknown keys are dropped.
import { z } from 'zod';

const text = z.string().nullish();

export const VersionV1 = z.object({ version: z.string(), git_version: text });

const HealthPart = z.object({ status: text }).nullish();
export const HealthV1 = z.object({
  metadatabase: HealthPart,
  scheduler: HealthPart,
  triggerer: HealthPart,
  dag_processor: HealthPart,
});

export const DagV1 = z.object({
  dag_id: z.string(),
  dag_display_name: text,
  description: text,
  is_paused: z.boolean().nullish(),
  is_active: z.boolean().nullish(),
  // {__type: 'CronExpression', value} | TimeDelta | RelativeDelta | null
  schedule_interval: z
    .looseObject({ __type: z.string().optional(), value: z.unknown().optional() })
    .nullish(),
  timetable_description: text,
  owners: z.array(z.string()).nullish(),
  tags: z.array(z.object({ name: z.string() })).nullish(),
  has_import_errors: z.boolean().nullish(),
});
export type DagV1 = z.output<typeof DagV1>;

export const DagDetailsV1 = DagV1.extend({ params: z.record(z.string(), z.unknown()).nullish() });

export const DagRunV1 = z.object({
  // Nullable in the spec, though the server always sets it.
  dag_run_id: z.string(),
  dag_id: z.string(),
  logical_date: text,
  execution_date: text,
  start_date: text,
  end_date: text,
  run_type: text,
  state: z.string(),
  conf: z.record(z.string(), z.unknown()).nullish(),
  note: text,
});
export type DagRunV1 = z.output<typeof DagRunV1>;

export const TaskInstanceV1 = z.object({
  task_id: z.string(),
  dag_id: z.string(),
  dag_run_id: z.string(),
  map_index: z.number().int().nullish(),
  state: text,
  try_number: z.number().int(),
  max_tries: z.number().int().nullish(),
  operator: text,
  hostname: text,
  start_date: text,
  end_date: text,
  duration: z.number().nullish(),
});
export type TaskInstanceV1 = z.output<typeof TaskInstanceV1>;

/** A Python timedelta as the API writes it. */
const TimeDeltaV1 = z.object({ days: z.number(), seconds: z.number(), microseconds: z.number() });

/**
 * GET /dags/{dag_id}/tasks: one task as the DAG declares it. The 2.10 server also writes
 * operator_name, which its spec leaves out; downstream_task_ids is the only edge it gives.
 */
export const TaskV1 = z.object({
  task_id: z.string(),
  downstream_task_ids: z.array(z.string()).nullish(),
  operator_name: text,
  class_ref: z.object({ class_name: text }).nullish(),
  is_mapped: z.boolean().nullish(),
  retries: z.number().nullish(),
  retry_delay: TimeDeltaV1.nullish(),
  execution_timeout: TimeDeltaV1.nullish(),
  retry_exponential_backoff: z.boolean().nullish(),
});
export const TaskCollectionV1 = z.object({ tasks: z.array(TaskV1) });

/** What clearTaskInstances and updateTaskInstancesState answer: references only, no map index or state. */
export const TaskInstanceReferenceV1 = z.object({
  task_id: z.string(),
  dag_id: z.string().nullish(),
  dag_run_id: text,
  execution_date: text,
});
/**
 * What an applied (dry_run false) PATCH taskInstances/{task} answers: real 2.10 dumps the list
 * set_task_instance_state returns through the one-object schema, so the body is `{}` (code@2x
 * task_instance_endpoint.py patch_task_instance; seen on 2.10.5 by test/real). The dry run
 * answers the reference.
 */
export const PatchedTaskInstanceV1 = z.union([TaskInstanceReferenceV1, z.object({})]);
export const TaskInstanceReferenceCollectionV1 = z.object({
  task_instances: z.array(TaskInstanceReferenceV1),
});

/** GET /importErrors. Every field is optional in the v1 spec; the server sets them. */
export const ImportErrorV1 = z.object({
  import_error_id: z.number().int(),
  timestamp: text,
  filename: z.string(),
  stack_trace: text,
});

/**
 * A log read as JSON: `content` is Python's str() of [(host, text)] pairs (see
 * parsePythonLogContent), the token resumes after it.
 */
export const TaskLogV1 = z.object({ content: z.string(), continuation_token: text });

/** stringify=true (the default) makes every value a string, Python's str() of it. */
export const XComEntryV1 = z.object({ key: z.string(), value: z.unknown() });
