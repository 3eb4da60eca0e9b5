// The Airflow grid view's data (as in Airflow's own grid view): runs as columns, oldest on the
// left and newest on the right, tasks as rows in the DAG's structure (core/taskTree.ts: upstream
// before downstream, each task group one block), so the rows stay put whatever order a server
// lists a run's instances in. A group row and a mapped task row summarise what is under them by
// the most urgent state; under a mapped task, one row per map index (collapsed until opened), so
// every index can be reached.
import type { Run, State, TaskDefinition, TaskInstance } from '../../../core/model.js';
import { type TaskNode, taskTree } from '../../../core/taskTree.js';

export interface GridCell {
  state: State;
  /** Map instances summarised in this cell (1 for an unmapped task or one index). */
  instances: number;
  /** The map index to act on for a mapped task: the most urgent instance, or the row's own index. */
  mapIndex?: number;
}

export interface GridRow {
  /** A task group, a task, or one map index of a mapped task. */
  kind: 'group' | 'task' | 'index';
  /** The group id (group rows) or the task id (task and index rows). */
  id: string;
  /** Index rows: the map index. */
  mapIndex?: number;
  /** What the row shows: the name without its group prefix, or `[3]` for a map index. */
  label: string;
  depth: number;
  /** One cell per run column; undefined where the run has no such task. */
  cells: (GridCell | undefined)[];
  /** Rows directly under this one (a group's children, a mapped task's indexes); 0 for a leaf. */
  children: number;
  /** The keys of the rows above this one, outermost first: it shows only while they are open. */
  ancestors: string[];
}

/** The row's identity across refreshes: what the cursor and the open/closed state follow. */
export function gridRowKey(row: Pick<GridRow, 'kind' | 'id' | 'mapIndex'>): string {
  return row.kind === 'index' ? `index:${row.id}[${row.mapIndex}]` : `${row.kind}:${row.id}`;
}

/**
 * Whether the rows under a row show, given the keys the user toggled: groups start open (as
 * Airflow's grid shows them), mapped tasks start closed (a wide mapping would bury the rest).
 */
export function isOpen(key: string, toggled: ReadonlySet<string>): boolean {
  return key.startsWith('group:') ? !toggled.has(key) : toggled.has(key);
}

/** The rows to draw: those whose every ancestor is open. */
export function openRows(rows: readonly GridRow[], toggled: ReadonlySet<string>): GridRow[] {
  return rows.filter((row) => row.ancestors.every((key) => isOpen(key, toggled)));
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

// typeof, not !== undefined: an adapter may hand over JSON null for an unmapped task.
const indexOf = (task: TaskInstance): number | undefined =>
  typeof task.mapIndex === 'number' && task.mapIndex >= 0 ? task.mapIndex : undefined;

function summarise(instances: readonly TaskInstance[]): GridCell | undefined {
  if (instances.length === 0) return undefined;
  const state = mostUrgent(instances.map((task) => task.state));
  const cell: GridCell = { state, instances: instances.length };
  const pick = instances.find((task) => task.state === state);
  const mapIndex = pick ? indexOf(pick) : undefined;
  if (mapIndex !== undefined) cell.mapIndex = mapIndex;
  return cell;
}

function groupOf(task: TaskInstance): string | undefined {
  if (task.group) return task.group;
  const dot = task.taskId.lastIndexOf('.');
  return dot > 0 ? task.taskId.slice(0, dot) : undefined;
}

/** The last segment of a dotted id: a row under its group shows its own name. */
const shortName = (id: string, parent: string | undefined) =>
  parent && id.startsWith(`${parent}.`) ? id.slice(parent.length + 1) : id;

/**
 * Every row, each group open and each mapped task's indexes listed (openRows() then hides what
 * is closed).
 *
 * @param runs oldest first (the column order)
 * @param tasksByRun run id → its task instances
 * @param definitions the DAG's tasks as declared; empty when they could not be read (the rows are
 *   then in task id order, still grouped)
 */
export function buildRunGrid(
  runs: readonly Run[],
  tasksByRun: ReadonlyMap<string, readonly TaskInstance[]>,
  definitions: readonly TaskDefinition[] = [],
): GridRow[] {
  // Index each run's instances by task id once: the grid is rebuilt on every poll, and a DAG with
  // hundreds of tasks × 20 runs must not cost tasks² work per run.
  const seen = new Map<string, TaskInstance>();
  const indexed = runs.map((run) => {
    const byTask = new Map<string, TaskInstance[]>();
    for (const task of tasksByRun.get(run.id) ?? []) {
      if (!seen.has(task.taskId)) seen.set(task.taskId, task);
      const list = byTask.get(task.taskId);
      if (list) list.push(task);
      else byTask.set(task.taskId, [task]);
    }
    return byTask;
  });
  const tree = taskTree(
    definitions,
    [...seen.values()].map((task) => ({ taskId: task.taskId, group: groupOf(task) })),
  );

  const cellsFor = (taskIds: readonly string[]): (GridCell | undefined)[] =>
    indexed.map((byTask) => summarise(taskIds.flatMap((id) => byTask.get(id) ?? [])));
  const tasksUnder = (node: TaskNode): string[] =>
    node.kind === 'task' ? [node.id] : node.children.flatMap(tasksUnder);

  const rows: GridRow[] = [];
  const walk = (
    nodes: readonly TaskNode[],
    depth: number,
    parent: string | undefined,
    ancestors: string[],
  ) => {
    for (const node of nodes) {
      if (node.kind === 'group') {
        const row: GridRow = {
          kind: 'group',
          id: node.id,
          label: shortName(node.id, parent),
          depth,
          cells: cellsFor(tasksUnder(node)),
          children: node.children.length,
          ancestors,
        };
        rows.push(row);
        walk(node.children, depth + 1, node.id, [...ancestors, gridRowKey(row)]);
        continue;
      }
      const indexes = [
        ...new Set(
          indexed.flatMap((byTask) =>
            (byTask.get(node.id) ?? []).flatMap((task) => {
              const mapIndex = indexOf(task);
              return mapIndex === undefined ? [] : [mapIndex];
            }),
          ),
        ),
      ].sort((a, b) => a - b);
      const row: GridRow = {
        kind: 'task',
        id: node.id,
        label: shortName(node.id, parent),
        depth,
        cells: cellsFor([node.id]),
        // Before its upstream ends, a mapped task has one unexpanded instance: no index rows yet.
        children: indexes.length,
        ancestors,
      };
      rows.push(row);
      const under = [...ancestors, gridRowKey(row)];
      for (const mapIndex of indexes) {
        rows.push({
          kind: 'index',
          id: node.id,
          mapIndex,
          label: `[${mapIndex}]`,
          depth: depth + 1,
          cells: indexed.map((byTask) =>
            summarise((byTask.get(node.id) ?? []).filter((task) => indexOf(task) === mapIndex)),
          ),
          children: 0,
          ancestors: under,
        });
      }
    }
  };
  walk(tree, 0, undefined, []);
  return rows;
}
