// The trigger form reads its fields from the params query it is given and never from a backend
// (issue 15); the query is disposed once it has answered and when the form closes.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTriggerParamsQuery } from '../../../source/core/triggerParams.js';
import { createTriggerFormMode } from '../../../source/ui/modes/triggerFormMode.js';
import { type StoryHarness, startStoryHarness } from '../screens/support/storyHarness.js';

const DAG = 'fintech_eod_risk';

let h: StoryHarness;
beforeAll(async () => {
  h = await startStoryHarness(3);
});
afterAll(() => h.close());

function openForm(workflowId: string) {
  const params = createTriggerParamsQuery({ airflow: h.airflow }, { backend: 'airflow', workflowId });
  const dispose = vi.spyOn(params, 'dispose');
  const close = vi.fn();
  const form = createTriggerFormMode({
    title: `Trigger ${workflowId}`,
    trigger: h.airflow.capabilities.trigger,
    params,
    submit: vi.fn(),
    close,
  });
  return { form, dispose, close };
}

describe('the trigger form and its params query', () => {
  it("makes a field per declared param, then the backend's logical date and note; the query is let go", async () => {
    const { form, dispose } = openForm(DAG);
    expect(form.state.get().loading).toBe(true);
    await vi.waitFor(() => expect(form.state.get().loading).toBe(false), { timeout: 5_000 });
    const declared = (await h.airflow.getTriggerParams(DAG)).map((spec) => spec.name);
    expect(form.state.get().fields.map((field) => field.key)).toEqual([...declared, '@logicalDate', '@note']);
    expect(dispose).toHaveBeenCalled();
  });

  it('a params read that fails is one line on the form', async () => {
    const { form } = openForm('no_such_dag');
    await vi.waitFor(() => expect(form.state.get().loading).toBe(false), { timeout: 5_000 });
    const { message, fields } = form.state.get();
    expect(message).toMatch(/^Could not read the parameters: /);
    expect(message).not.toContain('\n');
    expect(fields).toEqual([]);
  });

  it('closing the form while the params are read disposes the query and ignores its answer', async () => {
    const { form, dispose, close } = openForm(DAG);
    form.onCommand('cancel');
    expect(close).toHaveBeenCalledOnce();
    expect(dispose).toHaveBeenCalled();
    expect(form.state.get()).toMatchObject({ loading: true, fields: [] });
  });
});
