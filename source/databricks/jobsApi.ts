// The thin Jobs API 2.2 client: bearer auth from a TokenSource (one re-fetch after a 401), zod at
// the boundary, the jobs "does not exist" 400 remapped to NotFound, and 2.2 inner pages merged.
import type { z } from 'zod';
import {
  AuthError,
  BadResponse,
  type DagdeckError,
  Forbidden,
  InvalidRequest,
  NotFound,
} from '../core/errors.js';
import type { HttpClient, HttpRequest } from '../http/types.js';
import type { TokenSource } from './auth/types.js';
import { appendArrays, JOB_PAGED_ARRAYS, MAX_INNER_PAGES, RUN_PAGED_ARRAYS } from './mergePages.js';
import { Job, type Job as JobT, Run, type Run as RunT } from './schemas.js';

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
}

const API = '/api/2.2';

export function createJobsApi(options: { host: string; http: HttpClient; tokens: TokenSource }): JobsApi {
  const { host, http, tokens } = options;

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
        // An expired or revoked token: fetch a new one once, then give up (reference §6.3).
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
    async getJob(jobId, signal) {
      const job = await api.get('jobs/get', { job_id: jobId }, Job, signal);
      let token = job.next_page_token;
      for (let page = 0; token && page < MAX_INNER_PAGES; page++) {
        const next = await api.get('jobs/get', { job_id: jobId, page_token: token }, Job, signal);
        appendArrays(job.settings, next.settings, JOB_PAGED_ARRAYS);
        token = next.next_page_token;
      }
      delete job.next_page_token;
      return job;
    },
    async getRun(runId, signal) {
      const query = { run_id: runId, include_history: true };
      const run = await api.get('jobs/runs/get', query, Run, signal);
      let token = run.next_page_token;
      for (let page = 0; token && page < MAX_INNER_PAGES; page++) {
        const next = await api.get('jobs/runs/get', { ...query, page_token: token }, Run, signal);
        appendArrays(run, next, RUN_PAGED_ARRAYS);
        token = next.next_page_token;
      }
      delete run.next_page_token;
      return run;
    },
  };
  return api;
}

/**
 * 401, or the 403 "Invalid access token." that workspaces answer for a bad or expired bearer token
 * (reference §7.2, databricks-sdk-go issue #873). A 403 for missing permissions is not retried.
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
 * remap it to NotFound (reference databricks-api.md §7.2), and so do we.
 */
export function remapError(error: unknown): unknown {
  if (error instanceof InvalidRequest) {
    const text = `${error.message} ${error.bodyExcerpt ?? ''}`;
    if (/does not exist|doesn't exist/i.test(text)) {
      return new NotFound(error.message, detailsOf(error));
    }
  }
  return error;
}

function detailsOf(error: DagdeckError) {
  return {
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.bodyExcerpt !== undefined ? { bodyExcerpt: error.bodyExcerpt } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    ...(error.request !== undefined ? { request: error.request } : {}),
    cause: error,
  };
}
