// The level of a log line that did not come with one (Databricks stdout, Airflow 2 lines outside
// the default format): the first level word near the start, as log4j, Python logging and Spark
// write it ("25/03/20 10:00:01 ERROR Executor: …", "ERROR:root:…", "INFO  DAGScheduler: …"), or
// the shape of an exception ("ValueError: boom", "Traceback (most recent call last):"). Only the
// first characters are looked at, so a message that merely mentions an error is not one.
import type { LogLevel } from './model.js';

const HEAD = 120;
const LEVEL_WORD = /\b(CRITICAL|FATAL|ERROR|WARNING|WARN|INFO|DEBUG|TRACE)\b/;
const EXCEPTION =
  /^(?:Traceback \(most recent call last\):|Exception in thread |[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)(?::|$))/;

const WORDS: Record<string, LogLevel> = {
  CRITICAL: 'critical',
  FATAL: 'critical',
  ERROR: 'error',
  WARNING: 'warning',
  WARN: 'warning',
  INFO: 'info',
  DEBUG: 'debug',
  TRACE: 'debug',
};

export function detectLogLevel(text: string): LogLevel | undefined {
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const word = LEVEL_WORD.exec(head)?.[1];
  if (word) return WORDS[word];
  return EXCEPTION.test(head) ? 'error' : undefined;
}

/** Levels from least to most severe, for "this level or worse" comparisons. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warning', 'error', 'critical'];
