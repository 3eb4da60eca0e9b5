// The one way dagdeck runs a helper program: a token command (Vault, 1Password, AWS...),
// `databricks auth token`, and the keychain helper. Each runs without a shell, in its own process
// group, with a minimal environment, and is ended as a group:
//
// - A token command is often a shell script that starts the real tool (`vault`, `op`). Killing only
//   the script at the timeout left the tool running with our stdout pipe open, and dagdeck waited
//   for that pipe forever. Killing the whole group ends every process the command started, at the
//   timeout and also after it exits (a leftover would hold the pipe just the same).
// - The environment holds what a helper needs (PATH, HOME, the locale and the few variables the
//   caller names), never the parent's other secrets: a token command for Airflow used to receive
//   DATABRICKS_TOKEN and DAGDECK_AIRFLOW_PASSWORD.
//
// The timeout is an AbortSignal (AbortSignal.timeout), combined with the caller's signal, and it
// stays armed until the output pipes close, not only until the helper exits: a daemon the helper
// started in a session of its own (out of reach of the group kill) may hold them open.
//
// Why spawn and not execFile, whose timeout, signal and maxBuffer would do the rest: execFile does
// not pass `detached` on to spawn, so its child stays in our process group and the group of the
// helper cannot be ended without ending dagdeck; and its timeout kills the helper alone.
import { type ChildProcess, spawn } from 'node:child_process';

/** What every helper gets from the parent environment, when set. */
const BASE_ENV = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TMPDIR',
  'TZ',
  'LANG',
  'LANGUAGE',
  // Windows needs these to start anything at all.
  'SystemRoot',
  'SYSTEMROOT',
  'PATHEXT',
  'COMSPEC',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'TEMP',
  'TMP',
];

/** PATH, HOME, the locale (LANG, LC_*) and `extra` from `parent`; nothing else. */
export function minimalEnv(parent: NodeJS.ProcessEnv, extra: readonly string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const wanted = new Set([...BASE_ENV, ...extra]);
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && (wanted.has(name) || name.startsWith('LC_'))) env[name] = value;
  }
  return env;
}

export interface RunChildOptions {
  command: string;
  args: readonly string[];
  /** The whole environment of the child: build it with minimalEnv. */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Written to stdin, which is then closed; without it stdin is closed from the start. */
  input?: string;
  /** Keep stderr (the Databricks CLI says why there); otherwise it is not even read. */
  stderr?: boolean;
  /** Output kept per stream; the rest is read and dropped. */
  maxOutputBytes?: number;
}

export type ChildOutcome =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: 'timeout' }
  | { kind: 'not-started'; error: NodeJS.ErrnoException };

const DEFAULT_MAX_OUTPUT = 1024 * 1024;

/**
 * Runs one helper to its end. Resolves with how it ended; rejects only when the caller's signal
 * aborts (with its reason).
 */
export function runChild(options: RunChildOptions): Promise<ChildOutcome> {
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  if (options.signal?.aborted) return Promise.reject(options.signal.reason);

  return new Promise<ChildOutcome>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(options.command, [...options.args], {
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', options.stderr ? 'pipe' : 'ignore'],
        env: options.env,
        shell: false,
        windowsHide: true,
        // Its own process group (POSIX), so the whole group can be ended at once.
        detached: process.platform !== 'win32',
      });
    } catch (error) {
      resolve({ kind: 'not-started', error: error as NodeJS.ErrnoException });
      return;
    }
    let stdout = '';
    let stderr = '';
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;

    const endGroup = (): void => {
      const pid = child.pid;
      if (pid === undefined) return;
      try {
        if (process.platform === 'win32') child.kill('SIGKILL');
        else process.kill(-pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const settle = (outcome: ChildOutcome | Error): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      // Nothing may keep this process waiting on a pipe a stray grandchild holds.
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const exited = (): ChildOutcome => ({
      kind: 'exited',
      ...(exit ?? { code: null, signal: null }),
      stdout,
      stderr,
    });

    const onAbort = (): void => {
      endGroup();
      if (options.signal?.aborted)
        settle(options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted'));
      // It had exited and only its output pipe was still held open: what it printed is its answer.
      else if (exit) settle(exited());
      else settle({ kind: 'timeout' });
    };
    signal.addEventListener('abort', onAbort, { once: true });

    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < max) stdout += chunk.slice(0, max - stdout.length);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < max) stderr += chunk.slice(0, max - stderr.length);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) settle({ kind: 'not-started', error });
    });
    child.on('exit', (code, killedBy) => {
      exit = { code, signal: killedBy };
      // Whatever it started and left behind goes with it; the pipes then close.
      endGroup();
    });
    child.on('close', () => settle(exited()));
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
    }
  });
}
