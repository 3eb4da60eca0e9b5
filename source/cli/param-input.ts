// How the write commands read parameters from the command line: `-p key=value` (repeatable) and a
// JSON object (dags trigger --conf, jobs run-now --params), spelled and refused alike. Only
// commander and the error type here: the option parsers run before any action loads.
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../core/errors.js';

/** -p key=value, repeatable: checked for its shape while parsing (a usage error, exit 2). */
export function collectParam(pair: string, previous: string[] = []): string[] {
  if (pair.indexOf('=') <= 0) throw new InvalidArgumentError('write it as key=value.');
  return [...previous, pair];
}

/** `key=value` pairs (split at the first `=`), as typed. */
export function splitParams(pairs: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}

/** `text` as a JSON object, or one line naming `from` (the option it came from) and the fix. */
export function parseJsonObject(text: string, from: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${from} is not valid JSON (${error instanceof Error ? error.message : String(error)}): give a JSON object, e.g. '{"key": "value"}'; nothing was sent`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${from} must be a JSON object, e.g. '{"key": "value"}'; nothing was sent`);
  }
  return value as Record<string, unknown>;
}
