// One pass over a try's log on Airflow 3. The JSON answer is read
// as it streams (JsonArrayScanner): `content` holds structured messages, the continuation token
// comes after them. Without a token the whole log is read and the messages already delivered are
// only counted, never parsed (position = messages after the "log source" header group). With a
// token, on releases whose resume works (the caller decides), only the new messages come back;
// they are delivered once the answer is whole, so a cut answer is simply read again.

import { Unavailable } from '../core/errors.js';
import type { LogStep } from '../core/followPolled.js';
import type { LogCursor, LogLine } from '../core/model.js';
import type { AirflowApi } from './airflowApi.js';
import type { TryLogRead } from './airflowDialect.js';
import { flattenStructuredLog, type StructuredLogEntry } from './flattenStructuredLog.js';
import { isTokenRefusal } from './isTokenRefusal.js';
import { JsonArrayScanner } from './jsonArrayScanner.js';
import { StructuredLogItem } from './schemas-v2.js';

const SOURCE_GROUP = '::group::Log message source details';
const END_GROUP = '::endgroup::';

export async function* readTryLogV2(api: AirflowApi, read: TryLogRead): AsyncGenerator<LogStep, LogCursor> {
  let cursor = read.cursor;
  if (cursor.token && read.tokens.use) {
    try {
      const { items, token } = await collect(api, read, cursor.token);
      // Only new messages come back after a token; the header group is never repeated.
      const messages = items.filter((item) => !isHeader(item));
      cursor = withToken({ ...cursor, position: cursor.position + messages.length }, token);
      if (messages.length > 0) yield { lines: flattenStructuredLog(messages), cursor };
      return cursor;
    } catch (error) {
      if (!isTokenRefusal(error)) throw error;
      read.tokens.use = false;
      cursor = withToken(cursor, undefined);
    }
  }

  const stream = await api.stream(jsonRequest(read, undefined));
  try {
    const scanner = new JsonArrayScanner('content');
    let inHeader: boolean | undefined;
    let seen = 0;
    const skip = cursor.position;
    const showHeader = !cursor.headerShown;
    for await (const chunk of stream.body) {
      const lines: LogLine[] = [];
      for (const bytes of scanner.push(chunk)) {
        if (inHeader !== false) {
          // The first messages of a whole read may be the "log source" group: not log lines.
          const item = parseItem(bytes);
          if (inHeader === undefined) inHeader = isHeader(item) && item.event === SOURCE_GROUP;
          if (inHeader) {
            if (showHeader) lines.push(...flattenStructuredLog([item]));
            if (typeof item !== 'string' && item.event === END_GROUP) inHeader = false;
            continue;
          }
          inHeader = false;
          seen += 1;
          if (seen > skip) lines.push(...flattenStructuredLog([item]));
          continue;
        }
        seen += 1;
        if (seen > skip) lines.push(...flattenStructuredLog([parseItem(bytes)]));
      }
      const position = Math.max(skip, seen);
      if (lines.length > 0 || position !== cursor.position) {
        cursor = { ...cursor, position, headerShown: true };
        if (lines.length > 0) yield { lines, cursor };
      }
    }
    if (!scanner.complete) {
      throw new Unavailable(`${read.request.what} failed: the answer ended early; reading it again`);
    }
    cursor = { ...cursor, position: Math.max(skip, seen), headerShown: true };
    const token =
      read.tokens.use && !read.final ? tokenOf(scanner.values().get('continuation_token')) : undefined;
    return withToken(cursor, token);
  } finally {
    stream.cancel();
  }
}

async function collect(
  api: AirflowApi,
  read: TryLogRead,
  token: string,
): Promise<{ items: StructuredLogEntry[]; token: string | undefined }> {
  const stream = await api.stream(jsonRequest(read, token));
  try {
    const scanner = new JsonArrayScanner('content');
    const items: StructuredLogEntry[] = [];
    for await (const chunk of stream.body)
      for (const bytes of scanner.push(chunk)) items.push(parseItem(bytes));
    if (!scanner.complete) {
      throw new Unavailable(`${read.request.what} failed: the answer ended early; reading it again`);
    }
    return { items, token: tokenOf(scanner.values().get('continuation_token')) };
  } finally {
    stream.cancel();
  }
}

function jsonRequest(read: TryLogRead, token: string | undefined) {
  // text/plain is a 406 on Airflow 3: JSON is the form every 3.x release answers.
  return {
    ...read.request,
    acceptHeader: 'application/json',
    query: {
      ...read.request.query,
      ...(token ? { token } : { full_content: true }),
    },
  };
}

function parseItem(bytes: Buffer): StructuredLogEntry {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    // The scanner only hands over balanced values; a broken one is shown as the text it is.
    return bytes.toString('utf8');
  }
  const parsed = StructuredLogItem.safeParse(value);
  return parsed.success ? parsed.data : JSON.stringify(value);
}

function isHeader(item: StructuredLogEntry): item is Exclude<StructuredLogEntry, string> {
  return typeof item !== 'string' && (item.event === SOURCE_GROUP || item.event === END_GROUP);
}

function tokenOf(json: string | undefined): string | undefined {
  if (json === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

function withToken(cursor: LogCursor, token: string | undefined): LogCursor {
  const { token: _old, ...rest } = cursor;
  return token ? { ...rest, token } : rest;
}
