// The Airflow grid view's data (tui-anchors.md, Airflow grid view): runs as columns, oldest on the
// left and newest on the right, tasks as rows grouped under their task group, and every mapped
// task summarised in one cell by its most urgent state (the count of instances is kept).
import type { Run, State, TaskInstance } from '../../../core/model.js';

export interface GridCell {
  state: State;
  /** Map instances summarised in this cell (1 for an unmapped task). */
  instances: number;
  /** The map index to open for a mapped task: the most urgent instance. */
  mapIndex?: number;
}

export interface GridRow {
  kind: 'group' | 'task';
  /** The task id (task rows) or the group id (group rows). */
  id: string;
  /** What the row shows: the task name without its group prefix, or the group name. */
  label: string;
  depth: number;
  /** One cell per run column; undefined where the run has no such task. */
  cells: (GridCell | undefined)[];
}

/** Most urgent first: a group or mapped cell shows the first of these any instance has. */
const URGENCY: readonly State[] = [
  'failed',
  'upstream_failed',
  'retrying',
  'running',
  'queued',
  'scheduled',
  'blocked',
  'canceled',
  'none',
  'success',
  'skipped',
];

const rank = (state: State): number => URGENCY.indexOf(state);

export function mostUrgent(states: Iterable<State>): State {
  let best: State = 'none';
  let bestRank = Number.POSITIVE_INFINITY;
  for (const state of states) {
    const r = rank(state);
    if (r < bestRank) {
      best = state;
      bestRank = r;
    }
  }
  return best;
}

function groupOf(task: TaskInstance): string | undefined {
  if (task.group) return task.group;
  const dot = task.taskId.lastIndexOf('.');
  return dot > 0 ? task.taskId.slice(0, dot) : undefined;
}

function summarise(instances: readonly TaskInstance[]): GridCell | undefined {
  if (instances.length === 0) return undefined;
  const state = mostUrgent(instances.map((task) => task.state));
  const cell: GridCell = { state, instances: instances.length };
  const pick = instances.find((task) => task.state === state);
  // typeof, not !== undefined: an adapter may hand over JSON null for an unmapped task.
  if (typeof pick?.mapIndex === 'number' && pick.mapIndex >= 0) cell.mapIndex = pick.mapIndex;
  return cell;
}

/**
 * @param runs oldest first (the column order)
 * @param tasksByRun run id → its task instances
 */
export function buildRunGrid(
  runs: readonly Run[],
  tasksByRun: ReadonlyMap<string, readonly TaskInstance[]>,
): GridRow[] {
  // Row order: first appearance, newest run first, so the current DAG shape leads and tasks that
  // only existed in old runs follow.
  const order: string[] = [];
  const groups = new Map<string, string | undefined>();
  for (const run of [...runs].reverse()) {
    for (const task of tasksByRun.get(run.id) ?? []) {
      if (!groups.has(task.taskId)) {
        groups.set(task.taskId, groupOf(task));
        order.push(task.taskId);
      }
    }
  }
  const byGroup = new Map<string, string[]>();
  const top: { group?: string; taskId?: string }[] = [];
  for (const taskId of order) {
    const group = groups.get(taskId);
    if (group === undefined) {
      top.push({ taskId });
      continue;
    }
    const members = byGroup.get(group);
    if (members) members.push(taskId);
    else {
      byGroup.set(group, [taskId]);
      top.push({ group });
    }
  }

  // Index each run's instances by task id once: the grid is rebuilt on every poll, and a DAG with
  // hundreds of tasks × 20 runs must not cost tasks² work per run.
  const indexed = runs.map((run) => {
    const byTask = new Map<string, TaskInstance[]>();
    for (const task of tasksByRun.get(run.id) ?? []) {
      const list = byTask.get(task.taskId);
      if (list) list.push(task);
      else byTask.set(task.taskId, [task]);
    }
    return byTask;
  });
  const cellsFor = (taskIds: Iterable<string>): (GridCell | undefined)[] => {
    const ids = [...taskIds];
    return indexed.map((byTask) => summarise(ids.flatMap((id) => byTask.get(id) ?? [])));
  };

  const rows: GridRow[] = [];
  for (const entry of top) {
    if (entry.taskId !== undefined) {
      const id = entry.taskId;
      rows.push({ kind: 'task', id, label: id, depth: 0, cells: cellsFor([id]) });
      continue;
    }
    const group = entry.group ?? '';
    const members = new Set(byGroup.get(group) ?? []);
    rows.push({
      kind: 'group',
      id: group,
      label: group,
      depth: 0,
      cells: cellsFor(members),
    });
    for (const id of members) {
      const label = id.startsWith(`${group}.`) ? id.slice(group.length + 1) : id;
      rows.push({ kind: 'task', id, label, depth: 1, cells: cellsFor([id]) });
    }
  }
  return rows;
}
