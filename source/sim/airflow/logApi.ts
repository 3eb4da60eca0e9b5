// Task logs (reference §5.9). v1: `text/plain` = whole log; JSON = `{content: "<python repr of
// [(host, text)]>", continuation_token}` with a char-offset token. v2: JSON `{content: [structured
// lines], continuation_token}` (token only while the try runs; line-count offset, the fixed 3.3.1
// behaviour) or NDJSON lines; `text/plain` → 406.

import type { AirflowState } from './airflowState.js';
import { apiError } from './apiError.js';
import { type ApiRequest, findRun, findTi } from './readApi.js';
import { type LogLine, taskLogLines } from './taskLog.js';

export interface LogResult {
  status: number;
  contentType: string;
  /** Lines sent one by one (so a dropped-stream fault can cut between them). */
  lines: string[];
  headers?: Record<string, string>;
}

const encodeToken = (meta: object) => Buffer.from(JSON.stringify(meta)).toString('base64url');

function decodeToken(req: ApiRequest, token: string): { log_pos: number; end_of_log: boolean } {
  try {
    const meta = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      log_pos?: unknown;
      end_of_log?: unknown;
    };
    if (typeof meta.log_pos === 'number')
      return { log_pos: meta.log_pos, end_of_log: meta.end_of_log === true };
  } catch {
    // fall through
  }
  throw apiError(req.flavour, 400, 'Bad Signature. Please use only the tokens provided by the API.');
}

function textLine(line: LogLine): string {
  const ts = new Date(line.timestamp).toISOString().replace('T', ' ').replace('Z', '+0000');
  const level = line.level.toUpperCase().replace('WARNING', 'WARNING');
  const text = `[${ts}] {${line.loc}} ${level} - ${line.event}`;
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

const pyRepr = (text: string) =>
  `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

export function readLog(
  state: AirflowState,
  req: ApiRequest,
  accept: string,
  p: { dagId: string; runId: string; taskId: string; tryNumber: number },
): LogResult {
  const run = findRun(state, req.flavour, p.dagId, p.runId);
  const mapIndex = req.query.has('map_index') ? Number(req.query.get('map_index')) : -1;
  const ti = findTi(req.flavour, run, p.taskId, mapIndex);
  const attempt = ti.attempts.find((a) => a.tryNumber === p.tryNumber);
  if (req.flavour === 3 && accept.includes('text/plain') && !accept.includes('json')) {
    throw apiError(3, 406, 'Only application/json or application/x-ndjson is supported');
  }
  if (!attempt)
    throw apiError(
      req.flavour,
      404,
      req.flavour === 3 ? 'TaskInstance not found' : 'Task instance did not exist in the DB',
    );
  const lines = taskLogLines(state, run, ti, attempt, state.clock.now());
  const endOfLog = attempt.end !== null;
  const full = req.query.get('full_content') === 'true';
  const token = req.query.get('token');
  const host = attempt.hostname;
  const source = `/opt/airflow/logs/dag_id=${run.dagId}/run_id=${run.runId}/task_id=${ti.def.taskId}/attempt=${attempt.tryNumber}.log`;

  if (req.flavour === 2) {
    const header = `*** Found local files:\n***   * ${source}\n`;
    const body = lines.map(textLine).join('\n');
    const whole = `${header}${body}\n`;
    if (accept.includes('text/plain'))
      return { status: 200, contentType: 'text/plain', lines: [`${host}\n`, whole] };
    const pos = token && !full ? decodeToken(req, token).log_pos : 0;
    const text = pos > 0 ? `${body}\n`.slice(Math.max(0, pos - header.length)) : whole;
    const content = `[(${pyRepr(host)}, ${pyRepr(text)})]`;
    const json = JSON.stringify({
      content,
      continuation_token: encodeToken({ end_of_log: endOfLog, log_pos: whole.length }),
    });
    return { status: 200, contentType: 'application/json', lines: [json] };
  }

  const head = [
    { event: '::group::Log message source details', sources: [source] },
    { event: '::endgroup::' },
  ];
  const from = token && !full ? decodeToken(req, token).log_pos : 0;
  const items = [...(from > 0 ? [] : head), ...lines.slice(from).map(structured)];
  const nextToken = endOfLog ? null : encodeToken({ end_of_log: false, log_pos: lines.length });
  if (accept.includes('application/x-ndjson')) {
    return {
      status: 200,
      contentType: 'application/x-ndjson',
      lines: items.map((item) => `${JSON.stringify(item)}\n`),
      headers: nextToken ? { 'Airflow-Continuation-Token': nextToken } : {},
    };
  }
  return {
    status: 200,
    contentType: 'application/json',
    lines: [JSON.stringify({ content: items, continuation_token: nextToken })],
  };
}
