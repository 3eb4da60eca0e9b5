// The Airflow answers a platform review reads, in both API versions: connections (v1 lists them
// without extra or password and shows extra only on the single object; v2 lists the full object
// with the password masked), a DAG's run timeout and default_args, and XCom entries.
import { z } from 'zod';

const text = z.string().nullish();

const TimeDelta = z.object({ days: z.number(), seconds: z.number(), microseconds: z.number() });

/**
 * One connection. password is absent in v1 (never returned) and "***" or null in v2; extra is a
 * string of JSON whose sensitive values the server masked (or an object, leniently).
 */
export const ConnectionItem = z.object({
  connection_id: z.string(),
  conn_type: text,
  host: text,
  login: text,
  password: z.string().nullish(),
  extra: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
});
export type ConnectionItem = z.output<typeof ConnectionItem>;

/** GET /dags/{id}/details, the fields a review reads: default_args is Airflow 3.2+ only. */
export const DagReviewDetails = z.object({
  dag_run_timeout: TimeDelta.nullish(),
  default_args: z.record(z.string(), z.unknown()).nullish(),
});

/** One XCom entry of a list: keys and metadata only, the value needs its own request. */
export const XComListItem = z.object({
  key: z.string(),
  task_id: z.string(),
  map_index: z.number().int().nullish(),
});
export const XComValue = z.object({ value: z.unknown() });
