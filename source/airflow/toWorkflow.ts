// A DAG of either API version as a core Workflow. Only the schedule differs (v1 schedule_interval
// object, v2 timetable_summary string): the caller picks it.
import type { Workflow } from '../core/model.js';
import { compact } from './compact.js';

/** The DAG fields v1 and v2 share, with the same names and meaning. */
export interface DagFields {
  dag_id: string;
  dag_display_name?: string | null | undefined;
  description?: string | null | undefined;
  is_paused?: boolean | null | undefined;
  owners?: string[] | null | undefined;
  tags?: { name: string }[] | null | undefined;
  has_import_errors?: boolean | null | undefined;
}

export function toWorkflow(dag: DagFields, schedule: string | null | undefined): Workflow {
  return {
    backend: 'airflow',
    id: dag.dag_id,
    name: dag.dag_display_name || dag.dag_id,
    tags: (dag.tags ?? []).map((tag) => tag.name),
    owners: dag.owners ?? [],
    ...compact({
      description: dag.description,
      paused: dag.is_paused,
      schedule,
      hasImportErrors: dag.has_import_errors,
    }),
  };
}
