// Airflow explains refusals in the body: v1 problem+json `{title, detail}`, v2 `{"detail": str}`
// or, for validation, `{"detail": [{loc, msg}]}`. The http layer
// gives us a body excerpt; this puts the server's own words into the one-line message.
import { Conflict, DagdeckError, Forbidden, InvalidRequest, NotFound } from '../core/errors.js';
import { ErrorBody, ValidationIssue } from '../http/errorBody.js';

export function serverDetail(bodyExcerpt: string | undefined): string | undefined {
  if (!bodyExcerpt) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(bodyExcerpt);
  } catch {
    // A truncated excerpt: fall back to the first "detail" string in it, cut or not.
    const match = /"detail"\s*:\s*"((?:[^"\\]|\\.)*)/.exec(bodyExcerpt);
    if (match?.[1]) return firstLine(match[1].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)));
    return undefined;
  }
  const body = ErrorBody.safeParse(json);
  const detail = body.success ? (body.data.detail ?? body.data.title) : undefined;
  if (typeof detail === 'string') return firstLine(detail);
  if (Array.isArray(detail)) return detail.map(formatValidationItem).join('; ');
  if (detail !== undefined) return JSON.stringify(detail);
  // HTML or other non-JSON bodies are not worth repeating in a one-line message.
  return undefined;
}

/**
 * A ParamValidationError's detail is jsonschema's whole report: "Invalid input for param
 * n: 'x' is not of type 'integer'", a blank line, then the schema and the instance. The first
 * line says it all and keeps the message on one line.
 */
function firstLine(detail: string): string {
  return detail.split('\n', 1)[0]?.trimEnd() ?? detail;
}

function formatValidationItem(item: unknown): string {
  const issue = ValidationIssue.safeParse(item);
  if (!issue.success) return typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item);
  const loc = issue.data.loc ? issue.data.loc.filter((part) => part !== 'body').join('.') : '';
  const msg = issue.data.msg ?? JSON.stringify(item);
  return loc ? `${loc}: ${msg}` : msg;
}

/** Rewrites 400/403/404/409/422 errors as "<what> failed: Airflow says …; what to do". */
export function remapAirflowError(error: unknown, what: string): unknown {
  if (!(error instanceof DagdeckError)) return error;
  const detail = serverDetail(error.bodyExcerpt);
  const details = error.details();
  const said = detail ? `Airflow says "${detail}"` : `Airflow answered HTTP ${error.status ?? '?'}`;
  if (error instanceof InvalidRequest) {
    return new InvalidRequest(`${what} failed: ${said}; correct the values and try again`, details);
  }
  if (error instanceof Conflict) return new Conflict(`${what} failed: ${said}`, details);
  if (error instanceof NotFound) {
    return new NotFound(
      `${what} failed: ${said}; it may have been deleted or renamed, refresh the view`,
      details,
    );
  }
  if (error instanceof Forbidden) {
    return new Forbidden(`${what} failed: ${said}; ask an Airflow admin for a role that allows it`, details);
  }
  return error;
}
