// The per-kind table the UI reads instead of naming a backend (issue 15): the `:dags`/`:job`
// commands resolve through it, pane titles are built from it, and each kind's sorts are there.
import { describe, expect, it } from 'vitest';
import { BACKEND_KINDS, byKind } from '../../source/core/model.js';
import { kindNamedBy, WORKFLOW_TRAITS, workflowListTitle } from '../../source/core/workflowTraits.js';

describe('workflow traits', () => {
  it('resolves a workflow noun, one or many, any case, to its kind; anything else to none', () => {
    expect(kindNamedBy('dags')).toBe('airflow');
    expect(kindNamedBy('DAG')).toBe('airflow');
    expect(kindNamedBy('jobs')).toBe('databricks');
    expect(kindNamedBy('job')).toBe('databricks');
    for (const word of ['', 'now', 'dagz', 'runs', 'airflow']) expect(kindNamedBy(word)).toBeUndefined();
  });

  it("titles each kind's list the way the home panes always have", () => {
    expect(workflowListTitle('airflow')).toBe('Airflow DAGs');
    expect(workflowListTitle('databricks')).toBe('Databricks jobs');
  });

  it('offers an id sort only where the id is not the name, and every kind sorts by name, age and state', () => {
    for (const kind of BACKEND_KINDS) {
      const { sortKeys, idIsName } = WORKFLOW_TRAITS[kind];
      expect(sortKeys.has('id')).toBe(!idIsName);
      for (const key of ['name', 'age', 'state'] as const) expect(sortKeys.has(key)).toBe(true);
    }
  });

  it('lists every kind once, and byKind makes a value for each', () => {
    expect(new Set(BACKEND_KINDS).size).toBe(BACKEND_KINDS.length);
    expect(Object.keys(byKind((kind) => kind)).sort()).toEqual([...BACKEND_KINDS].sort());
  });
});
