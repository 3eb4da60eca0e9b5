// The thin Jobs API 2.2 client: bearer auth from a TokenSource (one re-fetch after a 401), zod at
// the boundary, the jobs "does not exist" 400 remapped to NotFound, 2.2 inner pages merged, and
// the list pagers (jobs/list, runs/list) that follow page tokens without trusting them: a token the
// server sent before, a page of jobs already read, an empty page that promises more, or has_more
// without a token is an error naming the server, not more data or a silent stop; the ceiling and
// the list deadline hold whatever the server keeps promising.
import type { z } from 'zod';
import type { PagesSoFar } from '../core/backend.js';
import { AuthError, BadResponse, Forbidden, InvalidRequest, NotFound } from '../core/errors.js';
import { sanitizeName } from '../core/sanitize.js';
import { DEFAULT_LIST_LIMITS, type ListLimits, listTimeout, withListDeadline } from '../http/listLimits.js';
import { createListReader, type ParsedItem, zodItem } from '../http/listReader.js';
import type { HttpClient, HttpRequest } from '../http/types.js';
import type { TokenSource } from './auth/types.js';
import { appendArrays, JOB_PAGED_ARRAYS, MAX_INNER_PAGES, RUN_PAGED_ARRAYS } from './mergePages.js';
import {
  Job,
  type Job as JobT,
  ListJobsResponse,
  ListRunsResponse,
  Run,
  type Run as RunT,
} from './schemas.js';

export type Query = HttpRequest['query'];

export interface JobsApi {
  readonly host: string;
  get<S extends z.ZodType>(path: string, query: Query, schema: S, signal?: AbortSignal): Promise<z.output<S>>;
  post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options?: { idempotent?: boolean; signal?: AbortSignal },
  ): Promise<z.output<S>>;
  /** jobs/get with every inner page merged. */
  getJob(jobId: string, signal?: AbortSignal): Promise<JobT>;
  /** runs/get (include_history) with every inner page merged. */
  getRun(runId: string, signal?: AbortSignal): Promise<RunT>;
  /** jobs/list, every page; `onPage` gets every job read so far after each page (no total: the API gives none). */
  listJobs(signal?: AbortSignal, onPage?: (pages: PagesSoFar<JobT>) => void): Promise<JobT[]>;
  /** runs/list, of one job or of all, newest pages first, up to `limit` runs. */
  listRuns(query: ListRunsQuery, signal?: AbortSignal): Promise<RunT[]>;
}

export interface ListRunsQuery {
  jobId: string | undefined;
  activeOnly?: boolean | undefined;
  /** Only finished runs (runs/list completed_only). */
  completedOnly?: boolean | undefined;
  /** Only runs started at or after this epoch ms (runs/list start_time_from). */
  startedFrom?: number | undefined;
  limit: number;
}

/** What a token-paged list answer carries besides its items. */
interface TokenPage {
  has_more?: boolean | undefined;
  next_page_token?: string | undefined;
}

const API = '/api/2.2';
const JOBS_PAGE = 100;
/** runs/list: "greater than 0 and less than 25"; 25 is what the SDKs page with. */
const RUNS_PAGE = 25;

export function createJobsApi(options: {
  host: string;
  http: HttpClient;
  tokens: TokenSource;
  lists?: ListLimits;
}): JobsApi {
  const { host, http, tokens } = options;
  const lists = options.lists ?? DEFAULT_LIST_LIMITS;
  const source = `Databricks at ${host}`;

  const send = async (request: Omit<HttpRequest, 'headers' | 'service'>): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.token(request.signal);
      try {
        const response = await http.request({
          ...request,
          headers: { authorization: `Bearer ${token}` },
          service: 'Databricks',
        });
        return response.body;
      } catch (error) {
        // An expired or revoked token: fetch a new one once, then give up, so a revoked token cannot loop.
        if (attempt === 0 && isRejectedToken(error)) {
          tokens.invalidate();
          continue;
        }
        throw remapError(error);
      }
    }
  };

  const parse = <S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> => {
    const parsed = schema.safeParse(body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? ` at ${issue.path.join('.') || '(root)'}: ${issue.message}` : '';
      throw new BadResponse(
        `Databricks ${what} returned an unexpected response${where}: is ${host} a Databricks workspace?`,
      );
    }
    return parsed.data;
  };

  const api: JobsApi = {
    host,
    async get(path, query, schema, signal) {
      const body = await send({
        method: 'GET',
        url: `${host}${API}/${path}`,
        ...(query ? { query } : {}),
        ...(signal ? { signal } : {}),
      });
      return parse(schema, body, path);
    },
    async post(path, body, schema, postOptions = {}) {
      const response = await send({
        method: 'POST',
        url: `${host}${API}/${path}`,
        json: body,
        idempotent: postOptions.idempotent ?? false,
        ...(postOptions.signal ? { signal: postOptions.signal } : {}),
      });
      return parse(schema, response, path);
    },
    getJob: (jobId, signal) =>
      innerPages(`Read job ${jobId}`, signal, async (pageSignal, follow) => {
        const job = await api.get('jobs/get', { job_id: jobId }, Job, pageSignal);
        await follow(job.next_page_token, async (token) => {
          const next = await api.get('jobs/get', { job_id: jobId, page_token: token }, Job, pageSignal);
          appendArrays(job.settings, next.settings, JOB_PAGED_ARRAYS);
          return next.next_page_token;
        });
        delete job.next_page_token;
        return job;
      }),
    getRun: (runId, signal) =>
      innerPages(`Read run ${runId}`, signal, async (pageSignal, follow) => {
        const query = { run_id: runId, include_history: true };
        const run = await api.get('jobs/runs/get', query, Run, pageSignal);
        await follow(run.next_page_token, async (token) => {
          const next = await api.get('jobs/runs/get', { ...query, page_token: token }, Run, pageSignal);
          appendArrays(run, next, RUN_PAGED_ARRAYS);
          return next.next_page_token;
        });
        delete run.next_page_token;
        return run;
      }),
    listJobs: (signal, onPage) =>
      listPages({
        onPage,
        what: 'List jobs',
        path: 'jobs/list',
        query: { limit: JOBS_PAGE },
        schema: ListJobsResponse,
        itemsOf: (page) => page.jobs,
        noun: 'job',
        parse: zodItem(
          Job,
          (job) => job,
          (raw) => raw.job_id,
        ),
        keyOf: (job) => job.job_id,
        max: Number.POSITIVE_INFINITY,
        signal,
      }),
    listRuns: (query, signal) =>
      listPages({
        what: query.jobId === undefined ? 'List recent job runs' : `List runs of job ${query.jobId}`,
        path: 'jobs/runs/list',
        query: (remaining) => ({
          job_id: query.jobId,
          active_only: query.activeOnly ? true : undefined,
          completed_only: query.completedOnly ? true : undefined,
          start_time_from: query.startedFrom,
          limit: Math.min(RUNS_PAGE, remaining),
        }),
        schema: ListRunsResponse,
        itemsOf: (page) => page.runs,
        noun: 'run',
        parse: zodItem(
          Run,
          (run) => run,
          (raw) => raw.run_id,
        ),
        keyOf: (run) => run.run_id,
        max: Math.max(1, query.limit),
        signal,
      }),
  };

  /** The 2.2 inner pages of one job or run, under the list deadline, a token never followed twice. */
  function innerPages<T>(
    what: string,
    signal: AbortSignal | undefined,
    read: (
      signal: AbortSignal,
      follow: (
        first: string | undefined,
        next: (token: string) => Promise<string | undefined>,
      ) => Promise<void>,
    ) => Promise<T>,
  ): Promise<T> {
    let pages = 1;
    return withListDeadline(
      lists.deadlineMs,
      signal,
      () => listTimeout(what, source, lists.deadlineMs, `${pages} page${pages === 1 ? '' : 's'} read`),
      (pageSignal) =>
        read(pageSignal, async (first, next) => {
          const seen = new Set<string>();
          for (let token = first; token; ) {
            if (seen.has(token)) throw refused(what, `sent the page token ${quote(token)} twice`);
            if (pages > MAX_INNER_PAGES) {
              throw refused(what, `kept sending page tokens after ${MAX_INNER_PAGES} pages`);
            }
            seen.add(token);
            pageSignal.throwIfAborted();
            token = await next(token);
            pages += 1;
          }
        }),
    );
  }

  /** Every page of a token-paged list, each item checked on its own. */
  function listPages<S extends z.ZodType<TokenPage>, T>(spec: {
    what: string;
    path: string;
    query: Query | ((remaining: number) => Query);
    schema: S;
    itemsOf: (page: z.output<S>) => unknown[] | undefined;
    noun: string;
    parse: (raw: unknown) => ParsedItem<T>;
    keyOf: (item: T) => string;
    max: number;
    signal: AbortSignal | undefined;
    onPage?: ((pages: PagesSoFar<T>) => void) | undefined;
  }): Promise<T[]> {
    const list = createListReader({
      what: spec.what,
      source,
      noun: spec.noun,
      parse: spec.parse,
      keyOf: spec.keyOf,
      maxItems: lists.maxItems,
    });
    let pages = 0;
    return withListDeadline(
      lists.deadlineMs,
      spec.signal,
      () => listTimeout(spec.what, source, lists.deadlineMs, `${pages} page${pages === 1 ? '' : 's'} read`),
      async (signal) => {
        const tokens = new Set<string>();
        let token: string | undefined;
        for (;;) {
          signal.throwIfAborted();
          const remaining = spec.max - list.size;
          const query = typeof spec.query === 'function' ? spec.query(remaining) : spec.query;
          const page = await api.get(spec.path, { ...query, page_token: token }, spec.schema, signal);
          pages += 1;
          const raw = spec.itemsOf(page) ?? [];
          const count = list.add(raw.slice(0, remaining));
          if (count.fresh === 0 && count.repeated > 0) {
            throw list.refuse(
              `answered the page token ${quote(token ?? '')} with ${spec.noun}s of an earlier page: it does not page`,
            );
          }
          spec.onPage?.({ loaded: list.size, total: undefined, items: () => list.snapshot() });
          if (list.size >= spec.max) break;
          const { has_more: hasMore, next_page_token: next } = page;
          if (hasMore === false || (next === undefined && hasMore !== true)) break;
          if (!next)
            throw list.refuse('said has_more but sent no next_page_token: the rest of the list is missing');
          if (raw.length === 0)
            throw list.refuse(`sent an empty page that promises more (token ${quote(next)})`);
          if (next === token || tokens.has(next))
            throw list.refuse(`sent the page token ${quote(next)} twice`);
          tokens.add(next);
          token = next;
        }
        return list.finish();
      },
    );
  }

  function refused(what: string, did: string): BadResponse {
    return new BadResponse(
      `${what} failed: ${source} ${did}; the server or a proxy in front of it is misbehaving; report it to its operators`,
    );
  }

  return api;
}

/** A page token as quoted in a message: server text, so sanitised and short. */
function quote(token: string): string {
  const clean = sanitizeName(token);
  return `"${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}"`;
}

/**
 * 401, or the 403 "Invalid access token." that workspaces answer for a bad or expired bearer token
 * (databricks-sdk-go issue #873). A 403 for missing permissions is not retried.
 */
function isRejectedToken(error: unknown): boolean {
  if (error instanceof AuthError)
    return error.status === undefined || error.status === 401 || error.status === 403;
  if (error instanceof Forbidden)
    return /invalid access token/i.test(`${error.message} ${error.bodyExcerpt ?? ''}`);
  return false;
}

/**
 * Jobs answer a missing job or run with 400 INVALID_PARAMETER_VALUE "... does not exist"; the SDKs
 * remap it to NotFound, and so do we.
 */
export function remapError(error: unknown): unknown {
  if (error instanceof InvalidRequest) {
    const text = `${error.message} ${error.bodyExcerpt ?? ''}`;
    if (/does not exist|doesn't exist/i.test(text)) {
      return new NotFound(error.message, error.details());
    }
  }
  return error;
}
