// The debug log: the only place stacks and request traces go, since the UI never console.logs
// (anything written to the terminal would tear Ink's frame). Off unless DAGDECK_DEBUG=1 or --debug. It lives in
// the config directory as dagdeck-debug.log, mode 0600, capped in size with one rotation
// (dagdeck-debug.log.1), and every line goes through redact() first, so no secret reaches the disk.
// Writes are synchronous appends: ordered, cheap at debug volume, and still on disk after a crash.
import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errorLine } from './errors.js';
import { knownSecrets, redact } from './redact.js';
import { sanitizeFileText } from './sanitize.js';

export const DEBUG_LOG_NAME = 'dagdeck-debug.log';
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export interface DebugLog {
  readonly enabled: boolean;
  /** The file, or undefined while the log is off. */
  readonly path: string | undefined;
  /** Appends one entry (several lines are kept together); a no-op while the log is off. */
  write(message: string): void;
  /** Appends an error with its stack and cause chain. */
  error(what: string, error: unknown): void;
  /** A secret resolved at run time (token, password) that must never appear in the file. */
  addSecret(secret: string): void;
}

export interface DebugLogOptions {
  /** The config directory; the log is created in it. */
  dir: string;
  enabled: boolean;
  maxBytes?: number;
  now?: () => Date;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.stack ?? `${error.name}: ${error.message}`];
  let cause = error.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth += 1) {
    parts.push(`caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return parts.join('\n');
}

class FileDebugLog implements DebugLog {
  readonly enabled = true;
  readonly path: string;
  readonly #maxBytes: number;
  readonly #now: () => Date;
  readonly #secrets = new Set<string>();
  #size: number;
  #broken = false;

  constructor(options: DebugLogOptions) {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.path = join(options.dir, DEBUG_LOG_NAME);
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#now = options.now ?? (() => new Date());
    this.#size = 0;
    try {
      const stat = statSync(this.path);
      this.#size = stat.size;
      if ((stat.mode & 0o077) !== 0) chmodSync(this.path, 0o600);
    } catch {
      // No log yet.
    }
  }

  addSecret(secret: string): void {
    if (secret.length >= 4) this.#secrets.add(secret);
  }

  write(message: string): void {
    if (this.#broken) return;
    // Escape sequences in a log file replay when someone cats it.
    const text = sanitizeFileText(redact(message, [...this.#secrets, ...knownSecrets()]));
    const [first = '', ...rest] = text.split('\n');
    const entry = `${this.#now().toISOString()} ${first}${rest.map((line: string) => `\n    ${line}`).join('')}\n`;
    const bytes = Buffer.byteLength(entry);
    try {
      if (this.#size > 0 && this.#size + bytes > this.#maxBytes) {
        renameSync(this.path, `${this.path}.1`);
        this.#size = 0;
      }
      appendFileSync(this.path, entry, { mode: 0o600 });
      this.#size += bytes;
    } catch {
      // A full disk or a removed directory must not take the console down with it.
      this.#broken = true;
    }
  }

  error(what: string, error: unknown): void {
    this.write(`${what}: ${errorLine(error)}\n${describe(error)}`);
  }
}

const OFF: DebugLog = {
  enabled: false,
  path: undefined,
  write() {},
  error() {},
  addSecret() {},
};

let current: DebugLog = OFF;

/** True when DAGDECK_DEBUG asks for the log (1, true, yes). */
export function debugRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes|on)$/i.test(env.DAGDECK_DEBUG ?? '');
}

/** Opens a log (or the no-op one) without making it the process-wide log; tests use this. */
export function openDebugLog(options: DebugLogOptions): DebugLog {
  return options.enabled ? new FileDebugLog(options) : OFF;
}

/** Sets the process-wide log, once, from cli.tsx. */
export function configureDebugLog(options: DebugLogOptions): DebugLog {
  current = openDebugLog(options);
  return current;
}

/** The process-wide log; a no-op until cli.tsx configures it. */
export function debugLog(): DebugLog {
  return current;
}
