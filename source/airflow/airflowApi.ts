// The thin request layer both adapters share: joins the API prefix to the base URL, adds auth,
// renews once after a 401 (and after v2's 403 "Invalid JWT token"), parses every
// body with zod, and rewrites refusals with the server's own words.
import type { z } from 'zod';
import { AuthError, BadResponse, Forbidden, NotFound } from '../core/errors.js';
import { DEFAULT_LIST_LIMITS, type ListLimits } from '../http/listLimits.js';
import type { HttpClient, HttpMethod, HttpRequest, HttpStream } from '../http/types.js';
import type { Authenticator } from './airflowAuth.js';
import { joinBaseUrl } from './joinBaseUrl.js';
import { remapAirflowError, serverDetail } from './remapAirflowError.js';

export interface ApiRequest {
  method: HttpMethod;
  /** Path below the API prefix, already encoded (see apiPath). */
  path: string;
  /** What this request does, for error messages: "list DAG runs of fintech_eod_risk". */
  what: string;
  query?: HttpRequest['query'];
  json?: unknown;
  signal?: AbortSignal | undefined;
  idempotent?: boolean;
  accept?: 'json' | 'text';
  acceptHeader?: string;
}

export interface AirflowApi {
  readonly baseUrl: string;
  readonly authenticator: Authenticator;
  /** The ceiling and deadline of every list read through this API. */
  readonly lists: ListLimits;
  call<S extends z.ZodType>(request: ApiRequest, schema: S): Promise<z.output<S>>;
  /** Like call(), but a 404 means "absent" and gives undefined. */
  find<S extends z.ZodType>(request: ApiRequest, schema: S): Promise<z.output<S> | undefined>;
  /** The response body as it arrives (task logs of any size); auth and errors as call(). */
  stream(request: ApiRequest): Promise<HttpStream>;
  /** The API's own URL of a path, for the browser links. */
  url(path: string): string;
}

export function createAirflowApi(options: {
  baseUrl: string;
  prefix: '/api/v1' | '/api/v2';
  http: HttpClient;
  authenticator: Authenticator;
  lists?: ListLimits;
}): AirflowApi {
  const { baseUrl, prefix, http, authenticator } = options;

  const send = async <T>(
    request: ApiRequest,
    perform: (httpRequest: HttpRequest) => Promise<T>,
  ): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const headers = await authenticator.headers(request.signal);
      const httpRequest: HttpRequest = {
        method: request.method,
        url: joinBaseUrl(baseUrl, `${prefix}${request.path}`),
        headers,
        service: 'Airflow',
      };
      if (request.query) httpRequest.query = request.query;
      if (request.json !== undefined) httpRequest.json = request.json;
      if (request.signal) httpRequest.signal = request.signal;
      if (request.idempotent !== undefined) httpRequest.idempotent = request.idempotent;
      if (request.accept) httpRequest.accept = request.accept;
      if (request.acceptHeader) httpRequest.acceptHeader = request.acceptHeader;
      try {
        return await perform(httpRequest);
      } catch (error) {
        const expired =
          (error instanceof AuthError && error.status === 401) ||
          (error instanceof Forbidden && /invalid jwt/i.test(serverDetail(error.bodyExcerpt) ?? ''));
        if (expired && attempt === 0) {
          authenticator.renew();
          continue;
        }
        if (error instanceof AuthError) throw authenticator.rejected(error);
        if (expired && error instanceof Forbidden) throw authenticator.rejected(new AuthError(error.message));
        throw remapAirflowError(error, request.what);
      }
    }
  };

  // Unchecked: call() and find() parse it with the caller's schema.
  const readBody = async (httpRequest: HttpRequest): Promise<unknown> =>
    (await http.request(httpRequest)).body;

  const parse = <S extends z.ZodType>(request: ApiRequest, schema: S, body: unknown): z.output<S> => {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unknown shape';
    throw new BadResponse(
      `${request.what} failed: Airflow's answer has an unexpected shape (${where}); check that the URL points at Airflow and its version is supported`,
      { request: `${request.method} ${prefix}${request.path}` },
    );
  };

  return {
    baseUrl,
    authenticator,
    lists: options.lists ?? DEFAULT_LIST_LIMITS,
    call: async (request, schema) => parse(request, schema, await send(request, readBody)),
    find: async (request, schema) => {
      try {
        return parse(request, schema, await send(request, readBody));
      } catch (error) {
        if (error instanceof NotFound) return undefined;
        throw error;
      }
    },
    stream: (request) => send(request, (httpRequest) => http.stream(httpRequest)),
    url: (path) => joinBaseUrl(baseUrl, path),
  };
}
