// A log read with a continuation token that the server could not serve: 400 "Bad Signature" (a
// token from a server whose secret changed), the HTTP 500 some Airflow 3 releases answer while a
// task runs, or an answer we cannot read. Reading the whole log again, diffed by position, still
// works; a server that is down (no answer, 502/503/504) is not this, and is retried as it is.
import { BadResponse, InvalidRequest, Unavailable } from '../core/errors.js';

export function isTokenRefusal(error: unknown): boolean {
  return (
    error instanceof InvalidRequest ||
    error instanceof BadResponse ||
    (error instanceof Unavailable && error.status === 500)
  );
}
