// A text shown whole over the screen, as long as it is (a URL there is no browser to open, so it
// can be selected and copied): wrapped to the width, j/k scroll, esc closes. Uses the help keys.
import { type Cell, createCell, type Mode } from '../keys/mode.js';

export interface NoticeMode extends Mode {
  readonly kind: 'notice';
  readonly title: string;
  readonly text: string;
  readonly state: Cell<{ offset: number }>;
}

export function createNoticeMode(options: { title: string; text: string; close: () => void }): NoticeMode {
  const state = createCell({ offset: 0 });
  return {
    kind: 'notice',
    title: options.title,
    text: options.text,
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
