// The preview of a write, as a mode: it asks the write flow for the preview as soon as it opens
// (again after each toggle), shows what will change, and sends the plan once when the operator
// confirms: enter or y on an open context; on a protected one, the target typed back first. A second
// enter while the write is in flight does nothing, and esc before confirming sends nothing.
import { errorLine, isAbortError } from '../../core/errors.js';
import type { PlanOutcome, PlanPreview, PlanStep, StepEvent, WriteFlow } from '../../core/writeFlow.js';
import { createPlan } from '../../core/writeFlow.js';
import type { Command } from '../keys/commands.js';
import { type Cell, createCell, editText, type Mode } from '../keys/mode.js';

export const TOGGLE_COMMANDS = [
  'toggleDownstream',
  'toggleUpstream',
  'toggleOnlyFailed',
  'toggleLatestVersion',
  'toggleAllIndexes',
] as const satisfies readonly Command[];
export type ToggleCommand = (typeof TOGGLE_COMMANDS)[number];
export type Toggles = Partial<Record<ToggleCommand, boolean>>;

/** What a screen asks for: the steps for the current toggles, and what to do once it is done. */
export interface WriteRequest {
  /** One line naming the write: "Clear risk_modelling.run_risk_models in scheduled__…". */
  title: string;
  /** The toggles this write offers and where they start (absent: not offered). */
  toggles?: Toggles;
  steps(toggles: Toggles): PlanStep[];
  /** What to know before confirming that the request's maker worked out (shown above the preview's own). */
  notes?: string[];
  /** Called once the write has been sent (whatever came of it), so the screen re-reads. */
  onDone?(outcome: PlanOutcome): void;
}

export type DialogPhase = 'previewing' | 'ready' | 'typing' | 'sending' | 'failed';

export interface WriteDialogState {
  phase: DialogPhase;
  toggles: Toggles;
  preview?: PlanPreview | undefined;
  /** The preview's failure, or a wrong typed confirmation. */
  error?: string | undefined;
  typed: string;
  /** First affected line shown (j/k scroll long previews). */
  offset: number;
}

export interface WriteDialogMode extends Mode {
  readonly kind: 'write';
  readonly request: WriteRequest;
  readonly state: Cell<WriteDialogState>;
}

export interface WriteDialogOptions {
  flow: WriteFlow;
  request: WriteRequest;
  close(): void;
  /** The write's outcome, once sent: flashed by the console. */
  finished(outcome: PlanOutcome): void;
  /** A failure outside any step (the policy changed under the dialog). */
  failed(message: string): void;
  /**
   * Each step's start and end. A plan that waits (for a repair) goes on in the background once its
   * wait begins: the dialog closes then (`detached` is true from that step on).
   */
  progress?(preview: PlanPreview, event: StepEvent, detached: boolean): void;
}

/** True when the server's own dry run says the write would change nothing. */
export function nothingToDo(preview: PlanPreview | undefined): boolean {
  return (
    preview?.steps.every(({ preview: step }) => step.serverDryRun && step.affected.length === 0) === true
  );
}

export function createWriteDialogMode(options: WriteDialogOptions): WriteDialogMode {
  const { flow, request } = options;
  const state = createCell<WriteDialogState>({
    phase: 'previewing',
    toggles: { ...request.toggles },
    typed: '',
    offset: 0,
  });
  let controller: AbortController | undefined;
  let closed = false;

  const loadPreview = (): void => {
    controller?.abort();
    const abort = new AbortController();
    controller = abort;
    const toggles = state.get().toggles;
    state.set((s) => ({ ...s, phase: 'previewing', error: undefined, offset: 0 }));
    let steps: PlanStep[];
    try {
      steps = request.steps(toggles);
    } catch (error) {
      state.set((s) => ({ ...s, phase: 'failed', error: errorLine(error) }));
      return;
    }
    flow.preview(createPlan(steps), abort.signal).then(
      (preview) => {
        if (abort.signal.aborted || closed) return;
        state.set((s) => ({ ...s, phase: 'ready', preview }));
      },
      (error: unknown) => {
        if (abort.signal.aborted || closed || isAbortError(error)) return;
        state.set((s) => ({ ...s, phase: 'failed', preview: undefined, error: errorLine(error) }));
      },
    );
  };

  const close = (): void => {
    closed = true;
    controller?.abort();
    options.close();
  };

  const send = (preview: PlanPreview, typed: boolean): void => {
    state.set((s) => ({ ...s, phase: 'sending', error: undefined }));
    let detached = false;
    const onStep = (event: StepEvent) => {
      if (!detached && event.status === 'started' && event.step.action.kind === 'awaitRepair') {
        detached = true;
        closed = true;
        options.close();
      }
      options.progress?.(preview, event, detached);
    };
    flow.execute(preview, typed ? 'typed' : 'dialog', undefined, onStep).then(
      (outcome) => {
        if (!detached) {
          closed = true;
          options.close();
        }
        options.finished(outcome);
        request.onDone?.(outcome);
      },
      (error: unknown) => {
        if (!detached) {
          closed = true;
          options.close();
        }
        options.failed(errorLine(error));
      },
    );
  };

  const accept = (): void => {
    const current = state.get();
    const preview = current.preview;
    if (!preview) return;
    if (current.phase === 'ready') {
      if (nothingToDo(preview)) return;
      if (preview.policy.kind === 'typed') state.set((s) => ({ ...s, phase: 'typing', typed: '' }));
      else send(preview, false);
      return;
    }
    if (current.phase === 'typing' && preview.policy.kind === 'typed') {
      if (current.typed === preview.policy.expected) send(preview, true);
      else {
        state.set((s) => ({
          ...s,
          error: `That is not "${preview.policy.kind === 'typed' ? preview.policy.expected : ''}": type it exactly, or esc to cancel`,
        }));
      }
    }
  };

  const mode: WriteDialogMode = {
    kind: 'write',
    request,
    state,
    scope: () => (state.get().phase === 'typing' ? 'typeToConfirm' : 'dialog'),
    takesText: () => state.get().phase === 'typing',
    offers(command) {
      const { phase, preview } = state.get();
      if (phase === 'sending') return false;
      if ((TOGGLE_COMMANDS as readonly Command[]).includes(command)) {
        return phase !== 'typing' && request.toggles?.[command as ToggleCommand] !== undefined;
      }
      if (command === 'accept') {
        return phase === 'typing' || (phase === 'ready' && !nothingToDo(preview));
      }
      return true;
    },
    onCommand(command) {
      const current = state.get();
      if (current.phase === 'sending') return;
      switch (command) {
        case 'cancel':
          // From typing, esc steps back to the preview; from the preview, it closes.
          if (current.phase === 'typing')
            state.set((s) => ({ ...s, phase: 'ready', typed: '', error: undefined }));
          else close();
          return;
        case 'accept':
          accept();
          return;
        case 'scrollDown':
          state.set((s) => ({ ...s, offset: s.offset + 1 }));
          return;
        case 'scrollUp':
          state.set((s) => ({ ...s, offset: Math.max(0, s.offset - 1) }));
          return;
        default: {
          if ((TOGGLE_COMMANDS as readonly Command[]).includes(command)) {
            const toggle = command as ToggleCommand;
            if (current.toggles[toggle] === undefined) return;
            state.set((s) => ({ ...s, toggles: { ...s.toggles, [toggle]: !s.toggles[toggle] } }));
            loadPreview();
            return;
          }
          const typed = editText(current.typed, command);
          if (typed !== undefined) state.set((s) => ({ ...s, typed, error: undefined }));
        }
      }
    },
    onText(text) {
      if (state.get().phase !== 'typing') return;
      state.set((s) => ({ ...s, typed: s.typed + text, error: undefined }));
    },
    subscribe: state.subscribe,
    getSnapshot: state.get,
  };
  loadPreview();
  return mode;
}
