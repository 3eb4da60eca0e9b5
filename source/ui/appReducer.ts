// The App's state and the one reducer every key goes through. Keys are resolved here, against the
// latest state, never in a render-time closure (ink-style.md §2 probe 4, §4.1): three keys written
// in one tick still land in the right mode. Side effects (quit, context switch) are queued as
// `effects` and run by App in an effect.
import type { Key } from 'ink';
import { NATURAL_DESC, type SortKey, type SortSpec } from './homeRows.js';
import type { KeyScope } from './keyBinding.js';
import { HOME_KEYS, resolveCommand } from './keymap.js';
import type { Route } from './route.js';

export type Pane = 'dags' | 'jobs';

export interface StackEntry {
  route: Route;
  /** The `/` filter of this screen; each level of the stack keeps its own. */
  filter: string;
}

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help'; offset: number }
  | { kind: 'filter'; draft: string; before: string }
  | { kind: 'command'; draft: string };

export type AppEffect = { kind: 'quit' } | { kind: 'switchContext'; name: string };

export interface Flash {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

export interface HomeUi {
  pane: Pane;
  cursor: Record<Pane, number>;
  sort: Record<Pane, SortSpec>;
  /** Bumped by Enter; HomeScreen opens the row under the cursor when it changes (latest state). */
  openRequest: number;
}

export interface AppState {
  stack: StackEntry[];
  overlay: Overlay;
  home: HomeUi;
  refreshTick: number;
  flash: Flash | undefined;
  effects: AppEffect[];
  /** Panes that exist in this session (a context may have only one backend). */
  panes: readonly Pane[];
  contextNames: readonly string[] | undefined;
}

export interface HomeMetrics {
  rows: Record<Pane, number>;
  page: number;
}

export type AppAction =
  /** `home`: the home lists' row counts and page size at the time of the key (for cursor moves). */
  | { type: 'key'; input: string; key: Key; home?: HomeMetrics }
  | { type: 'homeKey'; command: string; rows: Record<Pane, number>; page: number }
  | { type: 'open'; route: Route }
  /** A home pane's cursor followed its row to a new index after a poll (hooks/useStickyCursor.ts). */
  | { type: 'setCursor'; pane: Pane; cursor: number }
  | { type: 'flash'; text: string; kind: 'info' | 'error' }
  | { type: 'clearFlash'; id: number }
  | { type: 'effectsDone'; count: number };

export function initialAppState(panes: readonly Pane[], contextNames?: readonly string[]): AppState {
  return {
    stack: [{ route: { screen: 'home' }, filter: '' }],
    overlay: { kind: 'none' },
    home: {
      pane: panes[0] ?? 'dags',
      cursor: { dags: 0, jobs: 0 },
      sort: { dags: { key: 'name', desc: false }, jobs: { key: 'name', desc: false } },
      openRequest: 0,
    },
    refreshTick: 0,
    flash: undefined,
    effects: [],
    panes,
    contextNames,
  };
}

export function topEntry(state: AppState): StackEntry {
  return state.stack[state.stack.length - 1] ?? { route: { screen: 'home' }, filter: '' };
}

export function scopeOf(route: Route): KeyScope {
  return route.screen;
}

let flashIds = 0;
function withFlash(state: AppState, text: string, kind: 'info' | 'error'): AppState {
  flashIds += 1;
  return { ...state, flash: { id: flashIds, text, kind } };
}

function setTopFilter(state: AppState, filter: string): StackEntry[] {
  const stack = state.stack.slice();
  const top = topEntry(state);
  stack[stack.length - 1] = { ...top, filter };
  return stack;
}

/** Printable text typed into an input (not a control key). */
function typed(input: string, key: Key): string {
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.backspace || key.delete) return '';
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown)
    return '';
  // Pasted text can carry newlines or escapes: keep printable characters only.
  return Array.from(input)
    .filter((ch) => ch >= ' ' && ch !== '\u007f')
    .join('');
}

function onKey(state: AppState, input: string, key: Key, home: HomeMetrics | undefined): AppState {
  const overlay = state.overlay;
  switch (overlay.kind) {
    case 'help': {
      if (key.escape || input === '?' || input === 'q') return { ...state, overlay: { kind: 'none' } };
      if (key.downArrow || input === 'j')
        return { ...state, overlay: { kind: 'help', offset: overlay.offset + 1 } };
      if (key.upArrow || input === 'k')
        return { ...state, overlay: { kind: 'help', offset: Math.max(0, overlay.offset - 1) } };
      return state;
    }
    case 'filter': {
      if (key.return) return { ...state, overlay: { kind: 'none' } };
      if (key.escape)
        return { ...state, overlay: { kind: 'none' }, stack: setTopFilter(state, overlay.before) };
      let draft = overlay.draft;
      if (key.backspace || key.delete) draft = Array.from(draft).slice(0, -1).join('');
      else if (key.ctrl && input === 'u') draft = '';
      else draft += typed(input, key);
      if (draft === overlay.draft) return state;
      // The filter applies while typing (k9s), so the rows narrow with every key.
      return { ...state, overlay: { ...overlay, draft }, stack: setTopFilter(state, draft) };
    }
    case 'command': {
      if (key.escape) return { ...state, overlay: { kind: 'none' } };
      if (key.return) return runCommand({ ...state, overlay: { kind: 'none' } }, overlay.draft);
      if (key.backspace || key.delete) {
        if (overlay.draft === '') return { ...state, overlay: { kind: 'none' } };
        return {
          ...state,
          overlay: { kind: 'command', draft: Array.from(overlay.draft).slice(0, -1).join('') },
        };
      }
      const text = typed(input, key);
      return text ? { ...state, overlay: { kind: 'command', draft: overlay.draft + text } } : state;
    }
    case 'none':
      break;
  }
  const top = topEntry(state);
  const command = resolveCommand(scopeOf(top.route), input, key);
  switch (command) {
    case 'quit':
      return { ...state, effects: [...state.effects, { kind: 'quit' }] };
    case 'help':
      return { ...state, overlay: { kind: 'help', offset: 0 } };
    case 'filter':
      return { ...state, overlay: { kind: 'filter', draft: top.filter, before: top.filter } };
    case 'command':
      return { ...state, overlay: { kind: 'command', draft: '' } };
    case 'refresh':
      return withFlash({ ...state, refreshTick: state.refreshTick + 1 }, 'Refreshing…', 'info');
    case 'incidents':
      return runCommand(state, 'now');
    case 'back':
      // k9s: esc first resets the filter, then goes back one level.
      if (top.filter !== '') return { ...state, stack: setTopFilter(state, '') };
      if (state.stack.length > 1) return { ...state, stack: state.stack.slice(0, -1) };
      return state;
    default:
      // Home keys are resolved here too, so one key stream keeps its order across modes.
      if (command && top.route.screen === 'home' && home)
        return onHomeKey(state, command, home.rows, home.page);
      return state;
  }
}

function runCommand(state: AppState, line: string): AppState {
  const [name = '', ...args] = line.trim().replace(/^:/, '').split(/\s+/);
  switch (name) {
    case '':
      return state;
    case 'dags':
    case 'dag':
    case 'jobs':
    case 'job': {
      const pane: Pane = name.startsWith('dag') ? 'dags' : 'jobs';
      const home = state.stack[0] ?? { route: { screen: 'home' }, filter: '' };
      if (!state.panes.includes(pane)) {
        return withFlash(state, `No ${pane === 'dags' ? 'Airflow' : 'Databricks'} in this context`, 'error');
      }
      return { ...state, stack: [home], home: { ...state.home, pane } };
    }
    case 'now':
    case 'incidents':
      if (topEntry(state).route.screen === 'incidents') return state;
      return { ...state, stack: [...state.stack, { route: { screen: 'incidents' }, filter: '' }] };
    case 'ctx':
    case 'context': {
      const target = args[0];
      const known = state.contextNames;
      if (!target) {
        return withFlash(state, known?.length ? `Contexts: ${known.join(', ')}` : 'Usage: :ctx NAME', 'info');
      }
      if (known && !known.includes(target)) {
        return withFlash(
          state,
          `No context named "${target}": known contexts are ${known.join(', ') || 'none'}`,
          'error',
        );
      }
      return { ...state, effects: [...state.effects, { kind: 'switchContext', name: target }] };
    }
    case 'q':
    case 'quit':
      return { ...state, effects: [...state.effects, { kind: 'quit' }] };
    default:
      return withFlash(state, `Unknown command :${name}: try :dags, :jobs, :now, :ctx NAME or :q`, 'error');
  }
}

const SORT_COMMANDS: Record<string, SortKey> = {
  sortName: 'name',
  sortAge: 'age',
  sortState: 'state',
  sortDuration: 'duration',
  sortId: 'id',
};

// The DAGs pane has no duration or id column (a DAG's id is its name): D and I sorted it by values
// it does not show, with no ▲/▼ anywhere (user audit). They sort the jobs pane only.
const PANE_SORTS: Record<Pane, ReadonlySet<SortKey>> = {
  dags: new Set<SortKey>(['name', 'age', 'state']),
  jobs: new Set<SortKey>(['name', 'age', 'state', 'duration', 'id']),
};

/** One line for a sort key the pane does not have: what it sorts and how to get there. */
function sortElsewhere(state: AppState, command: string, key: SortKey): AppState {
  const letter = HOME_KEYS.find((binding) => binding.command === command)?.keys[0] ?? key;
  const text = state.panes.includes('jobs')
    ? `${letter} sorts the jobs pane by ${key}: Tab to it first`
    : `${letter} sorts Databricks jobs by ${key}: this context has no Databricks`;
  return withFlash(state, text, 'info');
}

function onHomeKey(state: AppState, command: string, rows: Record<Pane, number>, page: number): AppState {
  const home = state.home;
  const pane = home.pane;
  const last = Math.max(0, rows[pane] - 1);
  const current = Math.min(home.cursor[pane], last);
  const move = (to: number): AppState => ({
    ...state,
    home: { ...home, cursor: { ...home.cursor, [pane]: Math.max(0, Math.min(last, to)) } },
  });
  switch (command) {
    case 'nextPane': {
      const index = state.panes.indexOf(pane);
      const next = state.panes[(index + 1) % state.panes.length] ?? pane;
      return next === pane ? state : { ...state, home: { ...home, pane: next } };
    }
    case 'cursorUp':
      return move(current - 1);
    case 'cursorDown':
      return move(current + 1);
    case 'pageUp':
      return move(current - Math.max(1, page));
    case 'pageDown':
      return move(current + Math.max(1, page));
    case 'cursorTop':
      return move(0);
    case 'cursorBottom':
      return move(last);
    case 'drillDown':
      return rows[pane] > 0 ? { ...state, home: { ...home, openRequest: home.openRequest + 1 } } : state;
    default: {
      const key = SORT_COMMANDS[command];
      if (!key) return state;
      if (!PANE_SORTS[pane].has(key)) return sortElsewhere(state, command, key);
      const before = home.sort[pane];
      const sort = before.key === key ? { key, desc: !before.desc } : { key, desc: NATURAL_DESC[key] };
      return { ...state, home: { ...home, sort: { ...home.sort, [pane]: sort } } };
    }
  }
}

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'key':
      return onKey(state, action.input, action.key, action.home);
    case 'homeKey':
      return state.overlay.kind === 'none'
        ? onHomeKey(state, action.command, action.rows, action.page)
        : state;
    case 'open':
      return { ...state, stack: [...state.stack, { route: action.route, filter: '' }] };
    case 'setCursor':
      if (state.home.cursor[action.pane] === action.cursor) return state;
      return {
        ...state,
        home: { ...state.home, cursor: { ...state.home.cursor, [action.pane]: Math.max(0, action.cursor) } },
      };
    case 'flash':
      return withFlash(state, action.text, action.kind);
    case 'clearFlash':
      return state.flash?.id === action.id ? { ...state, flash: undefined } : state;
    case 'effectsDone':
      return { ...state, effects: state.effects.slice(action.count) };
  }
}
