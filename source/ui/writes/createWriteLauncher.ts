// The console's WriteLauncher: modes pushed on the app store, the write flow of the session, and a
// flash with the outcome (plus the jump key to the run the write made or changed).
import { newRequestId } from '../../core/actions.js';
import { errorLine } from '../../core/errors.js';
import type { BackendKind } from '../../core/model.js';
import { createPlan, type PlanOutcome, type PlanStep, type WriteFlow } from '../../core/writeFlow.js';
import type { AppStore } from '../appReducer.js';
import type { Mode } from '../keys/mode.js';
import { createPickerMode } from '../modes/pickerMode.js';
import { createTriggerFormMode } from '../modes/triggerFormMode.js';
import { createWriteDialogMode, type WriteRequest } from '../modes/writeDialogMode.js';
import type { Route } from '../route.js';
import type { WriteLauncher } from './writeLauncher.js';

export interface WriteLauncherOptions {
  flow: WriteFlow;
  store: AppStore;
  editText?: ((text: string, extension: string) => Promise<string>) | undefined;
}

/** Where the jump key leads after a step: the run it made or changed. */
export function outcomeRoute(
  step: PlanStep,
  runId: string | undefined,
  workflowName?: string,
): Route | undefined {
  const { action } = step;
  const run = runId ?? ('runId' in action ? action.runId : undefined);
  if (step.backend === 'databricks') {
    if (run) return { screen: 'run', backend: 'databricks', workflowId: action.workflowId, runId: run };
    return {
      screen: 'runs',
      backend: 'databricks',
      workflowId: action.workflowId,
      workflowName: workflowName ?? action.workflowId,
    };
  }
  return {
    screen: 'runs',
    backend: 'airflow',
    workflowId: action.workflowId,
    workflowName: workflowName ?? action.workflowId,
    ...(run ? { focusRunId: run } : {}),
  };
}

export function createWriteLauncher(options: WriteLauncherOptions): WriteLauncher {
  const { flow, store } = options;
  const push = (mode: Mode) => store.dispatch({ type: 'pushMode', mode });
  const pop = (mode: Mode) => store.dispatch({ type: 'popMode', mode });
  const flash = (text: string, kind: 'info' | 'error') => store.dispatch({ type: 'flash', text, kind });

  /** The policy, before anything opens: a refusal is one flashed line. */
  const allowed = (steps: PlanStep[]): boolean => {
    try {
      flow.check(createPlan(steps));
      return true;
    } catch (error) {
      flash(errorLine(error), 'error');
      return false;
    }
  };

  const report = (outcome: PlanOutcome, workflowName?: string) => {
    const done = outcome.steps.find((step) => step.status === 'ok');
    const route = done ? outcomeRoute(done.step, done.result?.runId, workflowName) : undefined;
    if (route) {
      store.dispatch({ type: 'wrote', lastWrite: { route, label: outcome.summary } });
    }
    flash(
      `${outcome.ok ? '✓ ' : ''}${outcome.summary}${route ? ' · J jumps to it' : ''}`,
      outcome.ok ? 'info' : 'error',
    );
  };

  const start = (request: WriteRequest, workflowName?: string): void => {
    let first: PlanStep[];
    try {
      first = request.steps({ ...request.toggles });
    } catch (error) {
      flash(errorLine(error), 'error');
      return;
    }
    if (!allowed(first)) return;
    const mode = createWriteDialogMode({
      flow,
      request,
      close: () => pop(mode),
      finished: (outcome) => report(outcome, workflowName),
      failed: (message) => flash(message, 'error'),
    });
    push(mode);
  };

  return {
    offers: (backend: BackendKind, kind) =>
      flow.environment.backends[backend]?.capabilities.actions.has(kind) ?? false,
    start: (request) => start(request),

    trigger(target) {
      const backend = flow.environment.backends[target.backend];
      if (!backend) return;
      const probe: PlanStep = {
        backend: target.backend,
        action: { kind: 'trigger', workflowId: target.workflowId, requestId: newRequestId(), params: {} },
      };
      if (!allowed([probe])) return;
      const form = createTriggerFormMode({
        title: `Trigger ${target.workflowName}`,
        backend,
        workflowId: target.workflowId,
        ...(options.editText ? { editText: options.editText } : {}),
        close: () => pop(form),
        submit(values) {
          // One id per attempt: a double enter or a re-send reuses it, a new attempt gets a new one.
          const requestId = newRequestId();
          start(
            {
              title: `Trigger ${target.workflowName}`,
              steps: () => [
                {
                  backend: target.backend,
                  action: {
                    kind: 'trigger',
                    workflowId: target.workflowId,
                    requestId,
                    params: values.params,
                    ...(backend.capabilities.trigger.logicalDate ? { logicalDate: values.logicalDate } : {}),
                    ...(values.note ? { note: values.note } : {}),
                  },
                },
              ],
              onDone(outcome) {
                const [step] = outcome.steps;
                if (step?.status === 'error') form.refused(step.message ?? 'refused');
                else pop(form);
              },
            },
            target.workflowName,
          );
        },
      });
      push(form);
    },

    choose(title, choices, then) {
      const picker = createPickerMode({
        title,
        options: choices,
        accept([value]) {
          pop(picker);
          if (value !== undefined) start(then(value));
        },
        cancel: () => pop(picker),
      });
      push(picker);
    },
  };
}
