// The grid's row order (issue 17): the DAG's structure, upstream before downstream, each task group
// one block, ties in task id order; never the order a server happens to list a run's instances in.
import { describe, expect, it } from 'vitest';
import type { TaskDefinition } from '../../source/core/model.js';
import { type TaskNode, taskTree } from '../../source/core/taskTree.js';

function def(taskId: string, upstream: string[] = []): TaskDefinition {
  const dot = taskId.lastIndexOf('.');
  return {
    taskId,
    upstream,
    downstream: [],
    ...(dot > 0 ? { group: taskId.slice(0, dot) } : {}),
  };
}

/** The task ids in row order, groups flattened. */
function flat(nodes: readonly TaskNode[]): string[] {
  return nodes.flatMap((node) =>
    node.kind === 'task' ? [node.id] : [`[${node.id}]`, ...flat(node.children)],
  );
}

describe('taskTree', () => {
  it('upstream before downstream although the ids sort the other way (the tasks endpoint lists by task_id)', () => {
    const tree = taskTree([
      def('a_publish', ['z_extract']),
      def('m_transform', ['z_extract']),
      def('z_extract'),
    ]);
    expect(flat(tree)).toEqual(['z_extract', 'a_publish', 'm_transform']);
  });

  it('a chain in reverse id order comes out as the chain', () => {
    const tree = taskTree([def('a', ['b']), def('b', ['c']), def('c', ['d']), def('d')]);
    expect(flat(tree)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('a group is one block, placed after what feeds any of its tasks and before what they feed', () => {
    const tree = taskTree([
      def('load', ['risk.run_models']),
      def('ingest.aggregate', ['ingest.trades']),
      def('ingest.trades', ['ingest.wait']),
      def('ingest.wait'),
      def('risk.run_models', ['ingest.aggregate']),
    ]);
    expect(flat(tree)).toEqual([
      '[ingest]',
      'ingest.wait',
      'ingest.trades',
      'ingest.aggregate',
      '[risk]',
      'risk.run_models',
      'load',
    ]);
  });

  it('nested groups nest; a task outside waits for the whole inner group', () => {
    const tree = taskTree([
      def('outer.inner.b', ['outer.inner.a']),
      def('outer.inner.a', ['outer.start']),
      def('outer.start'),
      def('after', ['outer.inner.b']),
    ]);
    expect(tree).toEqual([
      {
        kind: 'group',
        id: 'outer',
        children: [
          { kind: 'task', id: 'outer.start' },
          {
            kind: 'group',
            id: 'outer.inner',
            children: [
              { kind: 'task', id: 'outer.inner.a' },
              { kind: 'task', id: 'outer.inner.b' },
            ],
          },
        ],
      },
      { kind: 'task', id: 'after' },
    ]);
  });

  it('the same definitions give the same rows, whatever order they arrive in', () => {
    const defs = [def('c', ['a']), def('b', ['a']), def('a'), def('g.x', ['c']), def('g.y', ['b'])];
    const expected = flat(taskTree(defs));
    expect(flat(taskTree([...defs].reverse()))).toEqual(expected);
    expect(expected).toEqual(['a', 'b', 'c', '[g]', 'g.x', 'g.y']);
  });

  it('tasks only seen in runs (removed from the DAG since) follow the defined ones of their group', () => {
    const tree = taskTree(
      [def('b', ['c']), def('c')],
      [{ taskId: 'a_old' }, { taskId: 'b' }, { taskId: 'grp.old', group: 'grp' }],
    );
    expect(flat(tree)).toEqual(['c', 'b', 'a_old', '[grp]', 'grp.old']);
  });

  it('no definitions (unreadable): the seen tasks in id order, grouped', () => {
    const tree = taskTree(
      [],
      [{ taskId: 'z' }, { taskId: 'g.b', group: 'g' }, { taskId: 'a' }, { taskId: 'g.a', group: 'g' }],
    );
    expect(flat(tree)).toEqual(['a', '[g]', 'g.a', 'g.b', 'z']);
  });

  it('a cycle (a hand-made job graph) places the rest in id order instead of looping', () => {
    expect(flat(taskTree([def('a', ['b']), def('b', ['a']), def('c')]))).toEqual(['c', 'a', 'b']);
  });
});
