// Task logs, as Airflow's log endpoint serves them. v1: `text/plain` = the host line and the whole log; JSON =
// `{content: "<python repr of [(host, text)]>", continuation_token}`, the token resuming after the
// text already sent (without the "*** Found" header). v2: JSON `{content: [structured lines],
// continuation_token}` (a token only while the try runs) or NDJSON lines; `text/plain` → 406. How
// a v2 token resumes depends on the version the simulator reports, as on the real releases: up to
// 3.2.1 it re-sends the whole log, from 3.2.2 to 3.3.0 it fails with HTTP 500 while the try runs,
// from 3.3.1 it resumes at its line. Bodies are generated lazily, one record at a time, so a
// million-line log streams without being built in memory.

import type { AirflowState } from './airflowState.js';
import { apiError } from './apiError.js';
import { type ApiRequest, findRun, findTi } from './readApi.js';
import { type LogLine, taskLog } from './taskLog.js';

export interface LogResult {
  status: number;
  contentType: string;
  /** The body, one record (a log line, an item) per element, so a dropped-stream fault can cut between them. */
  records: Iterable<string>;
  headers?: Record<string, string>;
}

interface V1Token {
  end_of_log: boolean;
  /** Characters of the log text sent so far, as Airflow counts them. */
  log_pos: number;
  /** Simulator only: the next log line, so a resume does not re-count the text. */
  line: number;
}

const encodeToken = (meta: object) => Buffer.from(JSON.stringify(meta)).toString('base64url');

function decodeToken(req: ApiRequest, token: string): V1Token {
  try {
    const meta = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<V1Token>;
    if (typeof meta.log_pos === 'number') {
      return {
        log_pos: meta.log_pos,
        end_of_log: meta.end_of_log === true,
        line: typeof meta.line === 'number' ? meta.line : meta.log_pos,
      };
    }
  } catch {
    // fall through
  }
  throw apiError(req.flavour, 400, 'Bad Signature. Please use only the tokens provided by the API.');
}

function textLine(line: LogLine): string {
  const ts = new Date(line.timestamp).toISOString().replace('T', ' ').replace('Z', '+0000');
  const text = `[${ts}] {${line.loc}} ${line.level.toUpperCase()} - ${line.event}`;
  return line.errorDetail
    ? `${text}\nTraceback (most recent call last):\n  File "/opt/airflow/dags/${line.loc}", line 42, in execute\n${line.errorDetail.excType}: ${line.errorDetail.excValue}`
    : text;
}

function structured(line: LogLine): Record<string, unknown> {
  const out: Record<string, unknown> = {
    timestamp: new Date(line.timestamp).toISOString(),
    level: line.level,
    event: line.event,
    logger: line.logger,
  };
  if (line.errorDetail) {
    out.error_detail = [
      {
        exc_type: line.errorDetail.excType,
        exc_value: line.errorDetail.excValue,
        exc_notes: [],
        is_cause: false,
        syntax_error: null,
        frames: [{ filename: `/opt/airflow/dags/${line.loc.split(':')[0]}`, lineno: 42, name: 'execute' }],
      },
    ];
  }
  return out;
}

// What Python's repr() escapes: controls, format characters (bidi, zero-width), surrogates, line
// and paragraph separators, and spaces other than ' '.
const PY_UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu;
const PY_NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The inside of a Python str literal quoted with `quote`, as repr() writes it. */
function pyEscape(text: string, quote: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`)
    .replace(PY_UNPRINTABLE, (char) => {
      const named = PY_NAMED[char];
      if (named) return named;
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
      if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
      return `\\U${code.toString(16).padStart(8, '0')}`;
    });
}

/** Python picks double quotes for a string with a ' and no ". */
function pyQuote(texts: Iterable<string>): string {
  let single = false;
  for (const text of texts) {
    if (text.includes('"')) return "'";
    if (text.includes("'")) single = true;
  }
  return single ? '"' : "'";
}

/** A JSON string's inside. */
const jsonInside = (text: string) => JSON.stringify(text).slice(1, -1);

/** The version, e.g. 3.2.1, as [3, 2, 1]. */
function versionParts(version: string): number[] {
  return version
    .split(/[^0-9]+/)
    .slice(0, 3)
    .map(Number);
}
function versionBefore(version: string, release: readonly number[]): boolean {
  const parts = versionParts(version);
  for (let i = 0; i < release.length; i++) {
    const have = parts[i] ?? 0;
    const want = release[i] ?? 0;
    if (have !== want) return have < want;
  }
  return false;
}

export function readLog(
  state: AirflowState,
  req: ApiRequest,
  accept: string,
  p: { dagId: string; runId: string; taskId: string; tryNumber: number; version: string },
): LogResult {
  const run = findRun(state, req.flavour, p.dagId, p.runId);
  const mapIndex = req.query.has('map_index') ? Number(req.query.get('map_index')) : -1;
  const ti = findTi(req.flavour, run, p.taskId, mapIndex);
  const attempt = ti.attempts.find((a) => a.tryNumber === p.tryNumber);
  if (req.flavour === 3 && accept.includes('text/plain') && !accept.includes('json')) {
    throw apiError(3, 406, 'Only application/json or application/x-ndjson is supported');
  }
  // A queued try has its number but no log yet: the task instance is found, its log is empty.
  const queued = !attempt && ti.state === 'queued' && ti.tryNumber === p.tryNumber;
  if (!attempt && !queued)
    throw apiError(
      req.flavour,
      404,
      req.flavour === 3 ? 'TaskInstance not found' : 'Task instance did not exist in the DB',
    );
  const log = attempt ? taskLog(state, run, ti, attempt) : undefined;
  const count = log?.count(state.clock.now()) ?? 0;
  const endOfLog = attempt ? attempt.end !== null : false;
  const full = req.query.get('full_content') === 'true';
  const token = req.query.get('token');
  const host = attempt?.hostname ?? '';
  const source = `/opt/airflow/logs/dag_id=${run.dagId}/run_id=${run.runId}/task_id=${ti.def.taskId}/attempt=${p.tryNumber}.log`;
  const lines = function* (from: number): Generator<LogLine> {
    for (let i = from; i < count; i++) if (log) yield log.line(i);
  };

  if (req.flavour === 2) {
    const header = `*** Found local files:\n***   * ${source}\n`;
    if (accept.includes('text/plain')) {
      return {
        status: 200,
        contentType: 'text/plain',
        records: (function* () {
          yield `${host}\n`;
          yield header;
          for (const line of lines(0)) yield `${textLine(line)}\n`;
        })(),
      };
    }
    const resumed = token && !full ? decodeToken(req, token) : undefined;
    const from = resumed ? Math.min(resumed.line, count) : 0;
    const texts = () => [
      ...(resumed ? [] : [header]),
      ...Array.from(lines(from), (line) => `${textLine(line)}\n`),
    ];
    const quote = pyQuote(texts());
    let sent = 0;
    return {
      status: 200,
      contentType: 'application/json',
      records: (function* () {
        yield `{"content": "${jsonInside(`[(${quote}${pyEscape(host, quote)}${quote}, ${quote}`)}`;
        for (const text of texts()) {
          // Airflow counts characters (code points) of the log text, without the header.
          if (text !== header) sent += Array.from(text).length;
          yield jsonInside(pyEscape(text, quote));
        }
        const next: V1Token = { end_of_log: endOfLog, log_pos: (resumed?.log_pos ?? 0) + sent, line: count };
        yield `${jsonInside(`${quote})]`)}", "continuation_token": ${JSON.stringify(encodeToken(next))}}`;
      })(),
    };
  }

  const head = [
    { event: '::group::Log message source details', sources: [source] },
    { event: '::endgroup::' },
  ];
  let from = 0;
  let items: Iterable<Record<string, unknown>>;
  if (token && !full) {
    const at = decodeToken(req, token).log_pos;
    if (versionBefore(p.version, [3, 2, 2])) {
      // The resume offset was dropped: the whole log again, without its header.
      from = 0;
    } else if (versionBefore(p.version, [3, 3, 1]) && !endOfLog) {
      // "Invalid log stream type ... Got islice": a running try cannot be resumed.
      throw new LogServerError();
    } else {
      from = Math.min(at, count);
    }
    items = (function* () {
      for (const line of lines(from)) yield structured(line);
    })();
  } else {
    items = (function* () {
      yield* head;
      for (const line of lines(0)) yield structured(line);
    })();
  }
  const nextToken = endOfLog ? null : encodeToken({ end_of_log: false, log_pos: count });
  if (accept.includes('application/x-ndjson')) {
    return {
      status: 200,
      contentType: 'application/x-ndjson',
      records: (function* () {
        for (const item of items) yield `${JSON.stringify(item)}\n`;
      })(),
      headers: nextToken ? { 'Airflow-Continuation-Token': nextToken } : {},
    };
  }
  return {
    status: 200,
    contentType: 'application/json',
    records: (function* () {
      yield '{"content": [';
      let first = true;
      for (const item of items) {
        yield `${first ? '' : ', '}${JSON.stringify(item)}`;
        first = false;
      }
      yield `], "continuation_token": ${JSON.stringify(nextToken)}}`;
    })(),
  };
}

/** The unhandled exception of Airflow 3.2.2-3.3.0 when a running try's log is resumed. */
export class LogServerError extends Error {
  constructor() {
    super('TypeError: Invalid log stream type. Expected a generator or list. Got islice');
  }
}
