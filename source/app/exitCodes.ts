// Process exit codes, documented in README.md ("Exit codes"). Scripts and runbooks branch on
// them, so they never change meaning; new ones are only ever added.
import { AuthError, ConfigError, Forbidden, Timeout, Unavailable, UsageError } from '../core/errors.js';

export const ExitCode = {
  ok: 0,
  /**
   * Anything else that failed: the server refused, a run followed with --wait failed, a write
   * refused by policy (--read-only, a read-only context) or declined at the prompt, an unexpected error.
   */
  failure: 1,
  /**
   * Bad arguments or options (an unknown DAG, job, run or task; parameters that fail their schema or
   * that the job does not declare; a run that cannot be repaired or has already ended), or no
   * terminal where the console or a confirmation needs one. Nothing was sent.
   */
  usage: 2,
  /** The config file is missing a context, corrupt, or from a newer dagdeck. */
  config: 3,
  /** Credentials missing or rejected (401/403). */
  auth: 4,
  /**
   * The server could not be reached or did not answer in time. A server that answered with a 5xx
   * is not unreachable: that is a failure (1), like any other refusal.
   */
  unreachable: 5,
  /** `dagdeck review --fail-on LEVEL` found a finding at that level or worse. */
  findings: 6,
  /** The terminal hung up (128 + SIGHUP): the SSH session or terminal window closed. */
  sighup: 129,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  sigint: 130,
  /** Terminated by SIGTERM (128 + SIGTERM). */
  sigterm: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** 128 + the signal number, the shell convention (SIGHUP → 129). */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  if (signal === 'SIGINT') return ExitCode.sigint;
  if (signal === 'SIGTERM') return ExitCode.sigterm;
  if (signal === 'SIGHUP') return ExitCode.sighup;
  return ExitCode.failure;
}

export function exitCodeForError(error: unknown): ExitCode {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof ConfigError) return ExitCode.config;
  if (error instanceof AuthError || error instanceof Forbidden) return ExitCode.auth;
  // Unavailable with a status is a 5xx answer (an HTML 502 from a proxy included): it answered.
  if (error instanceof Unavailable && error.status !== undefined) return ExitCode.failure;
  if (error instanceof Unavailable || error instanceof Timeout) return ExitCode.unreachable;
  return ExitCode.failure;
}
