// The options every write command takes (Airflow's trigger, pause, clear, mark, run state and
// Databricks' run-now, cancel, repair, pause), declared once so they are spelled and explained alike. Only commander types here: the write path itself
// (run-write.ts) loads inside the actions.
import { type Command, InvalidArgumentError } from 'commander';
import { DURATION_FORMS, parseDurationMs } from '../config/timeouts.js';
import { addTokenOptions, type TokenOptions } from './token-options.js';

export interface WriteOptions extends TokenOptions {
  dryRun?: boolean;
  yes?: boolean;
  confirm?: string;
  json?: boolean;
}

/** What a protected context wants typed back: the DAG id, or the job id of a Databricks write. */
export type ConfirmTarget = 'the DAG id' | 'the job id';

export function addWriteOptions(command: Command, confirmTarget: ConfirmTarget = 'the DAG id'): Command {
  return addTokenOptions(
    command
      .option('--dry-run', 'print the preview and change nothing (exit 0)')
      .option('-y, --yes', 'do not ask: go ahead once the preview is printed')
      .option(
        '--confirm <name>',
        `the typed confirmation, for scripts: ${confirmTarget} (a protected context asks for it; --yes is not enough there)`,
      )
      .option('--json', 'print the preview (--dry-run) or the result as one JSON object on stdout'),
  );
}

export interface WaitOptions {
  wait?: boolean;
  /** Milliseconds, parsed and bounded while parsing the options. */
  pollInterval?: number;
}

const DEFAULT_POLL_MS = 3000;

/** The write options plus --wait (follow the run the write made or changed to its end). */
export function addWaitOptions(command: Command, confirmTarget: ConfirmTarget = 'the DAG id'): Command {
  return addWriteOptions(command, confirmTarget)
    .option('--wait', 'follow the run to its end, printing each state change; exit 1 if it fails')
    .option(
      '--poll-interval <duration>',
      `how often --wait reads the run (default ${DEFAULT_POLL_MS / 1000}s)`,
      (value: string): number => {
        const ms = parseDurationMs(value);
        if (ms === undefined) throw new InvalidArgumentError(`expected ${DURATION_FORMS}.`);
        return ms;
      },
    );
}

/** The request's --wait part: its polling interval, or nothing without --wait. */
export function waitInterval(options: WaitOptions): { waitIntervalMs?: number } {
  return options.wait ? { waitIntervalMs: options.pollInterval ?? DEFAULT_POLL_MS } : {};
}
