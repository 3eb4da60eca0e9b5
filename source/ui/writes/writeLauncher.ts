// What screens call to start a write: the preview dialog for a request, the trigger form, a picker
// in front of a write (mark as…). Screens say what they want; the launcher checks the policy first
// (a read-only session refuses before anything opens), opens the modes, and reports the outcome.
import type { ActionKind } from '../../core/actions.js';
import type { BackendKind } from '../../core/model.js';
import type { PickerOption } from '../modes/pickerMode.js';
import type { WriteRequest } from '../modes/writeDialogMode.js';

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
}
