// The console's own state (where it is, which modes are open, the home panes' cursor and sort, the
// flash) and the one reducer that changes it. It lives in a small synchronous store outside React
// (createAppStore) so that the key router reads the LATEST state for every key of a burst (fast
// typing over SSH, tmux send-keys, a paste arrive as one chunk) instead of the state of the last
// render; components read it through useSyncExternalStore.
import { NATURAL_DESC, type SortKey, type SortSpec } from '../core/homeRows.js';
import type { Command } from './keys/commands.js';
import type { Mode } from './keys/mode.js';
import type { Route } from './route.js';

export type Pane = 'dags' | 'jobs';

export interface StackEntry {
  route: Route;
  /** The `/` filter of this screen; each level of the stack keeps its own. */
  filter: string;
}

export interface Flash {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

export interface HomeUi {
  pane: Pane;
  cursor: Record<Pane, number>;
  sort: Record<Pane, SortSpec>;
  /** Row keys marked with space for one bulk retry. */
  marked: ReadonlySet<string>;
}

/** What the last write made or changed, for the jump key. */
export interface LastWrite {
  route: Route;
  label: string;
}

export interface AppState {
  stack: StackEntry[];
  /** Open modes, innermost last: the last one sees every key first. */
  modes: readonly Mode[];
  home: HomeUi;
  flash: Flash | undefined;
  /** Panes that exist in this session (a context may have only one backend). */
  panes: readonly Pane[];
  lastWrite: LastWrite | undefined;
}

export type AppAction =
  | { type: 'open'; route: Route }
  /** Esc: clears the screen's filter first, then pops one level. */
  | { type: 'back' }
  /** `:dags`, `:jobs`: back to home with that pane focused. */
  | { type: 'home'; pane: Pane }
  | { type: 'setFilter'; filter: string }
  | { type: 'pushMode'; mode: Mode }
  | { type: 'popMode'; mode: Mode }
  | { type: 'flash'; text: string; kind: 'info' | 'error' }
  | { type: 'clearFlash'; id: number }
  | { type: 'homePane'; pane: Pane }
  | { type: 'homeCursor'; pane: Pane; cursor: number }
  | { type: 'homeSort'; pane: Pane; key: SortKey }
  /** Space on a home row; `key` absent: unmark every row. */
  | { type: 'homeMark'; key?: string }
  | { type: 'wrote'; lastWrite: LastWrite };

export function initialAppState(panes: readonly Pane[]): AppState {
  return {
    stack: [{ route: { screen: 'home' }, filter: '' }],
    modes: [],
    home: {
      pane: panes[0] ?? 'dags',
      cursor: { dags: 0, jobs: 0 },
      sort: { dags: { key: 'name', desc: false }, jobs: { key: 'name', desc: false } },
      marked: new Set(),
    },
    flash: undefined,
    panes,
    lastWrite: undefined,
  };
}

export function topEntry(state: AppState): StackEntry {
  return state.stack[state.stack.length - 1] ?? { route: { screen: 'home' }, filter: '' };
}

export function topMode(state: AppState): Mode | undefined {
  return state.modes[state.modes.length - 1];
}

let flashIds = 0;
function withFlash(state: AppState, text: string, kind: 'info' | 'error'): AppState {
  flashIds += 1;
  return { ...state, flash: { id: flashIds, text, kind } };
}

function setTopFilter(state: AppState, filter: string): AppState {
  const top = topEntry(state);
  if (top.filter === filter) return state;
  const stack = state.stack.slice();
  stack[stack.length - 1] = { ...top, filter };
  return { ...state, stack };
}

// The DAGs pane has no duration or id column (a DAG's id is its name): D and I would sort it by
// values it does not show. They sort the jobs pane only, and say so elsewhere.
const PANE_SORTS: Record<Pane, ReadonlySet<SortKey>> = {
  dags: new Set<SortKey>(['name', 'age', 'state']),
  jobs: new Set<SortKey>(['name', 'age', 'state', 'duration', 'id']),
};

function sortHome(state: AppState, pane: Pane, key: SortKey): AppState {
  if (!PANE_SORTS[pane].has(key)) {
    const text = state.panes.includes('jobs')
      ? `${SORT_LETTER[key]} sorts the jobs pane by ${key}: Tab to it first`
      : `${SORT_LETTER[key]} sorts Databricks jobs by ${key}: this context has no Databricks`;
    return withFlash(state, text, 'info');
  }
  const before = state.home.sort[pane];
  const sort = before.key === key ? { key, desc: !before.desc } : { key, desc: NATURAL_DESC[key] };
  return { ...state, home: { ...state.home, sort: { ...state.home.sort, [pane]: sort } } };
}

const SORT_LETTER: Record<SortKey, string> = { name: 'N', age: 'A', state: 'S', duration: 'D', id: 'I' };

/** The sort each sort command asks for. */
export const SORT_COMMANDS: Partial<Record<Command, SortKey>> = {
  sortName: 'name',
  sortAge: 'age',
  sortState: 'state',
  sortDuration: 'duration',
  sortId: 'id',
};

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'open':
      return { ...state, stack: [...state.stack, { route: action.route, filter: '' }] };
    case 'back': {
      // k9s: esc first resets the filter, then goes back one level.
      if (topEntry(state).filter !== '') return setTopFilter(state, '');
      return state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1) } : state;
    }
    case 'home': {
      const home = state.stack[0] ?? { route: { screen: 'home' }, filter: '' };
      return { ...state, stack: [home], home: { ...state.home, pane: action.pane } };
    }
    case 'setFilter':
      return setTopFilter(state, action.filter);
    case 'pushMode':
      return { ...state, modes: [...state.modes, action.mode] };
    case 'popMode':
      return state.modes.includes(action.mode)
        ? { ...state, modes: state.modes.filter((mode) => mode !== action.mode) }
        : state;
    case 'flash':
      return withFlash(state, action.text, action.kind);
    case 'clearFlash':
      return state.flash?.id === action.id ? { ...state, flash: undefined } : state;
    case 'homePane':
      return state.home.pane === action.pane
        ? state
        : { ...state, home: { ...state.home, pane: action.pane } };
    case 'homeCursor': {
      const cursor = Math.max(0, action.cursor);
      if (state.home.cursor[action.pane] === cursor) return state;
      return { ...state, home: { ...state.home, cursor: { ...state.home.cursor, [action.pane]: cursor } } };
    }
    case 'homeSort':
      return sortHome(state, action.pane, action.key);
    case 'homeMark': {
      if (action.key === undefined) {
        return state.home.marked.size === 0
          ? state
          : { ...state, home: { ...state.home, marked: new Set() } };
      }
      const marked = new Set(state.home.marked);
      if (marked.has(action.key)) marked.delete(action.key);
      else marked.add(action.key);
      return { ...state, home: { ...state.home, marked } };
    }
    case 'wrote':
      return { ...state, lastWrite: action.lastWrite };
  }
}

export interface AppStore {
  getState(): AppState;
  dispatch(action: AppAction): void;
  subscribe(listener: () => void): () => void;
}

/** The reducer behind a synchronous store: `dispatch` applies it at once, `getState` is always current. */
export function createAppStore(initial: AppState): AppStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = appReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
