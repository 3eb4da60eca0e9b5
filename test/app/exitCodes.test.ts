// The documented exit codes (README "Exit codes", source/app/exitCodes.ts).
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeForError, exitCodeForSignal } from '../../source/app/exitCodes.js';
import {
  AuthError,
  ConfigError,
  Conflict,
  Forbidden,
  Refused,
  Timeout,
  Unavailable,
  UsageError,
} from '../../source/core/errors.js';

describe('exit codes', () => {
  it('map typed errors to their documented codes', () => {
    expect(exitCodeForError(new ConfigError('x'))).toBe(3);
    expect(exitCodeForError(new AuthError('x'))).toBe(4);
    expect(exitCodeForError(new Forbidden('x'))).toBe(4);
    expect(exitCodeForError(new Unavailable('x'))).toBe(5);
    // A server that answered 500/502/503 is reachable: the server failed (issue 13).
    for (const status of [500, 502, 503, 504]) {
      expect(exitCodeForError(new Unavailable('x', { status }))).toBe(ExitCode.failure);
    }
    expect(exitCodeForError(new Timeout('x'))).toBe(5);
    expect(exitCodeForError(new Conflict('x'))).toBe(ExitCode.failure);
    // Input the command line cannot act on (an unknown DAG or task, params that fail their schema).
    expect(exitCodeForError(new UsageError('x'))).toBe(ExitCode.usage);
    // A write refused by policy (--read-only, a read-only context).
    expect(exitCodeForError(new Refused('x'))).toBe(ExitCode.failure);
    expect(exitCodeForError(new Error('x'))).toBe(1);
    expect(exitCodeForError('a string')).toBe(1);
  });

  it('map signals to 128 + their number', () => {
    expect(exitCodeForSignal('SIGINT')).toBe(130);
    expect(exitCodeForSignal('SIGTERM')).toBe(143);
    expect(exitCodeForSignal('SIGHUP')).toBe(129);
  });
});
