// The one-line prompts: `/` filter and `:` command, and in a log pane `/` search and `&` line
// filter. Printable keys are text (so `q`, `/`, `r` can be typed); enter accepts, esc cancels,
// backspace and ctrl+u edit. The filter and the search apply while typing (k9s, less), through
// onChange. Prompts draw in the footer line, over the screen.
import type { Command, ModeScope } from '../keys/commands.js';
import { type Cell, createCell, editText, type Mode } from '../keys/mode.js';

export type PromptKind = 'filter' | 'command' | 'search' | 'lineFilter';

const PROMPT_SCOPES: Record<PromptKind, ModeScope> = {
  filter: 'filter',
  command: 'command',
  search: 'search',
  lineFilter: 'search',
};

export interface PromptMode extends Mode {
  readonly kind: PromptKind;
  readonly state: Cell<{ draft: string }>;
}

/** Whether a mode is one of the one-line prompts (drawn in the footer, not the body). */
export function isPromptMode(mode: Mode): mode is PromptMode {
  return mode.kind in PROMPT_SCOPES;
}

export interface PromptOptions {
  kind: PromptKind;
  initial: string;
  onChange?(draft: string): void;
  onAccept(draft: string): void;
  onCancel(): void;
}

export function createPromptMode(options: PromptOptions): PromptMode {
  const state = createCell({ draft: options.initial });
  const change = (draft: string) => {
    if (draft === state.get().draft) return;
    state.set({ draft });
    options.onChange?.(draft);
  };
  return {
    kind: options.kind,
    state,
    scope: () => PROMPT_SCOPES[options.kind],
    takesText: () => true,
    offers: () => true,
    onCommand(command: Command) {
      if (command === 'accept') options.onAccept(state.get().draft);
      else if (command === 'cancel') options.onCancel();
      else if (command === 'deleteBack' && options.kind === 'command' && state.get().draft === '') {
        // Backspace on an empty command line closes it, as in a shell prompt.
        options.onCancel();
      } else {
        const edited = editText(state.get().draft, command);
        if (edited !== undefined) change(edited);
      }
    },
    onText(text) {
      change(state.get().draft + text);
    },
    subscribe: state.subscribe,
    getSnapshot: state.get,
  };
}
