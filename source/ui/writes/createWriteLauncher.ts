// The console's WriteLauncher: modes pushed on the app store, the write flow of the session, and a
// flash with the outcome (plus the jump key to the run the write made or changed).
import { ACTION_LABELS, newRequestId } from '../../core/actions.js';
import type { Capabilities } from '../../core/backend.js';
import { BACKEND_LABEL } from '../../core/backendLabel.js';
import type { ConsoleSession } from '../../core/consoleSession.js';
import { crossRetryOf, type RetryPath } from '../../core/crossRetry.js';
import { errorLine } from '../../core/errors.js';
import type { BackendKind } from '../../core/model.js';
import { repairChoicesOf } from '../../core/repairChoices.js';
import { createPlan, type PlanOutcome, type PlanStep, type WriteFlow } from '../../core/writeFlow.js';
import type { AppStore } from '../appReducer.js';
import type { Mode } from '../keys/mode.js';
import { createPickerMode } from '../modes/pickerMode.js';
import { createTriggerFormMode } from '../modes/triggerFormMode.js';
import { createWriteDialogMode, type WriteRequest } from '../modes/writeDialogMode.js';
import type { Route } from '../route.js';
import { createPlansStore } from './plansStore.js';
import { clearRequest, repairRequest } from './requests.js';
import type { WriteLauncher } from './writeLauncher.js';

export interface WriteLauncherOptions {
  flow: WriteFlow;
  /** The console session: it owns the queries the launcher's modes read (the trigger form's params). */
  session: ConsoleSession;
  store: AppStore;
  editText?: ((text: string, extension: string) => Promise<string>) | undefined;
}

/**
 * Where the jump key leads after a step: the run it made or changed, opened on its own where the
 * backend lists runs (`runView`), or focused in the workflow's grid.
 */
export function outcomeRoute(
  step: PlanStep,
  runView: Capabilities['runView'],
  runId: string | undefined,
  workflowName?: string,
): Route | undefined {
  const { action } = step;
  const run = runId ?? ('runId' in action ? action.runId : undefined);
  if (runView === 'runList') {
    if (run) return { screen: 'run', backend: step.backend, workflowId: action.workflowId, runId: run };
    return {
      screen: 'runs',
      backend: step.backend,
      workflowId: action.workflowId,
      workflowName: workflowName ?? action.workflowId,
    };
  }
  return {
    screen: 'runs',
    backend: step.backend,
    workflowId: action.workflowId,
    workflowName: workflowName ?? action.workflowId,
    ...(run ? { focusRunId: run } : {}),
  };
}

export function createWriteLauncher(options: WriteLauncherOptions): WriteLauncher {
  const { flow, store } = options;
  const plans = createPlansStore();
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

  const jumpRoute = (step: PlanStep, runId: string | undefined, workflowName?: string) => {
    const runView = flow.environment.backends[step.backend]?.capabilities.runView;
    return runView ? outcomeRoute(step, runView, runId, workflowName) : undefined;
  };

  const report = (outcome: PlanOutcome, title: string, workflowName?: string) => {
    const done = outcome.steps.find((step) => step.status === 'ok');
    const route = done ? jumpRoute(done.step, done.result?.runId, workflowName) : undefined;
    if (route) {
      store.dispatch({ type: 'wrote', lastWrite: { route, label: outcome.summary } });
    }
    // A plan of several steps that all went through is best said by what it was for.
    const text = outcome.ok && outcome.steps.length > 1 ? `Done: ${title}` : outcome.summary;
    flash(
      `${outcome.ok ? '✓ ' : ''}${text}${route ? ' · J jumps to it' : ''}`,
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
    const startedAt = Date.now();
    const mode = createWriteDialogMode({
      flow,
      request,
      close: () => pop(mode),
      finished: (outcome) => {
        plans.remove(outcome.plan.id);
        report(outcome, request.title, workflowName);
      },
      failed: (message) => flash(message, 'error'),
      progress(preview, event, detached) {
        const { steps } = preview.plan;
        // While a plan goes on, J already leads to the run its steps so far made or changed.
        if (event.status === 'ok' && steps.length > 1) {
          const route = jumpRoute(event.step, undefined, workflowName);
          if (route) store.dispatch({ type: 'wrote', lastWrite: { route, label: request.title } });
        }
        if (!detached) return;
        const what =
          event.status === 'started'
            ? ACTION_LABELS[event.step.action.kind].toLowerCase()
            : `${ACTION_LABELS[event.step.action.kind].toLowerCase()}: ${event.status}`;
        plans.set({
          id: preview.plan.id,
          title: request.title,
          step: `${what} (step ${event.index + 1} of ${steps.length})`,
          startedAt,
        });
        if (
          event.status === 'started' &&
          event.index === steps.findIndex((s) => s.action.kind === 'awaitRepair')
        ) {
          flash(
            `${request.title}: the repair runs; the rest follows when it succeeds (the header shows it)`,
            'info',
          );
        }
      },
    });
    push(mode);
  };

  /** A retry path as the preview dialog's request. */
  const pathRequest = (path: RetryPath, onDone: WriteRequest['onDone']): WriteRequest => ({
    title: path.title,
    notes: path.notes,
    steps: () => path.steps,
    ...(onDone ? { onDone } : {}),
  });

  return {
    plans,
    offers: (backend: BackendKind, kind) =>
      flow.environment.backends[backend]?.capabilities.actions.has(kind) ?? false,
    start: (request) => start(request),

    retryTask(target) {
      const { backends } = flow.environment;
      const clear = clearRequest(
        [
          {
            backend: target.backend,
            workflowId: target.workflowId,
            runId: target.runId,
            tasks: [target.task],
          },
        ],
        target.onDone,
      );
      if (!backends[target.backend]) return;
      // The policy first: a read-only session refuses before any lookup is made.
      if (!allowed(clear.steps({ ...clear.toggles }))) return;
      const cross = crossRetryOf(backends, target.backend);
      if (!cross) {
        start(clear);
        return;
      }
      flash(`Looking for a ${BACKEND_LABEL[cross.linkedKind]} run this task started…`, 'info');
      cross
        .choose(target)
        .then((choice) => {
          if (!choice) {
            start(clear);
            return;
          }
          const { instance, link, paths } = choice;
          const detail = (path: RetryPath) =>
            [path.estimate, ...path.notes.map((note) => `! ${note}`)].join('\n');
          const choices = [
            { label: 'clear', value: paths.clear as RetryPath | undefined, detail: detail(paths.clear) },
            paths.repair
              ? {
                  label: 'repair',
                  value: paths.repair as RetryPath | undefined,
                  detail: detail(paths.repair),
                }
              : { label: 'repair (not possible)', value: undefined, detail: paths.repairUnavailable ?? '' },
          ];
          const picker = createPickerMode<RetryPath | undefined>({
            title: `Two ways back for ${instance.taskId} (${BACKEND_LABEL[link.backend]} run ${link.runId}):`,
            options: choices,
            accept([path]) {
              if (!path) {
                flash(paths.repairUnavailable ?? 'Repair is not possible for this run', 'info');
                return;
              }
              pop(picker);
              // Clearing keeps its toggles (downstream, upstream…); the repair plan is fixed.
              if (path === paths.clear) start({ ...clear, notes: path.notes });
              else start(pathRequest(path, target.onDone));
            },
            cancel: () => pop(picker),
          });
          push(picker);
        })
        .catch((error: unknown) => flash(errorLine(error), 'error'));
    },

    repair(run) {
      const { backends } = flow.environment;
      if (!backends[run.backend]) return;
      const probe = repairRequest(run, []);
      if (!allowed(probe.steps({ ...probe.toggles }))) return;
      repairChoicesOf(backends, run).then(
        (tasks) => {
          if (tasks.length === 0) {
            flash(`Run ${run.runId} ran no task: there is nothing to repair`, 'info');
            return;
          }
          const marked = tasks.flatMap((task, index) => (task.needsRepair ? [index] : []));
          const picker = createPickerMode({
            title: `Repair run ${run.runId}: the tasks to re-run (space marks, enter goes on)`,
            options: tasks.map((task) => ({ label: task.taskKey, value: task.taskKey, detail: task.detail })),
            multiple: true,
            marked,
            accept(keys) {
              pop(picker);
              start(repairRequest(run, keys, run.onDone));
            },
            cancel: () => pop(picker),
          });
          push(picker);
        },
        (error: unknown) => flash(errorLine(error), 'error'),
      );
    },

    trigger(target) {
      const backend = flow.environment.backends[target.backend];
      if (!backend) return;
      const probe: PlanStep = {
        backend: target.backend,
        action: { kind: 'trigger', workflowId: target.workflowId, requestId: newRequestId(), params: {} },
      };
      if (!allowed([probe])) return;
      const { trigger } = backend.capabilities;
      const form = createTriggerFormMode({
        title: `Trigger ${target.workflowName}`,
        trigger,
        params: options.session.triggerParams(target),
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
                    ...(trigger.logicalDate ? { logicalDate: values.logicalDate } : {}),
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
