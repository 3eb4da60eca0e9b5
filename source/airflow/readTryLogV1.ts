// One pass over a try's log on Airflow 2. While the try runs, the
// JSON form is read with its continuation token: the first read returns the log so far (behind
// "*** " lines saying where it was found), later reads only the text written since, which may end
// in the middle of a line (held back in the cursor until it is complete). A finished try, a token
// the server refuses, or a log too large for one JSON answer is read as text/plain instead,
// streamed, and diffed by position: the lines already delivered are skipped.

import { BadResponse } from '../core/errors.js';
import type { LogStep } from '../core/followPolled.js';
import type { LogCursor, LogLine } from '../core/model.js';
import type { AirflowApi } from './airflowApi.js';
import type { TryLogRead } from './airflowDialect.js';
import { isTokenRefusal } from './isTokenRefusal.js';
import { parsePythonLogContent } from './parsePythonLogContent.js';
import { parseTextLogLine } from './parseTextLog.js';
import { TaskLogV1 } from './schemas-v1.js';
import { textLines } from './textLines.js';

const HEADER = '*** ';

export async function* readTryLogV1(api: AirflowApi, read: TryLogRead): AsyncGenerator<LogStep, LogCursor> {
  let cursor = read.cursor;
  if (cursor.token && read.tokens.use) {
    try {
      const log = await readJson(api, read, cursor.token);
      // A resumed read carries only the new text, without the header.
      const step = fromText(cursor, `${cursor.partial ?? ''}${log.text}`, {
        header: false,
        skip: 0,
        final: read.final,
        token: log.token,
      });
      if (step.lines.length > 0) yield step;
      return step.cursor;
    } catch (error) {
      if (!isTokenRefusal(error)) throw error;
      read.tokens.use = false;
      cursor = restart(cursor);
    }
  }
  if (!read.final && read.tokens.use) {
    try {
      const log = await readJson(api, read, undefined);
      const step = fromText(cursor, log.text, {
        header: true,
        skip: cursor.position,
        final: false,
        token: log.token,
      });
      if (step.lines.length > 0) yield step;
      return step.cursor;
    } catch (error) {
      // Too large for one JSON answer, or content we cannot read: text/plain serves every size.
      if (!(error instanceof BadResponse)) throw error;
      read.tokens.use = false;
    }
  }
  return yield* readText(api, read, restart(cursor));
}

async function readJson(
  api: AirflowApi,
  read: TryLogRead,
  token: string | undefined,
): Promise<{ text: string; token: string | undefined }> {
  const log = await api.call(
    {
      ...read.request,
      acceptHeader: 'application/json',
      query: { ...read.request.query, ...(token ? { token } : {}) },
    },
    TaskLogV1,
  );
  const text = parsePythonLogContent(log.content)
    .map((part) => part.text)
    .join('');
  return { text, token: log.continuation_token ?? undefined };
}

async function* readText(
  api: AirflowApi,
  read: TryLogRead,
  start: LogCursor,
): AsyncGenerator<LogStep, LogCursor> {
  const stream = await api.stream({
    ...read.request,
    accept: 'text',
    acceptHeader: 'text/plain',
    query: { ...read.request.query, full_content: true },
  });
  let cursor = start;
  const showHeader = !start.headerShown;
  let line = 0;
  let inHeader = true;
  let body = 0;
  try {
    const split = textLines(stream.body);
    for (;;) {
      const next = await split.next();
      if (next.done) {
        // A last line without its newline is still being written, unless the try has ended.
        if (read.final && next.value !== '') {
          body += 1;
          if (body > start.position) {
            cursor = { ...cursor, position: body, headerShown: true };
            yield { lines: [parseTextLogLine(next.value)], cursor };
          }
        }
        return { ...cursor, position: Math.max(start.position, body), headerShown: true };
      }
      const lines: LogLine[] = [];
      for (const text of next.value) {
        line += 1;
        // The first line names the host the log came from.
        if (line === 1) continue;
        if (inHeader && text.startsWith(HEADER)) {
          if (showHeader) lines.push({ text });
          continue;
        }
        inHeader = false;
        body += 1;
        if (body > start.position) lines.push(parseTextLogLine(text));
      }
      cursor = { ...cursor, position: Math.max(start.position, body), headerShown: true };
      if (lines.length > 0) yield { lines, cursor };
    }
  } finally {
    stream.cancel();
  }
}

/** The lines of `text` after `skip` body lines; the text after the last newline is held back. */
function fromText(
  cursor: LogCursor,
  text: string,
  options: { header: boolean; skip: number; final: boolean; token: string | undefined },
): LogStep {
  const parts = text.split('\n').map((part) => (part.endsWith('\r') ? part.slice(0, -1) : part));
  let held = parts.pop() ?? '';
  const lines: LogLine[] = [];
  let first = 0;
  if (options.header) {
    while (first < parts.length && (parts[first] as string).startsWith(HEADER)) {
      if (!cursor.headerShown) lines.push({ text: parts[first] as string });
      first += 1;
    }
  }
  const body = parts.slice(first);
  for (const part of body.slice(options.skip)) lines.push(parseTextLogLine(part));
  let position = options.header ? Math.max(options.skip, body.length) : cursor.position + body.length;
  if (options.final && held !== '') {
    lines.push(parseTextLogLine(held));
    position += 1;
    held = '';
  }
  const { token: _token, partial: _partial, ...rest } = cursor;
  return {
    lines,
    cursor: {
      ...rest,
      position,
      headerShown: true,
      ...(options.token && !options.final ? { token: options.token } : {}),
      ...(held !== '' ? { partial: held } : {}),
    },
  };
}

/** The cursor for a whole re-read: complete lines count, a held-back line is read again. */
function restart(cursor: LogCursor): LogCursor {
  const { token: _token, partial: _partial, ...rest } = cursor;
  return rest;
}
