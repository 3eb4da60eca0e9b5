// Airflow 3 returns a task log as structured messages (JSON objects). The console
// shows lines, so each message becomes one or more LogLine: `event` is the text, `logger` (or
// `chan`) the source, `error_detail` is rendered as a Python-style traceback, extra keys are
// appended as key=value like the official UI does, and group markers become a title line. Only a
// message's first line carries its timestamp and source; the lines under it (a multi-line event,
// the traceback) keep the level, so they read as one block, as the official UI shows them.
import { z } from 'zod';
import type { LogLevel, LogLine } from '../core/model.js';

export type StructuredLogEntry = string | ({ event: string } & Record<string, unknown>);

// Keys rendered separately, or TI context the UI hides on every line.
const HIDDEN_KEYS = new Set([
  'event',
  'timestamp',
  'level',
  'logger',
  'chan',
  'error_detail',
  'sources',
  'ti_id',
  'dag_id',
  'task_id',
  'run_id',
  'try_number',
  'map_index',
]);

const LEVELS: Record<string, LogLevel> = {
  debug: 'debug',
  info: 'info',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  exception: 'error',
  critical: 'critical',
  fatal: 'critical',
};

export function flattenStructuredLog(entries: readonly StructuredLogEntry[]): LogLine[] {
  const lines: LogLine[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      for (const text of entry.split('\n')) lines.push({ text });
      continue;
    }
    if (entry.event === '::endgroup::') continue;
    const meta = lineMeta(entry);
    if (entry.event.startsWith('::group::')) {
      lines.push({ ...meta, text: entry.event.slice('::group::'.length) });
      if (Array.isArray(entry.sources)) {
        for (const source of entry.sources) lines.push({ ...meta, text: `  ${String(source)}` });
      }
      continue;
    }
    const text = entry.event + formatExtras(entry);
    const [first = '', ...rest] = text.split('\n');
    lines.push({ ...meta, text: first });
    const under = meta.level ? { level: meta.level } : {};
    for (const part of rest) lines.push({ ...under, text: part });
    for (const part of renderErrorDetail(entry.error_detail)) lines.push({ ...under, text: part });
  }
  return lines;
}

function lineMeta(entry: Record<string, unknown>): Omit<LogLine, 'text'> {
  const meta: { timestamp?: string; level?: LogLevel; source?: string } = {};
  if (typeof entry.timestamp === 'string') meta.timestamp = entry.timestamp;
  const level = typeof entry.level === 'string' ? LEVELS[entry.level.toLowerCase()] : undefined;
  if (level) meta.level = level;
  const source = typeof entry.logger === 'string' ? entry.logger : entry.chan;
  if (typeof source === 'string') meta.source = source;
  return meta;
}

function formatExtras(entry: Record<string, unknown>): string {
  const extras = Object.entries(entry).filter(([key, value]) => !HIDDEN_KEYS.has(key) && value !== undefined);
  return extras
    .map(([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('');
}

/** One exception of `error_detail`; its fields are printed with String(), so any type will do. */
const StructuredException = z.looseObject({
  exc_type: z.unknown().optional(),
  exc_value: z.unknown().optional(),
  frames: z.array(z.unknown()).optional().catch(undefined),
});
const StackFrame = z.looseObject({
  filename: z.unknown().optional(),
  lineno: z.unknown().optional(),
  name: z.unknown().optional(),
});

function renderErrorDetail(detail: unknown): string[] {
  if (detail === undefined || detail === null) return [];
  // Some producers send a pre-rendered traceback string.
  if (typeof detail === 'string') return detail.split('\n');
  if (!Array.isArray(detail)) return [JSON.stringify(detail)];
  const out: string[] = [];
  for (const item of detail) {
    const exception = StructuredException.safeParse(item);
    if (!exception.success) continue;
    const record = exception.data;
    out.push('Traceback (most recent call last):');
    for (const frame of record.frames ?? []) {
      const parsed = StackFrame.safeParse(frame);
      if (!parsed.success) continue;
      const f = parsed.data;
      out.push(
        `  File "${String(f.filename ?? '?')}", line ${String(f.lineno ?? '?')}, in ${String(f.name ?? '?')}`,
      );
    }
    const value =
      record.exc_value === undefined || record.exc_value === '' ? '' : `: ${String(record.exc_value)}`;
    out.push(`${String(record.exc_type ?? 'Exception')}${value}`);
  }
  return out;
}
