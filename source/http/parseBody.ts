// A successful answer's text as what the caller asked for: JSON, text or NDJSON lines. The result
// is `unknown`: every caller checks its shape with its own zod schema.
import type { DagdeckError } from '../core/errors.js';
import { htmlBodyError, isHtml, malformedError, type RequestContext } from './mapHttpError.js';
import type { HttpRequest } from './types.js';

export type ParsedBody = { ok: true; body: unknown } | { ok: false; error: DagdeckError };

export function parseBody(
  request: HttpRequest,
  context: RequestContext,
  status: number,
  contentType: string | undefined,
  text: string,
): ParsedBody {
  const accept = request.accept ?? 'json';
  // A 204 (or any empty answer) has no body to parse.
  if (status === 204 || (text === '' && accept !== 'text')) return { ok: true, body: undefined };
  if (accept === 'text') return { ok: true, body: text };
  if (isHtml(contentType, text)) return { ok: false, error: htmlBodyError(context, status, text) };
  if (accept === 'ndjson') {
    const items: unknown[] = [];
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; index++) {
      const line = (lines[index] ?? '').trim();
      if (line === '') continue;
      try {
        items.push(JSON.parse(line));
      } catch (error) {
        const why = `line ${index + 1}: ${error instanceof Error ? error.message : String(error)}`;
        return { ok: false, error: malformedError(context, status, line, why) };
      }
    }
    return { ok: true, body: items };
  }
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, error: malformedError(context, status, text, why) };
  }
}
