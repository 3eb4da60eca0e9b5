// What differs between the workflows of each backend kind, as far as the lists show them: what one
// is called (a DAG, a job), whether its id is its name, which sorts its list offers and whether its
// failed runs' failed tasks are looked up. Screens read this table instead of naming a kind.
import { BACKEND_LABEL } from './backendLabel.js';
import type { SortKey } from './homeRows.js';
import { BACKEND_KINDS, type BackendKind } from './model.js';

export interface WorkflowTraits {
  /** What one workflow, and several, are called ("DAG"/"DAGs", "job"/"jobs"). */
  noun: { one: string; many: string };
  /**
   * An Airflow DAG id is the name users know it by; a Databricks job has a name and a separate
   * numeric id. A list of id-named workflows has no id column and no id sort.
   */
  idIsName: boolean;
  /**
   * Whether the home list looks up the failed tasks of a failed latest run (one task list read
   * per row on screen). Airflow's grid of tasks makes them the next thing to open; a Databricks
   * run's failed tasks are one Enter away on its run screen, and its list has no room for them.
   */
  failingTasks: boolean;
  /** The sorts the home list offers: only by what its columns show. */
  sortKeys: ReadonlySet<SortKey>;
}

export const WORKFLOW_TRAITS: Readonly<Record<BackendKind, WorkflowTraits>> = {
  airflow: {
    noun: { one: 'DAG', many: 'DAGs' },
    idIsName: true,
    failingTasks: true,
    // No duration column and the id is the name: D and I would sort by what the pane does not show.
    sortKeys: new Set<SortKey>(['name', 'age', 'state']),
  },
  databricks: {
    noun: { one: 'job', many: 'jobs' },
    idIsName: false,
    failingTasks: false,
    sortKeys: new Set<SortKey>(['name', 'age', 'state', 'duration', 'id']),
  },
};

/** The kind whose workflows `word` names, one or many, any case (`:dags`, `:job`), if any. */
export function kindNamedBy(word: string): BackendKind | undefined {
  const lower = word.toLowerCase();
  return BACKEND_KINDS.find((kind) => {
    const { one, many } = WORKFLOW_TRAITS[kind].noun;
    return lower === one.toLowerCase() || lower === many.toLowerCase();
  });
}

/** A kind's list as a title says it: "Airflow DAGs", "Databricks jobs". */
export function workflowListTitle(kind: BackendKind): string {
  return `${BACKEND_LABEL[kind]} ${WORKFLOW_TRAITS[kind].noun.many}`;
}
