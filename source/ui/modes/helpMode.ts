// `?`: the help overlay as a mode. j/k scroll, esc (or ? or q) closes. What it lists is decided
// when it opens: the keys of whatever was on top (a screen, or a mode under it).
import type { Command, KeyScope } from '../keys/commands.js';
import { type Cell, createCell, type Mode } from '../keys/mode.js';

export interface HelpMode extends Mode {
  readonly kind: 'help';
  /** The scopes listed, innermost first (the screen's, then 'global'; or one mode's). */
  readonly scopes: readonly KeyScope[];
  /** The commands those scopes offer now (others are left out of the list). */
  readonly offered: (command: Command) => boolean;
  readonly state: Cell<{ offset: number }>;
}

export function createHelpMode(options: {
  scopes: readonly KeyScope[];
  offered: (command: Command) => boolean;
  close: () => void;
}): HelpMode {
  const state = createCell({ offset: 0 });
  return {
    kind: 'help',
    scopes: options.scopes,
    offered: options.offered,
    state,
    scope: () => 'help',
    takesText: () => false,
    offers: () => true,
    onCommand(command) {
      if (command === 'scrollDown') state.set((s) => ({ offset: s.offset + 1 }));
      else if (command === 'scrollUp') state.set((s) => ({ offset: Math.max(0, s.offset - 1) }));
      else if (command === 'close') options.close();
    },
    onText() {},
    subscribe: state.subscribe,
    getSnapshot: state.get,
  };
}
