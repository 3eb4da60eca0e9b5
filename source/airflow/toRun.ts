// A DAG run of either API version as a core Run. The fields v1 and v2 share are read here; what the
// versions derive differently (logical date, queue time, duration, UI link) the caller
// passes in.
import type { Run } from '../core/model.js';
import { compact } from './compact.js';
import { mapAirflowState } from './mapAirflowState.js';

/** The DAG-run fields v1 and v2 share, with the same names and meaning. */
export interface DagRunFields {
  dag_run_id: string;
  dag_id: string;
  state: string;
  start_date?: string | null | undefined;
  end_date?: string | null | undefined;
  run_type?: string | null | undefined;
  conf?: Record<string, unknown> | null | undefined;
  note?: string | null | undefined;
}

export interface RunSpecifics {
  logicalDate: string | null;
  url: string;
  queuedAt: string | null | undefined;
  durationMs: number | undefined;
}

export function toRun(run: DagRunFields, specifics: RunSpecifics): Run {
  return {
    backend: 'airflow',
    workflowId: run.dag_id,
    id: run.dag_run_id,
    ...mapAirflowState(run.state),
    logicalDate: specifics.logicalDate,
    url: specifics.url,
    ...compact({
      trigger: run.run_type,
      queuedAt: specifics.queuedAt,
      startedAt: run.start_date,
      endedAt: run.end_date,
      durationMs: specifics.durationMs,
      note: run.note,
      conf: run.conf,
    }),
  };
}

/** Airflow reports durations in (fractional) seconds; the core model counts milliseconds. */
export function secondsToMs(seconds: number | null | undefined): number | undefined {
  return typeof seconds === 'number' ? Math.round(seconds * 1000) : undefined;
}
