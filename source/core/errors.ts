// Typed errors. Every failure that reaches a user is one of these, shown as one line:
// what failed, why, what to do. The http layer raises them; backends may raise them too.

export interface ErrorDetails {
  /** HTTP status, when the failure came from a response. */
  status?: number;
  /** A short, redacted, sanitised excerpt of the response body. */
  bodyExcerpt?: string;
  /** The server's request id (x-request-id, x-databricks-request-id...), for support tickets. */
  requestId?: string;
  /** METHOD and URL (without credentials or query secrets) of the request that failed. */
  request?: string;
  cause?: unknown;
}

export abstract class DagdeckError extends Error {
  abstract readonly code: string;
  readonly status: number | undefined;
  readonly bodyExcerpt: string | undefined;
  readonly requestId: string | undefined;
  readonly request: string | undefined;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.bodyExcerpt = details.bodyExcerpt;
    this.requestId = details.requestId;
    this.request = details.request;
  }

  /** What this error knows of the request, with itself as the cause: for an error that says it better. */
  details(): ErrorDetails {
    const details: ErrorDetails = { cause: this };
    if (this.status !== undefined) details.status = this.status;
    if (this.bodyExcerpt !== undefined) details.bodyExcerpt = this.bodyExcerpt;
    if (this.requestId !== undefined) details.requestId = this.requestId;
    if (this.request !== undefined) details.request = this.request;
    return details;
  }

  /** One line for the screen: the message plus the request id when there is one. */
  oneLine(): string {
    const id = this.requestId ? ` (request id ${this.requestId})` : '';
    return `${this.message}${id}`.replace(/\s*\n\s*/g, ' ');
  }
}

/** 401, or credentials missing or rejected. */
export class AuthError extends DagdeckError {
  readonly code = 'auth';
}
/** 403: authenticated but not allowed. */
export class Forbidden extends DagdeckError {
  readonly code = 'forbidden';
}
export class NotFound extends DagdeckError {
  readonly code = 'not_found';
}
/** 409: the thing already exists or is in that state (duplicate run id, already success...). */
export class Conflict extends DagdeckError {
  readonly code = 'conflict';
}
/** 400/422: the server refused the request as invalid. */
export class InvalidRequest extends DagdeckError {
  readonly code = 'invalid_request';
}
export class RateLimited extends DagdeckError {
  readonly code = 'rate_limited';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: ErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}
/** 5xx, connection refused/reset, DNS failure: the server is not answering properly. */
export class Unavailable extends DagdeckError {
  readonly code = 'unavailable';
}
export class Timeout extends DagdeckError {
  readonly code = 'timeout';
}
/** The response could not be understood: HTML instead of JSON, schema mismatch, too large. */
export class BadResponse extends DagdeckError {
  readonly code = 'bad_response';
}
/** The local configuration is missing, corrupt or refuses the operation. */
export class ConfigError extends DagdeckError {
  readonly code = 'config';
}
/**
 * The command line was given something it cannot act on: a bad option value, a DAG, run or task
 * that does not exist, parameters that do not match their schema, no terminal to confirm on.
 * Nothing was sent.
 */
export class UsageError extends DagdeckError {
  readonly code = 'usage';
}
/** The operation is refused locally (read-only context, capability missing). */
export class Refused extends DagdeckError {
  readonly code = 'refused';
}

export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR')
  );
}

/** A one-line message for any thrown value, never a stack trace. */
export function errorLine(error: unknown): string {
  if (error instanceof DagdeckError) return error.oneLine();
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
