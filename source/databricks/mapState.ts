// Databricks run and task states onto the core State. The newer
// `status` object and the deprecated `state` object are both read: status.state for the life
// cycle, state.result_state (more precise: UPSTREAM_FAILED...) or the termination code for the
// outcome. Unknown values are kept in rawState and shown as 'none', never guessed.
import type { State } from '../core/model.js';
import type { RunState, RunStatus } from './schemas.js';

const LIFE_CYCLE: Record<string, State> = {
  QUEUED: 'queued',
  PENDING: 'queued',
  BLOCKED: 'blocked',
  WAITING: 'retrying',
  WAITING_FOR_RETRY: 'retrying',
  RUNNING: 'running',
  TERMINATING: 'running',
  SKIPPED: 'skipped',
  INTERNAL_ERROR: 'failed',
};

/** result_state values and status.termination_details.code values share one table. */
const OUTCOME: Record<string, State> = {
  SUCCESS: 'success',
  // The job succeeded by its own rules (run_if) although some tasks failed.
  SUCCESS_WITH_FAILURES: 'success',
  FAILED: 'failed',
  TIMEDOUT: 'failed',
  CANCELED: 'canceled',
  USER_CANCELED: 'canceled',
  UPSTREAM_FAILED: 'upstream_failed',
  UPSTREAM_CANCELED: 'canceled',
  MAXIMUM_CONCURRENT_RUNS_REACHED: 'skipped',
  MAX_CONCURRENT_RUNS_EXCEEDED: 'skipped',
  EXCLUDED: 'skipped',
  SKIPPED: 'skipped',
  DISABLED: 'skipped',
};

const TERMINAL_LIFE_CYCLES: ReadonlySet<string> = new Set(['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR']);

export interface MappedState {
  state: State;
  rawState: string;
  terminal: boolean;
}

export function mapState(state: RunState | undefined, status: RunStatus | undefined): MappedState {
  const lifeCycle = status?.state ?? state?.life_cycle_state;
  const code = status?.termination_details?.code;
  const result = state?.result_state ?? code;
  if (!lifeCycle) {
    return result
      ? { state: OUTCOME[result] ?? 'none', rawState: result, terminal: true }
      : { state: 'none', rawState: 'UNKNOWN', terminal: false };
  }
  if (!TERMINAL_LIFE_CYCLES.has(lifeCycle)) {
    return { state: LIFE_CYCLE[lifeCycle] ?? 'none', rawState: lifeCycle, terminal: false };
  }
  if (lifeCycle !== 'TERMINATED') {
    return {
      state: LIFE_CYCLE[lifeCycle] ?? 'none',
      rawState: result ? `${lifeCycle}/${result}` : lifeCycle,
      terminal: true,
    };
  }
  if (!result) return { state: 'none', rawState: lifeCycle, terminal: true };
  // Any failure code we do not know yet (DRIVER_ERROR, CLUSTER_ERROR...) is a failure.
  const mapped = OUTCOME[result] ?? (code && !state?.result_state ? 'failed' : 'none');
  return { state: mapped, rawState: `${lifeCycle}/${result}`, terminal: true };
}
