// The home rows are rebuilt only when their data changes: the home screen mounts again on every
// Esc back, and with 15,000 rows a rebuild was the slow key of bench/console.mjs.
import { describe, expect, it } from 'vitest';
import { createHomeRows } from '../../source/core/homeRows.js';
import { modelRun, workflow } from '../support/modelFixtures.js';

const { buildWorkflowRows, joinRecentRuns, sortHomeRows } = createHomeRows();

describe('home rows', () => {
  const workflows = [workflow('b_dag'), workflow('a_dag'), workflow('dag_10'), workflow('dag_9')];
  const runs = [modelRun('a_dag', 'r1', 'failed', '2026-11-20T10:00:00Z')];

  it('reuses the sanitised rows, the joined rows and the sorted order while the inputs are the same', () => {
    const base = buildWorkflowRows(workflows);
    expect(buildWorkflowRows(workflows)).toBe(base);
    const joined = joinRecentRuns(base, runs, 6);
    expect(joinRecentRuns(base, runs, 6)).toBe(joined);
    const sorted = sortHomeRows(joined, { key: 'name', desc: false });
    expect(sortHomeRows(joined, { key: 'name', desc: false })).toBe(sorted);
    expect(sortHomeRows(joined, { key: 'name', desc: true })).not.toBe(sorted);
  });

  it('re-joins only the run strips when a poll brings new runs', () => {
    const base = buildWorkflowRows(workflows);
    const before = joinRecentRuns(base, runs, 6);
    const newer = [modelRun('a_dag', 'r2', 'success', '2026-11-20T11:00:00Z'), ...runs];
    const after = joinRecentRuns(base, newer, 6);
    expect(after).not.toBe(before);
    expect(after.find((row) => row.id === 'a_dag')?.recent.map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(buildWorkflowRows(workflows)).toBe(base);
  });

  it('sorts names in natural order (dag_9 before dag_10)', () => {
    const rows = sortHomeRows(joinRecentRuns(buildWorkflowRows(workflows), runs, 6), {
      key: 'name',
      desc: false,
    });
    expect(rows.map((row) => row.name)).toEqual(['a_dag', 'b_dag', 'dag_9', 'dag_10']);
  });
});
