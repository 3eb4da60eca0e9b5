// The shape of one row of the keymap table (source/ui/keymap.ts). The handlers, the `?` help overlay
// and the hint bar are all generated from these rows (ink-style.md §4.1).
import type { Key } from 'ink';

/** Where a binding applies: everywhere, or on one screen. */
export type KeyScope = 'global' | 'home' | 'incidents' | 'runs' | 'task' | 'run';

export interface KeyBinding {
  /** A stable command name the reducer/handlers switch on: 'quit', 'drillDown', 'openLink'... */
  command: string;
  /** What the user presses, as shown in help: 'q', 'enter', 'esc', 'tab', 'ctrl+c', 'shift+tab', 'l'. */
  keys: readonly string[];
  help: string;
  scope: KeyScope;
  /** Shown in the bottom hint bar (keep the bar to the few that matter). */
  hint?: boolean;
}

const NAMED: Record<string, (key: Key) => boolean> = {
  enter: (key) => key.return,
  esc: (key) => key.escape,
  tab: (key) => key.tab && !key.shift,
  'shift+tab': (key) => key.tab && key.shift,
  up: (key) => key.upArrow,
  down: (key) => key.downArrow,
  left: (key) => key.leftArrow,
  right: (key) => key.rightArrow,
  pageup: (key) => key.pageUp,
  pagedown: (key) => key.pageDown,
  home: (key) => key.home,
  end: (key) => key.end,
  backspace: (key) => key.backspace || key.delete,
};

/** Whether ink's (input, key) pair is one of the binding's keys. */
export function matchesKey(binding: Pick<KeyBinding, 'keys'>, input: string, key: Key): boolean {
  return binding.keys.some((name) => {
    const named = NAMED[name];
    if (named) return named(key);
    if (name.startsWith('ctrl+')) return key.ctrl && input === name.slice(5);
    return !key.ctrl && !key.meta && input === name;
  });
}
