// What the help overlay and a notice share: a read-only text over the screen that j/k scroll and
// esc closes, with the help keys. Each adds what it shows.
import { type Cell, createCell, type Mode } from '../keys/mode.js';

export type ScrollingMode = Omit<Mode, 'kind'> & { readonly state: Cell<{ offset: number }> };

export function createScrollingMode(close: () => void): ScrollingMode {
  const state = createCell({ offset: 0 });
  return {
    state,
    scope: () => 'help',
    takesText: () => false,
    offers: () => true,
    onCommand(command) {
      if (command === 'scrollDown') state.set((s) => ({ offset: s.offset + 1 }));
      else if (command === 'scrollUp') state.set((s) => ({ offset: Math.max(0, s.offset - 1) }));
      else if (command === 'close') close();
    },
    onText() {},
    subscribe: state.subscribe,
    getSnapshot: state.get,
  };
}
