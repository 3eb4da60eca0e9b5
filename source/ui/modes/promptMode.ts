// The one-line prompts: `/` filter and `:` command. Printable keys are text (so `q`, `/`, `r` can be
// typed); enter accepts, esc cancels, backspace and ctrl+u edit. The filter applies while typing
// (k9s), through onChange.
import type { Command } from '../keys/commands.js';
import { type Cell, createCell, editText, type Mode } from '../keys/mode.js';

export interface PromptMode extends Mode {
  readonly kind: 'filter' | 'command';
  readonly state: Cell<{ draft: string }>;
}

export interface PromptOptions {
  kind: 'filter' | 'command';
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
    scope: () => options.kind,
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
