// The Jobs API operations, served under /api/2.2 and, without the 2.2 paging of arrays inside
// single objects (tasks, job_clusters, ...), under /api/2.1. Request bodies are parsed with zod;
// ids are accepted as numbers or numeric strings, and query booleans case-insensitively, because
// the Airflow provider sends them that way.

import { z } from 'zod';
import { invalidParameter, jobDoesNotExist, malformedRequest, runDoesNotExist } from './apiError.js';
import { isActive } from './lifecycle.js';
import type { SimJob, SimRun } from './model.js';
import type { SimState } from './simState.js';
import { taskOutput } from './taskOutput.js';
import {
  baseJob,
  type Json,
  jobArrays,
  runArrays,
  runJson,
  taskRunAsRun,
  type ViewContext,
} from './views.js';

export type ApiVersion = '2.1' | '2.2';

/** Read endpoints return at most this many elements per array (2.2 only). */
const INNER_PAGE = 100;

export interface JobsRequest {
  version: ApiVersion;
  query: URLSearchParams;
  body: unknown;
}

const Id = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d+$/)
    .transform((value) => Number(value)),
]);
const StringMap = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value)),
);
const StringList = z.array(z.union([z.string(), z.number()]).transform((value) => String(value)));

const LegacyParams = {
  notebook_params: StringMap.optional(),
  python_params: StringList.optional(),
  python_named_params: StringMap.optional(),
  jar_params: StringList.optional(),
  spark_submit_params: StringList.optional(),
  sql_params: StringMap.optional(),
  dbt_commands: StringList.optional(),
  pipeline_params: z.record(z.string(), z.unknown()).optional(),
};

const RunNowBody = z.object({
  job_id: Id.optional(),
  job_parameters: StringMap.optional(),
  idempotency_token: z.string().optional(),
  only: z.array(z.string()).optional(),
  queue: z.object({ enabled: z.boolean() }).optional(),
  performance_target: z.string().optional(),
  ...LegacyParams,
});

const RepairBody = z.object({
  run_id: Id.optional(),
  rerun_tasks: z.array(z.string()).optional(),
  rerun_all_failed_tasks: z.boolean().optional(),
  rerun_dependent_tasks: z.boolean().optional(),
  latest_repair_id: Id.optional(),
  job_parameters: StringMap.optional(),
  performance_target: z.string().optional(),
  ...LegacyParams,
});

const RunIdBody = z.object({ run_id: Id.optional() });
const CancelAllBody = z.object({ job_id: Id.optional(), all_queued_runs: z.boolean().optional() });
const PauseSetting = z.object({ pause_status: z.enum(['PAUSED', 'UNPAUSED']).optional() }).passthrough();
// Only the pause status of a job's triggers can change here (docs/sim-deviations.md); other
// settings are accepted and ignored rather than half-applied.
const UpdateJobBody = z.object({
  job_id: Id.optional(),
  new_settings: z
    .object({
      schedule: PauseSetting.optional(),
      continuous: PauseSetting.optional(),
      trigger: PauseSetting.optional(),
    })
    .passthrough()
    .optional(),
});

function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') ?? 'body';
    throw malformedRequest(`Could not parse request object: invalid value for field '${field}'`);
  }
  return result.data;
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw invalidParameter(`Missing required field: ${field}`);
  return value;
}

function queryId(query: URLSearchParams, field: string): number | undefined {
  const text = query.get(field);
  if (text === null || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw invalidParameter(`Invalid value for parameter ${field}: '${text}'`);
  return Number(text);
}

const queryBool = (query: URLSearchParams, field: string) => query.get(field)?.toLowerCase() === 'true';

function queryLimit(query: URLSearchParams, fallback: number, max: number): number {
  const text = query.get('limit');
  if (text === null || text === '') return fallback;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 0 || limit > max) {
    throw invalidParameter(`The limit must be between 0 and ${max}. Got: ${text}`);
  }
  return limit === 0 ? max : limit;
}

interface Cursor {
  k: string;
  a: number;
  b?: number;
  p?: number;
}

const encodeToken = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeToken(query: URLSearchParams, kind: string): Cursor | undefined {
  const token = query.get('page_token');
  if (!token) return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (cursor.k === kind && typeof cursor.a === 'number') return cursor;
  } catch {
    // fall through to the error below
  }
  throw invalidParameter(`Invalid page token: ${token}`);
}

/** One 2.2 page of the arrays inside one object; later pages leave exhausted arrays empty. */
function pageArrays<K extends string>(
  arrays: Record<K, Json[]>,
  page: number,
): { slices: Record<K, Json[]>; more: boolean } {
  const slices = {} as Record<K, Json[]>;
  let more = false;
  for (const key of Object.keys(arrays) as K[]) {
    const items = arrays[key];
    slices[key] = items.slice(page * INNER_PAGE, (page + 1) * INNER_PAGE);
    if (items.length > (page + 1) * INNER_PAGE) more = true;
  }
  return { slices, more };
}

/**
 * The tasks and job_clusters of an expanded list item: in the list, 2.2 gives only their first page
 * (and has_more), 2.1 gives them whole.
 */
function expandArrays(
  target: Json,
  arrays: { tasks: Json[]; job_clusters: Json[] },
  hasMoreOn: Json,
  version: ApiVersion,
): void {
  if (version === '2.2') {
    const { slices, more } = pageArrays({ tasks: arrays.tasks, job_clusters: arrays.job_clusters }, 0);
    Object.assign(target, slices);
    hasMoreOn.has_more = more;
  } else {
    Object.assign(target, { tasks: arrays.tasks, job_clusters: arrays.job_clusters });
  }
}

export class JobsApi {
  constructor(
    private readonly state: SimState,
    private readonly context: () => ViewContext,
  ) {}

  private job(jobId: number): SimJob {
    const job = this.state.jobs.get(jobId);
    if (!job) throw jobDoesNotExist(jobId);
    return job;
  }

  private jobOf(run: SimRun): SimJob {
    return this.job(run.jobId);
  }

  listJobs({ version, query }: JobsRequest): Json {
    const limit = queryLimit(query, 20, 100);
    const expand = queryBool(query, 'expand_tasks');
    const name = query.get('name')?.toLowerCase();
    const cursor = decodeToken(query, 'jobs');
    let offset = Number(query.get('offset') ?? 0) || 0;
    const page: Json[] = [];
    let hasMore = false;
    let last = 0;
    for (const job of this.state.jobs.values()) {
      if (cursor && job.jobId <= cursor.a) continue;
      if (name !== undefined && job.name.toLowerCase() !== name) continue;
      if (offset > 0) {
        offset--;
        continue;
      }
      if (page.length === limit) {
        hasMore = true;
        break;
      }
      const json = baseJob(job);
      if (expand) {
        const arrays = jobArrays(job);
        const settings = json.settings as Json;
        expandArrays(settings, arrays, json, version);
        if (arrays.parameters.length > 0) settings.parameters = arrays.parameters;
      }
      page.push(json);
      last = job.jobId;
    }
    const response: Json = { has_more: hasMore };
    if (page.length > 0) response.jobs = page;
    if (hasMore) response.next_page_token = encodeToken({ k: 'jobs', a: last });
    return response;
  }

  getJob({ version, query }: JobsRequest): Json {
    const job = this.job(required(queryId(query, 'job_id'), 'job_id'));
    const json: Json = { ...baseJob(job), run_as_user_name: job.creator };
    const settings = json.settings as Json;
    const arrays = jobArrays(job);
    const present = Object.fromEntries(Object.entries(arrays).filter(([, items]) => items.length > 0));
    if (version === '2.1') {
      Object.assign(settings, present);
      return json;
    }
    const page = decodeToken(query, `job:${job.jobId}`)?.a ?? 0;
    const { slices, more } = pageArrays(present, page);
    Object.assign(settings, slices);
    if (more) json.next_page_token = encodeToken({ k: `job:${job.jobId}`, a: page + 1 });
    return json;
  }

  listRuns({ version, query }: JobsRequest): Json {
    const ctx = this.context();
    const limit = queryLimit(query, 20, 25);
    const activeOnly = queryBool(query, 'active_only');
    const completedOnly = queryBool(query, 'completed_only');
    if (activeOnly && completedOnly) {
      throw invalidParameter('active_only and completed_only cannot both be true.');
    }
    const jobId = queryId(query, 'job_id');
    const from = queryId(query, 'start_time_from');
    const to = queryId(query, 'start_time_to');
    const runType = query.get('run_type');
    const expand = queryBool(query, 'expand_tasks');
    const cursor = decodeToken(query, 'runs');
    const offset = Number(query.get('offset') ?? 0) || 0;

    const source =
      jobId === undefined
        ? [...this.state.runs.values()]
        : this.job(jobId).runIds.map((id) => this.state.runs.get(id));
    const runs = source
      .filter((run): run is SimRun => run !== undefined && !run.deleted && run.createdAt <= ctx.now)
      // Every simulated run is a JOB_RUN (run-now or a trigger); other run types list nothing.
      .filter(() => !runType || runType === 'JOB_RUN')
      .filter(
        (run) => (from === undefined || run.createdAt >= from) && (to === undefined || run.createdAt <= to),
      )
      .filter((run) => {
        if (!activeOnly && !completedOnly) return true;
        return isActive(run, ctx.now) === activeOnly;
      })
      .sort((a, b) => b.createdAt - a.createdAt || b.runId - a.runId)
      .filter((run) =>
        cursor
          ? run.createdAt < cursor.a || (run.createdAt === cursor.a && run.runId < (cursor.b ?? 0))
          : true,
      )
      .slice(offset, offset + limit + 1);
    const hasMore = runs.length > limit;
    const page = runs.slice(0, limit).map((run) => {
      const job = this.jobOf(run);
      const json = runJson(ctx, job, run);
      const arrays = runArrays(ctx, job, run, false);
      if (expand) expandArrays(json, arrays, json, version);
      if (arrays.job_parameters.length > 0) json.job_parameters = arrays.job_parameters;
      return json;
    });
    const response: Json = { has_more: hasMore };
    if (page.length > 0) response.runs = page;
    const last = runs[limit - 1];
    if (hasMore && last)
      response.next_page_token = encodeToken({ k: 'runs', a: last.createdAt, b: last.runId });
    return response;
  }

  getRun({ version, query }: JobsRequest): Json {
    const ctx = this.context();
    const runId = required(queryId(query, 'run_id'), 'run_id');
    const run = this.state.run(runId);
    if (!run) {
      const taskRun = this.state.taskRuns.get(runId);
      if (!taskRun || taskRun.run.deleted) throw runDoesNotExist(runId);
      return taskRunAsRun(ctx, this.jobOf(taskRun.run), taskRun.run, taskRun.attempt);
    }
    const job = this.jobOf(run);
    const json = runJson(ctx, job, run);
    const includeHistory = queryBool(query, 'include_history');
    const all = runArrays(ctx, job, run, includeHistory);
    const present = Object.fromEntries(
      Object.entries(all).filter(([key, items]) => items.length > 0 || key === 'tasks'),
    );
    if (version === '2.1') return Object.assign(json, present);
    const page = decodeToken(query, `run:${run.runId}`)?.a ?? 0;
    const { slices, more } = pageArrays(present, page);
    Object.assign(json, slices);
    json.has_more = more;
    if (more) json.next_page_token = encodeToken({ k: `run:${run.runId}`, a: page + 1 });
    return json;
  }

  getRunOutput({ query }: JobsRequest): Json {
    const ctx = this.context();
    const runId = required(queryId(query, 'run_id'), 'run_id');
    if (this.state.run(runId)) {
      // runs/get-output takes a task run id: a job run id is refused, even for a single-task job.
      throw invalidParameter(
        'Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.',
      );
    }
    const taskRun = this.state.taskRuns.get(runId);
    if (!taskRun || taskRun.run.deleted) throw runDoesNotExist(runId);
    const job = this.jobOf(taskRun.run);
    const metadata = taskRunAsRun(ctx, job, taskRun.run, taskRun.attempt);
    return taskOutput(job, taskRun.attempt, ctx.now, metadata, this.state.logRate);
  }

  runNow({ body }: JobsRequest): Json {
    const input = parseBody(RunNowBody, body);
    const job = this.job(required(input.job_id, 'job_id'));
    if (input.idempotency_token !== undefined && input.idempotency_token.length > 64) {
      throw invalidParameter('The idempotency_token must be at most 64 characters long.');
    }
    let only: Set<string> | undefined;
    if (input.only) {
      only = new Set(input.only);
      for (const key of only) {
        if (!job.tasks.some((t) => t.taskKey === key)) {
          throw invalidParameter(`Task key ${key} specified in 'only' does not exist in job ${job.jobId}.`);
        }
      }
    }
    const overriding: Record<string, unknown> = {};
    for (const key of Object.keys(LegacyParams) as (keyof typeof LegacyParams)[]) {
      if (input[key] !== undefined) overriding[key] = input[key];
    }
    const run = this.state.startRun(job, {
      at: this.state.clock.now(),
      trigger: 'ONE_TIME',
      ...(input.job_parameters ? { jobParameters: input.job_parameters } : {}),
      ...(Object.keys(overriding).length > 0 ? { overriding } : {}),
      ...(input.idempotency_token !== undefined ? { idempotencyToken: input.idempotency_token } : {}),
      ...(only ? { only } : {}),
    });
    return { run_id: run.runId, number_in_job: run.runId };
  }

  cancelRun({ body }: JobsRequest): Json {
    const input = parseBody(RunIdBody, body);
    this.state.cancelRun(required(input.run_id, 'run_id'));
    return {};
  }

  cancelAllRuns({ body }: JobsRequest): Json {
    const input = parseBody(CancelAllBody, body);
    if (input.job_id === undefined && !input.all_queued_runs) {
      throw invalidParameter('Either job_id or all_queued_runs must be specified.');
    }
    if (input.job_id !== undefined) this.job(input.job_id);
    this.state.cancelAll(input.job_id, input.all_queued_runs ?? false);
    return {};
  }

  repairRun({ body }: JobsRequest): Json {
    const input = parseBody(RepairBody, body);
    const repairId = this.state.repairRun(required(input.run_id, 'run_id'), {
      ...(input.rerun_tasks ? { rerunTasks: input.rerun_tasks } : {}),
      ...(input.rerun_all_failed_tasks !== undefined
        ? { rerunAllFailedTasks: input.rerun_all_failed_tasks }
        : {}),
      ...(input.rerun_dependent_tasks !== undefined
        ? { rerunDependentTasks: input.rerun_dependent_tasks }
        : {}),
      ...(input.latest_repair_id !== undefined ? { latestRepairId: input.latest_repair_id } : {}),
      ...(input.job_parameters ? { jobParameters: input.job_parameters } : {}),
    });
    return { repair_id: repairId };
  }

  updateJob({ body }: JobsRequest): Json {
    const input = parseBody(UpdateJobBody, body);
    const job = this.job(required(input.job_id, 'job_id'));
    const settings = input.new_settings ?? {};
    const changes = [
      ['schedule', settings.schedule?.pause_status],
      ['continuous', settings.continuous?.pause_status],
      ['fileArrival', settings.trigger?.pause_status],
    ] as const;
    for (const [kind, status] of changes) if (status) this.state.setPauseStatus(job, kind, status);
    return {};
  }

  deleteRun({ body }: JobsRequest): Json {
    const input = parseBody(RunIdBody, body);
    this.state.deleteRun(required(input.run_id, 'run_id'));
    return {};
  }
}
