// The audit trail on disk: one JSON line per record in audit.jsonl in the state directory, mode
// 0600 in a 0700 directory, appended with O_APPEND (records from two consoles never interleave) and
// rotated by size (audit.jsonl.1 … .3). Reading skips lines that are not records rather than failing.
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AuditRecord, AuditSink } from '../core/audit.js';
import { ConfigError } from '../core/errors.js';

export const AUDIT_FILE = 'audit.jsonl';
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_KEEP = 3;

export interface AuditLogOptions {
  dir: string;
  /** Rotate once the file is this big. */
  maxBytes?: number;
  /** Rotated files kept. */
  keep?: number;
}

export interface AuditLog extends AuditSink {
  readonly path: string;
}

export function createAuditLog(options: AuditLogOptions): AuditLog {
  const path = join(options.dir, AUDIT_FILE);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_KEEP;
  return {
    path,
    append(record) {
      try {
        mkdirSync(options.dir, { recursive: true, mode: 0o700 });
        rotateIfFull(path, maxBytes, keep);
        appendFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o600, flag: 'a' });
        // A file created by an older version, or by hand, is tightened as well.
        if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
      } catch (error) {
        throw new ConfigError(
          `the audit trail ${path} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}): fix its directory's permissions or set DAGDECK_STATE_DIR`,
          { cause: error },
        );
      }
    },
  };
}

function rotateIfFull(path: string, maxBytes: number, keep: number): void {
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    return;
  }
  if (size < maxBytes) return;
  for (let index = keep - 1; index >= 1; index--) {
    const from = `${path}.${index}`;
    if (existsSync(from)) renameSync(from, `${path}.${index + 1}`);
  }
  renameSync(path, `${path}.1`);
}

const AuditLine = z.looseObject({
  time: z.string(),
  context: z.string(),
  backend: z.enum(['airflow', 'databricks']),
  phase: z.enum(['intent', 'outcome', 'refused']),
  action: z.string(),
  target: z.string(),
  plan: z.string(),
});

export interface AuditQuery {
  /** Only records at or after this time (epoch ms). */
  since?: number;
  context?: string;
}

/** Every record of the trail (rotated files first), oldest first, filtered by `query`. */
export function readAuditLog(dir: string, query: AuditQuery = {}, keep = DEFAULT_KEEP): AuditRecord[] {
  const path = join(dir, AUDIT_FILE);
  const files = [...Array.from({ length: keep }, (_, i) => `${path}.${keep - i}`), path];
  const records: AuditRecord[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue;
      }
      const checked = AuditLine.safeParse(parsed);
      if (!checked.success) continue;
      const record = checked.data as unknown as AuditRecord;
      if (query.context !== undefined && record.context !== query.context) continue;
      if (query.since !== undefined && Date.parse(record.time) < query.since) continue;
      records.push(record);
    }
  }
  return records;
}
