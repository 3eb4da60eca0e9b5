// Reads and checks the config file without conf, so that a broken file can be reported precisely
// (path, line/column or zod path, what to do) and is never touched: conf would either throw a bare
// SyntaxError or, with clearInvalidConfig, wipe it, losing the user's contexts.
import { readFileSync } from 'node:fs';
import { clipToWidth } from '../core/displayWidth.js';
import { ConfigError } from '../core/errors.js';
import { sanitizeName } from '../core/sanitize.js';
import { type Migration, migrateConfig, type RawConfig, schemaVersionOf } from './migrations.js';
import { CONFIG_SCHEMA_VERSION, ConfigFile } from './schema.js';

export type ConfigFileState =
  | { kind: 'missing' }
  | { kind: 'ok'; data: ConfigFile; bytes: Buffer; fromVersion: number; applied: Migration[] }
  | { kind: 'problem'; error: ConfigError };

/** One printable line: a message quoted from the file must not smuggle escapes to the terminal. */
function clean(text: string, max = 160): string {
  return clipToWidth(sanitizeName(text).replace(/\s+/g, ' ').trim(), max);
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function describeJsonError(text: string, error: Error): string {
  // V8 quotes part of the input ('"{x" is not valid JSON'); the file may hold things we should not
  // echo, so keep only the diagnosis and our own line/column.
  const message = error.message.replace(/,\s*(\.\.\.)?".*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  const position = /at position (\d+)/.exec(error.message)?.[1];
  if (text.trim() === '') return 'it is empty';
  if (text.charCodeAt(0) === 0xfeff) return 'it starts with a byte-order mark';
  const where = position === undefined ? '' : `${lineAndColumn(text, Number(position))}: `;
  return `${where}${clean(message)}`;
}

function isRecord(value: unknown): value is RawConfig {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readConfigFile(path: string): ConfigFileState {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return {
      kind: 'problem',
      error: new ConfigError(
        `config file ${path} cannot be read (${code ?? 'error'}); fix its permissions or move it`,
        {
          cause: error,
        },
      ),
    };
  }
  const text = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = describeJsonError(text, error as Error);
    return {
      kind: 'problem',
      error: new ConfigError(`config file ${path} is not valid JSON (${why}); fix or move it`, {
        cause: error,
      }),
    };
  }
  if (!isRecord(parsed)) {
    return {
      kind: 'problem',
      error: new ConfigError(`config file ${path} does not hold a JSON object; fix or move it`),
    };
  }
  const fromVersion = schemaVersionOf(parsed);
  if (fromVersion === undefined) {
    return {
      kind: 'problem',
      error: new ConfigError(
        `config file ${path} has an invalid schemaVersion (expected a whole number); fix or move it`,
      ),
    };
  }
  if (fromVersion > CONFIG_SCHEMA_VERSION) {
    // A newer dagdeck wrote it: rewriting it here could drop fields we do not know.
    return {
      kind: 'problem',
      error: new ConfigError(
        `config file ${path} has schemaVersion ${fromVersion}, newer than this dagdeck understands (${CONFIG_SCHEMA_VERSION}); upgrade dagdeck, or fix or move the file`,
      ),
    };
  }
  let raw = parsed;
  let applied: Migration[] = [];
  try {
    ({ raw, applied } = migrateConfig(parsed, fromVersion));
  } catch (error) {
    return {
      kind: 'problem',
      error: new ConfigError(
        `config file ${path} could not be migrated from schemaVersion ${fromVersion} (${clean((error as Error).message)}); fix or move it`,
        { cause: error },
      ),
    };
  }
  const result = ConfigFile.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 3)
      .map((issue) => {
        // A refused record key (a context name) says why in its nested issue.
        const message =
          issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
        return `${issue.path.map(String).join('.') || '(top level)'}: ${message}`;
      })
      .join('; ');
    const more = result.error.issues.length > 3 ? ` and ${result.error.issues.length - 3} more` : '';
    return {
      kind: 'problem',
      error: new ConfigError(`config file ${path} is invalid (${clean(issues, 240)}${more}); fix or move it`),
    };
  }
  return { kind: 'ok', data: result.data, bytes, fromVersion, applied };
}
