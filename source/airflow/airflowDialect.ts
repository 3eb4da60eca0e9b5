// What differs between the two Airflow APIs, in one object per version (v1.ts for Airflow 2,
// v2.ts for Airflow 3). createAirflowAdapter does everything else
// once, so a difference between the versions is visible only here and in those two files.
import type { z } from 'zod';
import type { Action } from '../core/actions.js';
import type { LogStep } from '../core/followPolled.js';
import type { LogCursor, Run, TaskInstance, Workflow } from '../core/model.js';
import type { HttpRequest } from '../http/types.js';
import type { ApiRequest } from './airflowApi.js';
import type { HealthFields } from './describeHealth.js';
import type { ImportErrorFields } from './toImportError.js';
import type { DagRunFields } from './toRun.js';
import type { TaskFields } from './toTaskDefinitions.js';
import type { TaskInstanceFields } from './toTaskInstance.js';
import type { DagFields } from './toWorkflow.js';

/** A task instance a clear or a state change touched, as far as the answer names it. */
export interface TouchedTask {
  taskId: string;
  /** Absent where the answer gives no map index (v1 references). */
  mapIndex?: number;
  /** Absent where the answer gives no state (v1 references): nothing is then known to be running. */
  state?: string | null | undefined;
}

/** One pass over a try's log, from a cursor (see readTryLog). */
export interface TryLogRead {
  /** The GET of the try's log (path, map index, what), before tokens and format are chosen. */
  request: ApiRequest;
  cursor: LogCursor;
  /** The try had ended before this read: the read sees its whole log, held-back text is a line. */
  final: boolean;
  /** This follow's use of continuation tokens, turned off when the server refuses one. */
  tokens: { use: boolean };
}

export type ListTasks = (dagId: string, runId: string, signal?: AbortSignal) => Promise<TaskInstance[]>;

export interface AirflowDialect<
  Dag extends DagFields,
  DagRun extends DagRunFields,
  Ti extends TaskInstanceFields,
> {
  readonly apiVersion: 'v1' | 'v2';
  readonly healthPath: string;
  readonly schemas: {
    health: z.ZodType<HealthFields>;
    dag: z.ZodType<Dag>;
    dagDetails: z.ZodType<{ params?: Record<string, unknown> | null | undefined }>;
    dagRun: z.ZodType<DagRun>;
    taskInstance: z.ZodType<Ti>;
    xcomEntry: z.ZodType<{ value?: unknown }>;
    importError: z.ZodType<ImportErrorFields>;
    tasks: z.ZodType<{ tasks: TaskFields[] }>;
  };
  toWorkflow(dag: Dag): Workflow;
  toRun(run: DagRun): Run;
  toTask(ti: Ti): TaskInstance;
  /** order_by for the newest runs first: the default order is oldest first. */
  readonly newestRunsFirst: string;
  /**
   * order_by of a run's task instances, so that the pages of one list cannot skip or repeat an
   * instance; undefined where the server takes none.
   */
  readonly taskInstanceOrder: string | undefined;
  /** order_by of the import errors, by their id (the two versions name it differently). */
  readonly importErrorOrder: string;
  /** The query of PATCH dagRuns/{run} {state} and PATCH dags/{dag} {is_paused} (update_mask). */
  readonly patchQuery: { runState: HttpRequest['query'] | undefined; paused: HttpRequest['query'] };
  triggerBody(action: Extract<Action, { kind: 'trigger' }>): Record<string, unknown>;
  /** dryRun true is the preview; listTasks is there for v1, whose task_ids may not be empty. */
  clearTasks(
    action: Extract<Action, { kind: 'clearTasks' }>,
    dryRun: boolean,
    listTasks: ListTasks,
    signal?: AbortSignal,
  ): Promise<TouchedTask[]>;
  /** Appended to the clear preview's summary when the version cannot do what was asked exactly. */
  clearPreviewNote(action: Extract<Action, { kind: 'clearTasks' }>): string;
  /** dryRun true is the preview (v1: the dry_run field, v2: the /dry_run endpoint). */
  markTaskState(
    action: Extract<Action, { kind: 'markTaskState' }>,
    dryRun: boolean,
    signal?: AbortSignal,
  ): Promise<TouchedTask[]>;
  /** Whether the server's continuation tokens resume a log without loss or repeats. */
  readonly resumesLogs: boolean;
  /**
   * The lines of a try's log after `read.cursor`, yielded as they arrive, each step with the cursor
   * right after its lines; returns the cursor at the end of what the server has now.
   */
  readTryLog(read: TryLogRead): AsyncGenerator<LogStep, LogCursor>;
}
