// The rows of a workflow's tasks in the order of its graph, the way Airflow's own grid orders them:
// each task group is one block, and within the DAG and within each group the children (tasks and
// nested groups) come upstream before downstream. A group counts as upstream of a sibling when any
// of its tasks is. Ties keep the order of the task ids, which is the order the definitions are
// read in, so the same DAG gives the same rows on every refresh, whatever order a server lists a
// run's task instances in (Airflow 3 moves a cleared task instance to the end of its list).
import type { TaskDefinition } from './model.js';

export type TaskNode =
  | { kind: 'task'; id: string }
  | {
      kind: 'group';
      /** The full group id (`outer.inner`). */
      id: string;
      children: TaskNode[];
    };

/** A task the runs have but the definitions do not name (removed since, or unreadable). */
export interface SeenTask {
  taskId: string;
  group?: string | undefined;
}

interface Entry {
  taskId: string;
  /** Enclosing groups, outermost first: ['a', 'a.b'] for a task in nested group a.b. */
  groups: string[];
  upstream: readonly string[];
  /** Defined tasks come before tasks only seen in runs, which have no known edges. */
  defined: boolean;
}

/**
 * @param definitions the workflow's tasks as declared (may be empty when they could not be read)
 * @param seen tasks found in runs; those not among the definitions follow the defined ones of
 *   their group, in id order
 */
export function taskTree(definitions: readonly TaskDefinition[], seen: readonly SeenTask[] = []): TaskNode[] {
  const entries = new Map<string, Entry>();
  for (const definition of definitions) {
    entries.set(definition.taskId, {
      taskId: definition.taskId,
      groups: enclosingGroups(definition.group),
      upstream: definition.upstream,
      defined: true,
    });
  }
  for (const task of seen) {
    if (entries.has(task.taskId)) continue;
    entries.set(task.taskId, {
      taskId: task.taskId,
      groups: enclosingGroups(task.group),
      upstream: [],
      defined: false,
    });
  }
  const all = [...entries.values()].sort(
    (a, b) => Number(b.defined) - Number(a.defined) || compare(a.taskId, b.taskId),
  );
  return level(all, 0, entries);
}

/** 'a.b' → ['a', 'a.b']: the groups around a task, outermost first. */
function enclosingGroups(group: string | undefined): string[] {
  if (!group) return [];
  const parts = group.split('.');
  return parts.map((_, index) => parts.slice(0, index + 1).join('.'));
}

/** The child of the level at `depth` that holds the task: its group at that depth, or itself. */
function childKey(entry: Entry, depth: number): string {
  const group = entry.groups[depth];
  return group === undefined ? `task:${entry.taskId}` : `group:${group}`;
}

/**
 * Orders the children of one level (the DAG at depth 0, a group below), then each group's own
 * children. `members` are the tasks under this level, defined first, each part in id order.
 */
function level(members: readonly Entry[], depth: number, entries: ReadonlyMap<string, Entry>): TaskNode[] {
  // Children in first-appearance order, with the tasks under each.
  const children = new Map<string, Entry[]>();
  for (const entry of members) {
    const key = childKey(entry, depth);
    const list = children.get(key);
    if (list) list.push(entry);
    else children.set(key, [entry]);
  }
  // The siblings each child waits for: a task outside the child that one of its tasks depends on.
  const waitsFor = new Map<string, Set<string>>();
  for (const [key, tasks] of children) {
    const before = new Set<string>();
    for (const task of tasks) {
      for (const upstreamId of task.upstream) {
        const upstream = entries.get(upstreamId);
        if (!upstream || !sameLevel(upstream, members[0], depth)) continue;
        const other = childKey(upstream, depth);
        if (other !== key && children.has(other)) before.add(other);
      }
    }
    waitsFor.set(key, before);
  }
  // Airflow's TaskGroup.topological_sort: sweep the remaining children in order, taking each whose
  // upstream siblings are all placed (earlier in the same sweep included). A cycle, which a DAG
  // cannot have but a hand-made job graph might, places the rest in order rather than looping.
  const placed: string[] = [];
  const done = new Set<string>();
  // Children made only of tasks the definitions do not name have no edges: they go last.
  const known = new Set(
    [...children].filter(([, tasks]) => tasks.some((task) => task.defined)).map(([key]) => key),
  );
  const unknown = [...children.keys()].filter((key) => !known.has(key));
  let remaining = [...known];
  while (remaining.length > 0) {
    const next: string[] = [];
    for (const key of remaining) {
      if ([...(waitsFor.get(key) ?? [])].every((other) => done.has(other))) {
        placed.push(key);
        done.add(key);
      } else next.push(key);
    }
    if (next.length === remaining.length) {
      placed.push(...next);
      break;
    }
    remaining = next;
  }
  placed.push(...unknown);
  return placed.map((key): TaskNode => {
    const tasks = children.get(key) ?? [];
    if (key.startsWith('task:')) return { kind: 'task', id: key.slice('task:'.length) };
    const id = key.slice('group:'.length);
    return { kind: 'group', id, children: level(tasks, depth + 1, entries) };
  });
}

/** Whether `task` is under the same level as `member` (same groups down to `depth`). */
function sameLevel(task: Entry, member: Entry | undefined, depth: number): boolean {
  if (!member) return false;
  for (let index = 0; index < depth; index += 1) {
    if (task.groups[index] !== member.groups[index]) return false;
  }
  return true;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
