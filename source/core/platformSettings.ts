// What a platform review reads besides workflows and runs: the connections Airflow stores, the
// settings that decide cost and resilience (timeouts, alerts, clusters), XCom sizes and how the
// console itself is authenticated. Adapters fill these from their servers; core/review judges them.

/** How a backend's own credential authenticates (never the credential itself). */
export type AuthKind = 'pat' | 'oauth-m2m' | 'databricks-cli' | 'password' | 'token';

/**
 * An Airflow connection as its API shows it. The password is never read: only whether the server
 * says one is set. Values of sensitive extra keys come back masked as "***" by the server.
 */
export interface Connection {
  id: string;
  /** conn_type: `databricks`, `http`, `postgres`... */
  type: string;
  host?: string;
  login?: string;
  /**
   * `set` / `unset`: the server says so (Airflow 3 answers "***" or null); `hidden`: the API never
   * shows it (Airflow 2); `exposed`: the server returned a clear-text value (masking is off),
   * which dagdeck drops without keeping it.
   */
  password: 'set' | 'unset' | 'hidden' | 'exposed';
  /** The extra as JSON, masked values as "***"; absent when the connection has none. */
  extra?: Record<string, unknown>;
  /** The extra is not JSON: the server could not mask it (its text is not kept). */
  extraUnparseable?: boolean;
  /** A sensitive extra value came back unmasked (dagdeck masked it before keeping it). */
  extraExposed?: boolean;
}

/** The size of a cluster a job declares (a job cluster or a task's own new cluster). */
export interface ClusterSpec {
  /** job_cluster_key, or `task:<task_key>` for a task's own new_cluster. */
  key: string;
  autoscale?: { min: number; max: number };
  /** Fixed size (num_workers) when there is no autoscale; 0 is a single-node cluster. */
  workers?: number;
  /** instance_pool_id, when the workers come from a pool. */
  poolId?: string;
}

/** Where a Databricks task runs. */
export type TaskCompute =
  /** An all-purpose cluster by id (existing_cluster_id). */
  | { kind: 'existing-cluster'; clusterId: string }
  /** A job cluster declared by the job (job_cluster_key). */
  | { kind: 'job-cluster'; key: string }
  /** Its own job cluster (new_cluster). */
  | { kind: 'new-cluster'; cluster: ClusterSpec }
  /** A SQL warehouse (sql_task, dbt_task). */
  | { kind: 'warehouse' }
  /** No cluster named: serverless, or a task type that needs none. */
  | { kind: 'serverless' };

/** The workflow-wide settings a review checks. */
export interface WorkflowSettings {
  /** A whole run's timeout (Airflow dag_run_timeout, Databricks timeout_seconds); absent: none. */
  timeoutMs?: number;
  /**
   * Whether a failure alert is configured (Databricks on_failure emails or webhooks, Airflow's
   * on_failure_callback in default_args); absent where the API does not show it.
   */
  failureAlerts?: boolean;
  /** The job clusters a Databricks job declares. */
  clusters: ClusterSpec[];
}

/** One XCom a run's task pushed, and how big its stored value is. */
export interface XComSize {
  taskId: string;
  mapIndex?: number;
  key: string;
  /** Bytes of the stored value as the API returns it (JSON). */
  bytes: number;
  /** The value looks like a reference (a path or URL): a custom backend keeps the payload elsewhere. */
  external?: boolean;
}
