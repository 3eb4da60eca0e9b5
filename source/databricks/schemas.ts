// Zod schemas for the Jobs API 2.2 responses we read (jobs and runs, run output, run-now and repair
// answers, SCIM Me). Objects are loose: Databricks adds fields often and an unknown field must never
// break the console. Ids are int64: accept numbers or strings.
import { z } from 'zod';

export const Id = z.union([z.number(), z.string()]).transform((value) => String(value));

const PauseStatus = z.string();

export const CronSchedule = z.looseObject({
  quartz_cron_expression: z.string(),
  timezone_id: z.string().optional(),
  pause_status: PauseStatus.optional(),
});

export const TriggerSettings = z.looseObject({
  pause_status: PauseStatus.optional(),
  file_arrival: z.looseObject({ url: z.string().optional() }).optional(),
  periodic: z.looseObject({ interval: z.number(), unit: z.string() }).optional(),
  table_update: z.looseObject({ table_names: z.array(z.string()).optional() }).optional(),
  table: z.looseObject({ table_names: z.array(z.string()).optional() }).optional(),
  model: z.looseObject({}).optional(),
});

export const Continuous = z.looseObject({ pause_status: PauseStatus.optional() });

export const JobParameterDefinition = z.looseObject({
  name: z.string(),
  default: z.string().optional(),
});

export const DependsOn = z.looseObject({ task_key: z.string(), outcome: z.string().optional() });

/** A cluster's size and pool (compute ClusterSpec), as far as a review reads it. */
export const NewCluster = z.looseObject({
  num_workers: z.number().optional(),
  autoscale: z
    .looseObject({ min_workers: z.number().optional(), max_workers: z.number().optional() })
    .optional(),
  instance_pool_id: z.string().optional(),
});
export type NewCluster = z.infer<typeof NewCluster>;

/** Job and task alerts: each list of on_failure recipients or webhooks in the job settings. */
const Notifications = z.looseObject({ on_failure: z.array(z.unknown()).optional() });

export const JobTask = z.looseObject({
  task_key: z.string(),
  description: z.string().optional(),
  depends_on: z.array(DependsOn).optional(),
  notebook_task: z
    .looseObject({
      notebook_path: z.string().optional(),
      base_parameters: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  max_retries: z.number().optional(),
  min_retry_interval_millis: z.number().optional(),
  timeout_seconds: z.number().optional(),
  existing_cluster_id: z.string().optional(),
  job_cluster_key: z.string().optional(),
  new_cluster: NewCluster.optional(),
  sql_task: z.looseObject({}).optional(),
  dbt_task: z.looseObject({}).optional(),
  email_notifications: Notifications.optional(),
  webhook_notifications: Notifications.optional(),
});

export type JobTask = z.infer<typeof JobTask>;

export const JobSettings = z.looseObject({
  name: z.string().optional(),
  description: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  schedule: CronSchedule.optional(),
  trigger: TriggerSettings.optional(),
  continuous: Continuous.optional(),
  parameters: z.array(JobParameterDefinition).optional(),
  /** With queue.enabled a run over the limit waits in the queue, otherwise it is skipped. */
  max_concurrent_runs: z.number().optional(),
  queue: z.looseObject({ enabled: z.boolean().optional() }).optional(),
  tasks: z.array(JobTask).optional(),
  job_clusters: z
    .array(z.looseObject({ job_cluster_key: z.string(), new_cluster: NewCluster.optional() }))
    .optional(),
  environments: z.array(z.looseObject({})).optional(),
  /** 0 or absent: no timeout. */
  timeout_seconds: z.number().optional(),
  email_notifications: Notifications.optional(),
  webhook_notifications: Notifications.optional(),
});
export type JobSettings = z.infer<typeof JobSettings>;

export const Job = z.looseObject({
  job_id: Id,
  created_time: z.number().optional(),
  creator_user_name: z.string().optional(),
  run_as_user_name: z.string().optional(),
  settings: JobSettings.default({}),
  has_more: z.boolean().optional(),
  next_page_token: z.string().optional(),
});
export type Job = z.infer<typeof Job>;

/** Items are checked one by one by the pager (jobsApi.ts), so one malformed job cannot fail the list. */
export const ListJobsResponse = z.looseObject({
  jobs: z.array(z.unknown()).optional(),
  has_more: z.boolean().optional(),
  next_page_token: z.string().optional(),
});

/** The deprecated `state` object, still returned and still what the SDK waiters read. */
export const RunState = z.looseObject({
  life_cycle_state: z.string().optional(),
  result_state: z.string().optional(),
  state_message: z.string().optional(),
  user_cancelled_or_timedout: z.boolean().optional(),
});
export type RunState = z.infer<typeof RunState>;

/** The newer `status` object, which Databricks recommends over `state`. */
export const RunStatus = z.looseObject({
  state: z.string().optional(),
  termination_details: z
    .looseObject({ code: z.string().optional(), type: z.string().optional(), message: z.string().optional() })
    .optional(),
  queue_details: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).optional(),
});
export type RunStatus = z.infer<typeof RunStatus>;

export const RunTask = z.looseObject({
  task_key: z.string(),
  run_id: Id.optional(),
  attempt_number: z.number().optional(),
  state: RunState.optional(),
  status: RunStatus.optional(),
  start_time: z.number().optional(),
  end_time: z.number().optional(),
  run_duration: z.number().optional(),
  setup_duration: z.number().optional(),
  execution_duration: z.number().optional(),
  run_page_url: z.string().optional(),
  depends_on: z.array(DependsOn).optional(),
  max_retries: z.number().optional(),
  notebook_task: z.looseObject({}).optional(),
  spark_python_task: z.looseObject({}).optional(),
  python_wheel_task: z.looseObject({}).optional(),
  spark_jar_task: z.looseObject({}).optional(),
  sql_task: z.looseObject({}).optional(),
  dbt_task: z.looseObject({}).optional(),
  pipeline_task: z.looseObject({}).optional(),
  run_job_task: z.looseObject({}).optional(),
  for_each_task: z.looseObject({}).optional(),
  condition_task: z.looseObject({}).optional(),
  cluster_instance: z.looseObject({ cluster_id: z.string().optional() }).optional(),
});
export type RunTask = z.infer<typeof RunTask>;

export const RepairHistoryItem = z.looseObject({
  type: z.string().optional(),
  id: z.number().optional(),
  start_time: z.number().optional(),
  end_time: z.number().optional(),
  state: RunState.optional(),
  status: RunStatus.optional(),
  task_run_ids: z.array(Id).optional(),
});
export type RepairHistoryItem = z.infer<typeof RepairHistoryItem>;

export const Run = z.looseObject({
  run_id: Id,
  job_id: Id.optional(),
  run_name: z.string().optional(),
  trigger: z.string().optional(),
  run_type: z.string().optional(),
  start_time: z.number().optional(),
  end_time: z.number().optional(),
  run_duration: z.number().optional(),
  queue_duration: z.number().optional(),
  execution_duration: z.number().optional(),
  setup_duration: z.number().optional(),
  cleanup_duration: z.number().optional(),
  run_page_url: z.string().optional(),
  state: RunState.optional(),
  status: RunStatus.optional(),
  tasks: z.array(RunTask).optional(),
  job_clusters: z.array(z.looseObject({})).optional(),
  job_parameters: z
    .array(z.looseObject({ name: z.string(), default: z.string().optional(), value: z.string().optional() }))
    .optional(),
  repair_history: z.array(RepairHistoryItem).optional(),
  iterations: z.array(RunTask).optional(),
  overriding_parameters: z.looseObject({}).optional(),
  has_more: z.boolean().optional(),
  next_page_token: z.string().optional(),
});
export type Run = z.infer<typeof Run>;

/** Items are checked one by one by the pager (jobsApi.ts), as in ListJobsResponse. */
export const ListRunsResponse = z.looseObject({
  runs: z.array(z.unknown()).optional(),
  has_more: z.boolean().optional(),
  next_page_token: z.string().optional(),
});

export const RunOutput = z.looseObject({
  logs: z.string().optional(),
  logs_truncated: z.boolean().optional(),
  error: z.string().optional(),
  error_trace: z.string().optional(),
  info: z.string().optional(),
  notebook_output: z
    .looseObject({ result: z.string().optional(), truncated: z.boolean().optional() })
    .optional(),
  metadata: Run.optional(),
});
export type RunOutput = z.infer<typeof RunOutput>;

export const RunNowResponse = z.looseObject({ run_id: Id, number_in_job: Id.optional() });
export const RepairRunResponse = z.looseObject({ repair_id: z.number() });

/** SCIM Me, for the identity shown by probe(). */
export const ScimMe = z.looseObject({
  userName: z.string().optional(),
  displayName: z.string().optional(),
  id: z.string().optional(),
});
