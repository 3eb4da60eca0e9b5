// The ONE keymap table: every key of the console, as rows of (command, keys, scope). The key
// router, the `?` help overlay and the bottom hint bar are all generated from it, so they cannot
// drift apart. `Command` is derived from the rows, and the help text and hint label of each command
// are `Record<Command, string>`: a new command does not compile until it has both.
//
// Scopes: 'global' keys apply on every screen unless the screen binds the same key; a screen scope
// applies while that screen is on top; a mode scope (help, filter, a dialog, a form...) applies
// while that mode is on top and shadows everything else, so a text field takes `q`, `/` and `r`.
// Keys follow k9s and lazygit where users already know them: `:` command, `/` filter, `?` help,
// esc back, hjkl moves, shift+letter sorts, space marks rows for a bulk action.
import { BACKEND_KINDS } from '../../core/model.js';
import { WORKFLOW_TRAITS } from '../../core/workflowTraits.js';
import { isKeyName } from './keyNames.js';

export type ScreenScope = 'home' | 'incidents' | 'runs' | 'task' | 'run' | 'audit' | 'review' | 'log';
export type ModeScope =
  | 'help'
  | 'filter'
  | 'command'
  | 'search'
  | 'picker'
  | 'dialog'
  | 'typeToConfirm'
  | 'form'
  | 'formField';
export type KeyScope = 'global' | ScreenScope | ModeScope;

export interface KeyBindingRow {
  command: string;
  /** What the user presses, as help shows it: 'q', 'enter', 'esc', 'shift+tab', 'ctrl+u', 'space'. */
  keys: readonly string[];
  scope: KeyScope;
  /** Shown in the bottom hint bar (keep the bar to the few that matter). */
  hint?: boolean;
  /** Help text for this scope when the command's general text does not fit it. */
  help?: string;
}

const moves = <S extends KeyScope>(scope: S) =>
  [
    { command: 'cursorUp', keys: ['up', 'k'], scope },
    { command: 'cursorDown', keys: ['down', 'j'], scope },
    { command: 'pageUp', keys: ['pageup', 'ctrl+b'], scope },
    { command: 'pageDown', keys: ['pagedown', 'ctrl+f'], scope },
    { command: 'cursorTop', keys: ['home'], scope },
    { command: 'cursorBottom', keys: ['end', 'G'], scope },
  ] as const;

const textEditing = <S extends KeyScope>(scope: S) =>
  [
    { command: 'deleteBack', keys: ['backspace'], scope },
    { command: 'clearText', keys: ['ctrl+u'], scope },
  ] as const;

export const KEYMAP = [
  // Everywhere (a screen's own binding of the same key wins).
  { command: 'quit', keys: ['q'], scope: 'global', hint: true },
  { command: 'interrupt', keys: ['ctrl+c'], scope: 'global' },
  { command: 'help', keys: ['?'], scope: 'global', hint: true },
  { command: 'filter', keys: ['/'], scope: 'global', hint: true },
  { command: 'command', keys: [':'], scope: 'global', hint: true },
  { command: 'incidents', keys: ['!'], scope: 'global', hint: true },
  { command: 'refresh', keys: ['r'], scope: 'global', hint: true },
  { command: 'jumpToWrite', keys: ['J'], scope: 'global' },
  // The selected row's URL, on every screen that has one (`o` opens a workflow's runs in the incident view).
  { command: 'copyUrl', keys: ['y'], scope: 'global' },
  { command: 'openUrl', keys: ['O'], scope: 'global' },
  { command: 'back', keys: ['esc'], scope: 'global', hint: true },

  // Home: the DAGs and jobs panes.
  { command: 'nextPane', keys: ['tab', 'shift+tab'], scope: 'home', hint: true },
  {
    command: 'drillDown',
    keys: ['enter'],
    scope: 'home',
    hint: true,
    help: 'Open the runs of the selected row',
  },
  ...moves('home'),
  { command: 'sortName', keys: ['N'], scope: 'home' },
  { command: 'sortAge', keys: ['A'], scope: 'home' },
  { command: 'sortState', keys: ['S'], scope: 'home' },
  { command: 'sortDuration', keys: ['D'], scope: 'home' },
  { command: 'sortId', keys: ['I'], scope: 'home' },
  { command: 'trigger', keys: ['t'], scope: 'home', hint: true },
  { command: 'togglePause', keys: ['p'], scope: 'home' },
  { command: 'retry', keys: ['c'], scope: 'home' },
  { command: 'toggleMark', keys: ['space'], scope: 'home' },

  // A workflow's runs: the Airflow runs × tasks grid, or a Databricks job's run list.
  ...moves('runs'),
  { command: 'cursorLeft', keys: ['left', 'h'], scope: 'runs' },
  { command: 'cursorRight', keys: ['right', 'l'], scope: 'runs' },
  {
    command: 'drillDown',
    keys: ['enter'],
    scope: 'runs',
    hint: true,
    help: 'Open the task instance, or open/close a task group or the map indexes of a mapped task (grid); open the run (run list)',
  },
  { command: 'retry', keys: ['c'], scope: 'runs', hint: true },
  { command: 'clearRun', keys: ['C'], scope: 'runs' },
  { command: 'mark', keys: ['m'], scope: 'runs', hint: true },
  { command: 'markRun', keys: ['M'], scope: 'runs' },
  { command: 'toggleMark', keys: ['space'], scope: 'runs' },
  { command: 'trigger', keys: ['t'], scope: 'runs' },
  { command: 'cancelRun', keys: ['x'], scope: 'runs' },
  { command: 'cancelAllRuns', keys: ['X'], scope: 'runs' },

  // One Airflow task instance.
  ...moves('task'),
  { command: 'openLink', keys: ['g', 'enter'], scope: 'task', hint: true },
  {
    command: 'openLog',
    keys: ['l'],
    scope: 'task',
    hint: true,
    help: "Open the task's log (the current try)",
  },
  { command: 'openSplitLog', keys: ['L'], scope: 'task', hint: true },
  { command: 'retry', keys: ['c'], scope: 'task', hint: true },
  { command: 'mark', keys: ['m'], scope: 'task', hint: true },

  // One Databricks run.
  ...moves('run'),
  { command: 'openLog', keys: ['l'], scope: 'run', hint: true, help: "Open the selected task's output" },
  {
    command: 'openLink',
    keys: ['g'],
    scope: 'run',
    hint: true,
    help: 'Open the Airflow task that started this run',
  },
  { command: 'retry', keys: ['c'], scope: 'run', hint: true },
  { command: 'cancelRun', keys: ['x'], scope: 'run', hint: true },
  { command: 'trigger', keys: ['t'], scope: 'run' },

  // The incident view.
  ...moves('incidents'),
  {
    command: 'drillDown',
    keys: ['enter'],
    scope: 'incidents',
    hint: true,
    help: 'Open the failed task or run',
  },
  {
    command: 'openLog',
    keys: ['l'],
    scope: 'incidents',
    hint: true,
    help: "Open the failed task's log (a run: its first failed task)",
  },
  { command: 'failuresOnly', keys: ['f'], scope: 'incidents', hint: true },
  { command: 'openRuns', keys: ['o'], scope: 'incidents', hint: true },
  { command: 'retry', keys: ['c'], scope: 'incidents', hint: true },
  { command: 'toggleMark', keys: ['space'], scope: 'incidents' },

  // The audit trail (:audit).
  ...moves('audit'),

  // The platform review (:review).
  ...moves('review'),
  {
    command: 'drillDown',
    keys: ['enter'],
    scope: 'review',
    hint: true,
    help: 'Open the DAG, job or run the finding is about',
  },
  { command: 'reviewSeverity', keys: ['s'], scope: 'review', hint: true },
  { command: 'reviewKind', keys: ['t'], scope: 'review', hint: true },

  // A log pane (or two): less's keys where less has one.
  { command: 'cursorUp', keys: ['up', 'k'], scope: 'log', help: 'Scroll up a line (the follow pauses)' },
  { command: 'cursorDown', keys: ['down', 'j'], scope: 'log', help: 'Scroll down a line' },
  { command: 'pageUp', keys: ['pageup', 'ctrl+b', 'b'], scope: 'log' },
  { command: 'pageDown', keys: ['pagedown', 'ctrl+f', 'space'], scope: 'log' },
  { command: 'cursorTop', keys: ['g', 'home'], scope: 'log', help: 'First line' },
  { command: 'followLog', keys: ['G', 'end'], scope: 'log', hint: true },
  { command: 'searchLog', keys: ['/'], scope: 'log', hint: true },
  { command: 'searchNext', keys: ['n'], scope: 'log', hint: true },
  { command: 'searchPrevious', keys: ['N'], scope: 'log' },
  { command: 'filterLines', keys: ['&'], scope: 'log', hint: true },
  { command: 'nextError', keys: ['e'], scope: 'log', hint: true },
  { command: 'previousError', keys: ['E'], scope: 'log' },
  { command: 'toggleWrap', keys: ['w'], scope: 'log', hint: true },
  { command: 'scrollLeft', keys: ['left', 'h'], scope: 'log' },
  { command: 'scrollRight', keys: ['right', 'l'], scope: 'log' },
  { command: 'toggleTimestamps', keys: ['t'], scope: 'log' },
  { command: 'saveLog', keys: ['s'], scope: 'log', hint: true },
  { command: 'pickTry', keys: ['p'], scope: 'log', hint: true },
  {
    command: 'nextPane',
    keys: ['tab', 'shift+tab'],
    scope: 'log',
    hint: true,
    help: 'Move to the other log',
  },

  // `?`: the help overlay.
  { command: 'scrollDown', keys: ['down', 'j'], scope: 'help' },
  { command: 'scrollUp', keys: ['up', 'k'], scope: 'help' },
  { command: 'close', keys: ['esc', '?', 'q'], scope: 'help', hint: true },

  // `/` and `:`: one-line text prompts.
  { command: 'accept', keys: ['enter'], scope: 'filter', hint: true, help: 'Keep the filter' },
  {
    command: 'cancel',
    keys: ['esc'],
    scope: 'filter',
    hint: true,
    help: 'Drop the edit, keep the filter from before',
  },
  ...textEditing('filter'),
  { command: 'accept', keys: ['enter'], scope: 'command', hint: true, help: 'Run the command' },
  { command: 'cancel', keys: ['esc'], scope: 'command', hint: true },
  ...textEditing('command'),
  { command: 'accept', keys: ['enter'], scope: 'search', hint: true, help: 'Keep it' },
  {
    command: 'cancel',
    keys: ['esc'],
    scope: 'search',
    hint: true,
    help: 'Drop the edit, back to where the log was',
  },
  ...textEditing('search'),

  // A list to choose from (mark as…, tasks to repair…).
  { command: 'cursorUp', keys: ['up', 'k'], scope: 'picker' },
  { command: 'cursorDown', keys: ['down', 'j'], scope: 'picker' },
  { command: 'accept', keys: ['enter'], scope: 'picker', hint: true, help: 'Choose the selected entry' },
  { command: 'toggleMark', keys: ['space'], scope: 'picker', hint: true },
  { command: 'cancel', keys: ['esc', 'q'], scope: 'picker', hint: true },

  // The preview of a write, before it is confirmed.
  {
    command: 'accept',
    keys: ['enter', 'y'],
    scope: 'dialog',
    hint: true,
    help: 'Confirm: send the write shown in the preview (once)',
  },
  {
    command: 'cancel',
    keys: ['esc', 'n', 'q'],
    scope: 'dialog',
    hint: true,
    help: 'Cancel: nothing is sent',
  },
  { command: 'scrollDown', keys: ['down', 'j'], scope: 'dialog' },
  { command: 'scrollUp', keys: ['up', 'k'], scope: 'dialog' },
  { command: 'toggleDownstream', keys: ['d'], scope: 'dialog', hint: true },
  { command: 'toggleUpstream', keys: ['u'], scope: 'dialog', hint: true },
  { command: 'toggleOnlyFailed', keys: ['f'], scope: 'dialog', hint: true },
  { command: 'toggleLatestVersion', keys: ['v'], scope: 'dialog' },
  { command: 'toggleAllIndexes', keys: ['a'], scope: 'dialog' },

  // A protected context: the target typed back before the write.
  {
    command: 'accept',
    keys: ['enter'],
    scope: 'typeToConfirm',
    hint: true,
    help: 'Confirm once the name typed matches',
  },
  { command: 'cancel', keys: ['esc'], scope: 'typeToConfirm', hint: true, help: 'Cancel: nothing is sent' },
  ...textEditing('typeToConfirm'),

  // A form (trigger parameters): move between fields, then edit one.
  { command: 'cursorUp', keys: ['up', 'k', 'shift+tab'], scope: 'form' },
  { command: 'cursorDown', keys: ['down', 'j', 'tab'], scope: 'form' },
  { command: 'editField', keys: ['enter'], scope: 'form', hint: true },
  { command: 'toggleValue', keys: ['space'], scope: 'form' },
  { command: 'editInEditor', keys: ['e'], scope: 'form', hint: true },
  { command: 'submit', keys: ['t'], scope: 'form', hint: true },
  { command: 'cancel', keys: ['esc', 'q'], scope: 'form', hint: true, help: 'Cancel: nothing is sent' },
  { command: 'accept', keys: ['enter'], scope: 'formField', hint: true, help: 'Keep the value' },
  { command: 'cancel', keys: ['esc'], scope: 'formField', hint: true, help: 'Drop the edit' },
  ...textEditing('formField'),
] as const satisfies readonly KeyBindingRow[];

export type Command = (typeof KEYMAP)[number]['command'];
export type KeyBinding = KeyBindingRow & { command: Command };

/** Each kind's workflows as the console calls them, in its order of kinds: DAGs, jobs. */
const WORKFLOW_NOUNS = BACKEND_KINDS.map((kind) => WORKFLOW_TRAITS[kind].noun.many);

/** What each command does, for `?` (a row's own `help` wins on its scope). */
export const COMMAND_HELP: Readonly<Record<Command, string>> = {
  quit: 'Quit',
  interrupt: 'Quit now (exit code 130)',
  help: 'Help: every key of this screen',
  filter: 'Filter rows: text, !text, tag:x, state:failed (latest), recent:failed (any recent)',
  command: `Command: ${WORKFLOW_NOUNS.map((noun) => `:${noun.toLowerCase()}`).join(' ')} :now :review :audit :ctx NAME :q`,
  incidents: 'Incidents: what is failed or running now (as :now)',
  refresh: 'Refresh now',
  jumpToWrite: 'Jump to the run the last write made or changed',
  copyUrl: "Copy the selected row's URL (OSC 52: works over SSH)",
  openUrl: "Open the selected row's URL in a browser (without one: show it whole)",
  back: 'Back (or clear the filter)',
  nextPane: `Switch between ${WORKFLOW_NOUNS.join(' and ')}`,
  drillDown: 'Open the selected row',
  cursorUp: 'Move up',
  cursorDown: 'Move down',
  pageUp: 'Page up',
  pageDown: 'Page down',
  cursorTop: 'First row',
  cursorBottom: 'Last row',
  cursorLeft: 'Older run',
  cursorRight: 'Newer run',
  sortName: 'Sort by name (again: reverse)',
  sortAge: 'Sort by last run time',
  sortState: 'Sort by last run state (failed first)',
  sortDuration: 'Sort by last duration (jobs pane only)',
  sortId: 'Sort by id (jobs pane only)',
  trigger: 'Trigger a run (parameters form, preview, confirm)',
  togglePause: 'Pause or unpause (preview, confirm)',
  retry: 'Retry: clear (Airflow) or repair (Databricks); a task that started a run gets both',
  cancelRun: 'Cancel the selected Databricks run (preview, confirm)',
  cancelAllRuns: 'Cancel every active run of this job (preview lists them, confirm)',
  clearRun: "Clear the selected run's failed tasks (preview, confirm)",
  mark: 'Mark the task instance success / failed / skipped (preview, confirm)',
  markRun: 'Mark the run success / failed / queued (preview, confirm)',
  toggleMark: 'Mark or unmark the row for a bulk action',
  openLink: 'Open the linked Databricks run',
  openLog: 'Open the log',
  openSplitLog: "The task's log next to the output of the Databricks run it started",
  followLog: 'Last line, following new lines as they come',
  searchLog: 'Search the whole log (n / N: next / previous match)',
  searchNext: 'Next match',
  searchPrevious: 'Previous match',
  filterLines: 'Only the lines that match, with 2 lines around each (empty: every line)',
  nextError: 'Next ERROR (from the end: the first one)',
  previousError: 'Previous ERROR',
  toggleWrap: 'Wrap long lines (again: one row each, h / l scroll)',
  scrollLeft: 'Scroll left (wrap off)',
  scrollRight: 'Scroll right (wrap off)',
  toggleTimestamps: 'Show or hide timestamps',
  saveLog: 'Save the whole log to a new file (its path is shown)',
  pickTry: 'Another try (Databricks: another task or attempt)',
  failuresOnly: 'Failures only: hide running work (again: show all)',
  reviewSeverity: 'Show one severity: error, warning, note, then all again',
  reviewKind: 'Show one kind: security, cost, resilience, xcom, health, then all again',
  openRuns: "Open the incident's workflow runs (Airflow grid focused on the run)",
  scrollDown: 'Scroll down',
  scrollUp: 'Scroll up',
  close: 'Close',
  accept: 'Accept',
  cancel: 'Cancel',
  deleteBack: 'Delete the character before the cursor',
  clearText: 'Clear the text',
  toggleDownstream: 'Include downstream tasks (again: not)',
  toggleUpstream: 'Include upstream tasks (again: not)',
  toggleOnlyFailed: 'Only failed task instances (again: any state)',
  toggleLatestVersion: 'Run on the latest DAG version (Airflow 3.1+)',
  toggleAllIndexes: 'Every map index of a mapped task (again: the selected one)',
  editField: 'Edit the selected field (booleans and choices: space cycles)',
  toggleValue: 'Flip a boolean or step through the choices',
  editInEditor: 'Edit the whole conf as JSON in $EDITOR',
  submit: 'Preview the trigger (then confirm)',
};

/** The short word each command shows in the hint bar. */
export const HINT_LABELS: Readonly<Record<Command, string>> = {
  quit: 'quit',
  interrupt: 'quit now',
  help: 'help',
  filter: 'filter',
  command: 'command',
  incidents: 'incidents',
  refresh: 'refresh',
  jumpToWrite: 'jump',
  copyUrl: 'copy url',
  openUrl: 'open url',
  back: 'back',
  nextPane: 'pane',
  drillDown: 'open',
  cursorUp: 'up',
  cursorDown: 'down',
  pageUp: 'page up',
  pageDown: 'page down',
  cursorTop: 'top',
  cursorBottom: 'bottom',
  cursorLeft: 'older',
  cursorRight: 'newer',
  sortName: 'name',
  sortAge: 'age',
  sortState: 'state',
  sortDuration: 'duration',
  sortId: 'id',
  trigger: 'trigger',
  togglePause: 'pause',
  retry: 'retry',
  cancelRun: 'cancel',
  cancelAllRuns: 'cancel all',
  clearRun: 'clear run',
  mark: 'mark',
  markRun: 'mark run',
  toggleMark: 'select',
  openLink: 'linked run',
  openLog: 'log',
  openSplitLog: 'log + run',
  followLog: 'follow',
  searchLog: 'search',
  searchNext: 'next',
  searchPrevious: 'previous',
  filterLines: 'filter',
  nextError: 'error',
  previousError: 'previous error',
  toggleWrap: 'wrap',
  scrollLeft: 'left',
  scrollRight: 'right',
  toggleTimestamps: 'timestamps',
  saveLog: 'save',
  pickTry: 'tries',
  failuresOnly: 'failures only',
  reviewSeverity: 'severity',
  reviewKind: 'kind',
  openRuns: 'runs',
  scrollDown: 'down',
  scrollUp: 'up',
  close: 'close',
  accept: 'ok',
  cancel: 'cancel',
  deleteBack: 'delete',
  clearText: 'clear',
  toggleDownstream: 'downstream',
  toggleUpstream: 'upstream',
  toggleOnlyFailed: 'only failed',
  toggleLatestVersion: 'latest version',
  toggleAllIndexes: 'all indexes',
  editField: 'edit',
  toggleValue: 'flip',
  editInEditor: '$EDITOR',
  submit: 'preview',
};

/**
 * Throws when a row names a key the matcher does not understand, or when one scope binds the same
 * key to two commands (the second could never be reached). Run on the table when this module loads.
 */
export function validateKeymap(keymap: readonly KeyBindingRow[]): void {
  const seen = new Map<string, string>();
  for (const row of keymap) {
    for (const key of row.keys) {
      if (!isKeyName(key)) {
        throw new Error(`keymap: "${key}" (${row.scope} ${row.command}) is not a key name`);
      }
      const id = `${row.scope}\u0000${key}`;
      const other = seen.get(id);
      if (other !== undefined && other !== row.command) {
        throw new Error(`keymap: "${key}" is bound twice on ${row.scope}: ${other} and ${row.command}`);
      }
      seen.set(id, row.command);
    }
  }
}

validateKeymap(KEYMAP);

/** How a binding's keys read in help: "tab / shift+tab". */
export function keyLabel(binding: Pick<KeyBindingRow, 'keys'>): string {
  return binding.keys.join(' / ');
}

/** The help text of a binding on its scope. */
export function helpText(binding: KeyBinding): string {
  return binding.help ?? COMMAND_HELP[binding.command];
}
