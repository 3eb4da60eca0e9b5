// The ONE keymap table (DESIGN.md conventions; ink-style.md §4.1 after gemini-cli keyBindings.ts):
// the key handlers, the `?` help overlay and the bottom hint bar are all generated from these rows.
// Global and home keys live here; the drill-down screens add theirs (screens/screenKeys.ts).
// Keys follow k9s where users already know them (tui-anchors.md §0, §1.2-§1.5): `:` command,
// `/` filter, `?` help, esc back, shift+letter sorts (pressing it again flips the order).
import type { Key } from 'ink';
import { type KeyBinding, type KeyScope, matchesKey } from './keyBinding.js';
import { screenKeys } from './screens/screenKeys.js';

export const GLOBAL_KEYS: readonly KeyBinding[] = [
  { command: 'quit', keys: ['q'], help: 'Quit', scope: 'global', hint: true },
  { command: 'interrupt', keys: ['ctrl+c'], help: 'Quit now (exit code 130)', scope: 'global' },
  { command: 'help', keys: ['?'], help: 'Help: every key of this screen', scope: 'global', hint: true },
  {
    command: 'filter',
    keys: ['/'],
    help: 'Filter rows: text, !text, tag:x, state:failed',
    scope: 'global',
    hint: true,
  },
  {
    command: 'command',
    keys: [':'],
    help: 'Command: :dags :jobs :now :ctx NAME :q',
    scope: 'global',
    hint: true,
  },
  {
    command: 'incidents',
    keys: ['!'],
    help: 'Incidents: what is failed or running now (as :now)',
    scope: 'global',
    hint: true,
  },
  { command: 'refresh', keys: ['r'], help: 'Refresh now', scope: 'global', hint: true },
  { command: 'back', keys: ['esc'], help: 'Back (or clear the filter)', scope: 'global', hint: true },
];

export const HOME_KEYS: readonly KeyBinding[] = [
  {
    command: 'nextPane',
    keys: ['tab', 'shift+tab'],
    help: 'Switch between DAGs and jobs',
    scope: 'home',
    hint: true,
  },
  {
    command: 'drillDown',
    keys: ['enter'],
    help: 'Open the runs of the selected row',
    scope: 'home',
    hint: true,
  },
  { command: 'cursorUp', keys: ['up', 'k'], help: 'Move up', scope: 'home' },
  { command: 'cursorDown', keys: ['down', 'j'], help: 'Move down', scope: 'home' },
  { command: 'pageUp', keys: ['pageup', 'ctrl+b'], help: 'Page up', scope: 'home' },
  { command: 'pageDown', keys: ['pagedown', 'ctrl+f'], help: 'Page down', scope: 'home' },
  { command: 'cursorTop', keys: ['home'], help: 'First row', scope: 'home' },
  { command: 'cursorBottom', keys: ['end', 'G'], help: 'Last row', scope: 'home' },
  { command: 'sortName', keys: ['N'], help: 'Sort by name (again: reverse)', scope: 'home' },
  { command: 'sortAge', keys: ['A'], help: 'Sort by last run time', scope: 'home' },
  { command: 'sortState', keys: ['S'], help: 'Sort by last run state (failed first)', scope: 'home' },
  { command: 'sortDuration', keys: ['D'], help: 'Sort by last duration (jobs pane only)', scope: 'home' },
  { command: 'sortId', keys: ['I'], help: 'Sort by id (jobs pane only)', scope: 'home' },
];

export const KEYMAP: readonly KeyBinding[] = [...GLOBAL_KEYS, ...HOME_KEYS, ...screenKeys];

/** Short words for the hint bar, by command; others use the start of their help text. */
export const HINT_LABELS: Readonly<Record<string, string>> = {
  quit: 'quit',
  help: 'help',
  filter: 'filter',
  command: 'command',
  refresh: 'refresh',
  incidents: 'incidents',
  back: 'back',
  nextPane: 'pane',
  drillDown: 'open',
  openLink: 'linked run',
  openRuns: 'runs',
};

/** The bindings that apply on a screen: its own first, then the global ones. */
export function bindingsFor(scope: KeyScope, keymap: readonly KeyBinding[] = KEYMAP): KeyBinding[] {
  return [
    ...keymap.filter((binding) => binding.scope === scope),
    ...keymap.filter((binding) => binding.scope === 'global'),
  ];
}

/** The command a key means on `scope` (its own bindings win over global ones), if any. */
export function resolveCommand(
  scope: KeyScope,
  input: string,
  key: Key,
  keymap: readonly KeyBinding[] = KEYMAP,
): string | undefined {
  for (const binding of bindingsFor(scope, keymap)) {
    if (matchesKey(binding, input, key)) return binding.command;
  }
  return undefined;
}

/** How a binding's keys read in help: "tab / shift+tab". */
export function keyLabel(binding: Pick<KeyBinding, 'keys'>): string {
  return binding.keys.join(' / ');
}
