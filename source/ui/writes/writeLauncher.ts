// What screens call to start a write: the preview dialog for a request, the trigger form, a picker
// in front of a write (mark as…). Screens say what they want; the launcher checks the policy first
// (a read-only session refuses before anything opens), opens the modes, and reports the outcome.
import type { ActionKind, TaskSelector } from '../../core/actions.js';
import type { BackendKind } from '../../core/model.js';
import type { RunRef } from '../../core/runDetail.js';
import type { PlanOutcome } from '../../core/writeFlow.js';
import type { PickerOption } from '../modes/pickerMode.js';
import type { WriteRequest } from '../modes/writeDialogMode.js';
import type { PlansStore } from './plansStore.js';

export interface TriggerTarget {
  backend: BackendKind;
  workflowId: string;
  workflowName: string;
}

export interface WriteLauncher {
  /** Whether this session's `backend` can do `kind` at all (the screen offers the key only then). */
  offers(backend: BackendKind, kind: ActionKind): boolean;
  /** Opens the preview dialog of `request`. */
  start(request: WriteRequest): void;
  /** Opens the trigger form of a workflow, then the preview. */
  trigger(target: TriggerTarget): void;
  /** A picker first (mark as success / failed / skipped…), then the preview of what was chosen. */
  choose<T>(title: string, options: readonly PickerOption<T>[], then: (value: T) => WriteRequest): void;
  /**
   * Retry one task instance: the clear preview, or, when the task started a run of another backend
   * that repairs runs, the two ways back (clear, or repair then mark the task) side by side with
   * what each costs.
   */
  retryTask(target: RetryTarget): void;
  /**
   * Repair one run: a picker of its tasks (the failed ones marked), then the preview with or
   * without their dependents.
   */
  repair(target: RunRef & { onDone?(outcome: PlanOutcome): void }): void;
  /** Plans still going in the background (a repair being waited for). */
  readonly plans: PlansStore;
}

export interface RetryTarget {
  backend: BackendKind;
  workflowId: string;
  runId: string;
  task: TaskSelector;
  /** Called once the chosen write has been sent (the screen re-reads). */
  onDone?(outcome: PlanOutcome): void;
}
