// The trigger form's params as a core query (issue 15: the UI reads a store and never calls
// getTriggerParams itself), against the Airflow simulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleSession } from '../../source/core/consoleSession.js';
import { createTriggerParamsQuery } from '../../source/core/triggerParams.js';
import { type StoryHarness, startStoryHarness } from '../ui/screens/support/storyHarness.js';

const DAG = 'fintech_eod_risk';

let h: StoryHarness;
beforeAll(async () => {
  h = await startStoryHarness(3);
});
afterAll(() => h.close());

describe('createTriggerParamsQuery', () => {
  it("reads the workflow's declared params from its backend", async () => {
    const query = createTriggerParamsQuery({ airflow: h.airflow }, { backend: 'airflow', workflowId: DAG });
    await query.refresh();
    expect(query.getSnapshot().data?.map((spec) => spec.name)).toEqual(
      (await h.airflow.getTriggerParams(DAG)).map((spec) => spec.name),
    );
    expect(query.getSnapshot().data?.length).toBeGreaterThan(0);
    query.dispose();
  });

  it('a workflow the server does not know is one error line, with no data', async () => {
    const query = createTriggerParamsQuery(
      { airflow: h.airflow },
      { backend: 'airflow', workflowId: 'no_such_dag' },
    );
    await query.refresh();
    const { data, error } = query.getSnapshot();
    expect(data).toBeUndefined();
    expect(error).toMatch(/no_such_dag|not found/i);
    expect(error).not.toContain('\n');
    query.dispose();
  });

  it('a context without that backend says so in one line', async () => {
    const query = createTriggerParamsQuery(
      { airflow: h.airflow },
      { backend: 'databricks', workflowId: '1' },
    );
    await query.refresh();
    expect(query.getSnapshot().error).toBe(
      'No Databricks workspace in this context: add one with `dagdeck context`',
    );
    query.dispose();
  });

  it('reads nothing once disposed', async () => {
    const query = createTriggerParamsQuery({ airflow: h.airflow }, { backend: 'airflow', workflowId: DAG });
    query.dispose();
    await query.refresh();
    expect(query.getSnapshot()).toMatchObject({ data: undefined, error: undefined, loading: false });
  });

  it("is the console session's: disposing the session stops a form's query still open", async () => {
    const session = createConsoleSession({ backends: { airflow: h.airflow } });
    const query = session.triggerParams({ backend: 'airflow', workflowId: DAG });
    session.dispose();
    await query.refresh();
    expect(query.getSnapshot()).toMatchObject({ data: undefined, error: undefined, loading: false });
  });

  it('a query the form let go reads nothing, and the session still reads the next one', async () => {
    const session = createConsoleSession({ backends: { airflow: h.airflow } });
    const first = session.triggerParams({ backend: 'airflow', workflowId: DAG });
    first.dispose();
    await first.refresh();
    expect(first.getSnapshot().data).toBeUndefined();
    const second = session.triggerParams({ backend: 'airflow', workflowId: DAG });
    await second.refresh();
    expect(second.getSnapshot().data?.length).toBeGreaterThan(0);
    session.dispose();
  });
});
