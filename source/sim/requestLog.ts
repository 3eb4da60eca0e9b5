// The simulators' request log: one JSON line per request, appended to a file, so a test can prove
// which requests a client sent, and that it sent none (a refused write under --read-only). A line
// is written when the exchange ends: `status` is the status answered, or null when the connection
// was dropped without a complete answer (a reset, a stalled body). Query values that look like
// credentials are masked; the simulators never take credentials in the query, but a client might.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestLogEntry {
  /** ISO-8601, real time (the virtual clock may be frozen). */
  time: string;
  server: 'airflow' | 'databricks';
  method: string;
  /** Path and query, with credential-like query values masked. */
  path: string;
  status: number | null;
}

export interface RequestLog {
  /** Logs this exchange once it ends. */
  watch(request: IncomingMessage, response: ServerResponse): void;
  close(): void;
}

const SECRET_NAME = /token|secret|password|passwd|key|code|signature|sig$|auth|credential/i;
/** Paging cursors, not credentials. */
const CURSOR_NAME = /^(page_token|next_page_token|continuation_token)$/i;

export function openRequestLog(file: string, server: RequestLogEntry['server']): RequestLog {
  const fd = openSync(file, 'a', 0o600);
  let open = true;
  return {
    watch(request, response) {
      response.once('close', () => {
        if (!open) return;
        const entry: RequestLogEntry = {
          time: new Date().toISOString(),
          server,
          method: request.method ?? 'GET',
          path: maskedPath(request.url ?? '/'),
          status: response.writableFinished ? response.statusCode : null,
        };
        // One write per line, appended: the two simulators may share the file.
        writeSync(fd, `${JSON.stringify(entry)}\n`);
      });
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

function maskedPath(url: string): string {
  const parsed = new URL(url, 'http://sim');
  for (const [name] of [...parsed.searchParams]) {
    if (SECRET_NAME.test(name) && !CURSOR_NAME.test(name)) parsed.searchParams.set(name, '***');
  }
  return `${parsed.pathname}${parsed.search}`;
}
