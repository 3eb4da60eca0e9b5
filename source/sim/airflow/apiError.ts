// Error bodies as each API version writes them: v1 RFC 7807 problem+json with
// 400 for validation; v2 FastAPI `{"detail": …}` with 422 `{"detail": [{type, loc, msg, input}]}`.
import type { Flavour } from './views.js';

export class AirflowApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
    readonly contentType = 'application/json',
  ) {
    super(
      typeof body === 'object' && body && 'detail' in body
        ? String((body as { detail: unknown }).detail)
        : 'error',
    );
  }
}

const TITLES: Record<number, [string, string]> = {
  400: ['Bad Request', 'BadRequest'],
  401: ['Unauthorized', 'Unauthenticated'],
  403: ['Forbidden', 'PermissionDenied'],
  404: ['Not Found', 'NotFound'],
  406: ['Not Acceptable', 'NotAcceptable'],
  409: ['Conflict', 'AlreadyExists'],
  429: ['Too Many Requests', 'TooManyRequests'],
  500: ['Internal Server Error', 'Unknown'],
  503: ['Service Unavailable', 'Unknown'],
};

export function problem(status: number, detail: string, title?: string): unknown {
  const [defaultTitle, section] = TITLES[status] ?? ['Error', 'Unknown'];
  return {
    detail,
    status,
    title: title ?? defaultTitle,
    type: `https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/${section}`,
  };
}

/** v1 answers errors as RFC 7807 problem+json (connexion), v2 as plain JSON (FastAPI). */
export const errorContentType = (flavour: Flavour): string =>
  flavour === 2 ? 'application/problem+json' : 'application/json';

export function apiError(
  flavour: Flavour,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): AirflowApiError {
  return flavour === 2
    ? new AirflowApiError(status, problem(status, detail), headers, errorContentType(2))
    : new AirflowApiError(status, { detail }, headers);
}

export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

/** A body/query validation failure: 422 list on v2, 400 problem on v1. */
export function invalid(flavour: Flavour, issues: ValidationIssue[]): AirflowApiError {
  if (flavour === 3) return new AirflowApiError(422, { detail: issues });
  const text = issues.map((i) => `${i.loc.at(-1) ?? ''}: ${i.msg}`).join('; ');
  return apiError(2, 400, `{${text}}`);
}

export const faultBodyFor = (flavour: Flavour) => (status: number) =>
  flavour === 2
    ? problem(status, TITLES[status]?.[0] ?? 'Error')
    : { detail: TITLES[status]?.[0] ?? 'Error' };
