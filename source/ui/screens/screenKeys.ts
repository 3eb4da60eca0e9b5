// The keys of the drill-down screens and the incident view, as rows of the one keymap table
// (source/ui/keymap.ts merges them; the `?` overlay and the hint bar are generated from them).
// hjkl and arrows move as in k9s/lazygit (tui-anchors.md §0); `g` follows the Airflow → Databricks
// link (a k9s-style jump, tui-anchors.md §1.6) because `l` already moves right. `f` on the
// incident view keeps failures only, after k9s's faults-only toggle (tui-anchors.md §1.5).
import type { KeyBinding, KeyScope } from '../keyBinding.js';

type ScreenScope = Extract<KeyScope, 'runs' | 'task' | 'run' | 'incidents'>;

const moves = (scope: ScreenScope): KeyBinding[] => [
  { command: 'cursorUp', keys: ['up', 'k'], help: 'Move up', scope },
  { command: 'cursorDown', keys: ['down', 'j'], help: 'Move down', scope },
  { command: 'pageUp', keys: ['pageup', 'ctrl+b'], help: 'Page up', scope },
  { command: 'pageDown', keys: ['pagedown', 'ctrl+f'], help: 'Page down', scope },
  { command: 'cursorTop', keys: ['home'], help: 'First row', scope },
  { command: 'cursorBottom', keys: ['end', 'G'], help: 'Last row', scope },
];

export const screenKeys: KeyBinding[] = [
  ...moves('runs'),
  { command: 'cursorLeft', keys: ['left', 'h'], help: 'Older run (Airflow grid)', scope: 'runs' },
  { command: 'cursorRight', keys: ['right', 'l'], help: 'Newer run (Airflow grid)', scope: 'runs' },
  {
    command: 'drillDown',
    keys: ['enter'],
    help: 'Open the task instance (Airflow) or the run (Databricks)',
    scope: 'runs',
    hint: true,
  },
  ...moves('task'),
  {
    command: 'openLink',
    keys: ['g', 'enter'],
    help: 'Open the linked Databricks run',
    scope: 'task',
    hint: true,
  },
  ...moves('run'),
  ...moves('incidents'),
  {
    command: 'drillDown',
    keys: ['enter'],
    help: 'Open the failed task or run',
    scope: 'incidents',
    hint: true,
  },
  {
    command: 'failuresOnly',
    keys: ['f'],
    help: 'Failures only: hide running work (again: show all)',
    scope: 'incidents',
    hint: true,
  },
  {
    command: 'openRuns',
    keys: ['o'],
    help: "Open the incident's workflow runs (Airflow grid focused on the run)",
    scope: 'incidents',
    hint: true,
  },
];
