// The console's own state (where it is, which modes are open, the home panes' cursor and sort, the
// flash) and the one reducer that changes it. It lives in a small synchronous store outside React
// (createAppStore) so that the key router reads the LATEST state for every key of a burst (fast
// typing over SSH, tmux send-keys, a paste arrive as one chunk) instead of the state of the last
// render; components read it through useSyncExternalStore.
import { BACKEND_LABEL } from '../core/backendLabel.js';
import { NATURAL_DESC, type SortKey, type SortSpec } from '../core/homeRows.js';
import { BACKEND_KINDS, type BackendKind, byKind } from '../core/model.js';
import { WORKFLOW_TRAITS } from '../core/workflowTraits.js';
import type { Command } from './keys/commands.js';
import type { Mode } from './keys/mode.js';
import type { Route } from './route.js';

/** A home pane lists the workflows of one backend, so it is named by that backend's kind. */
export type Pane = BackendKind;

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
  /** `:dags`, `:jobs` (a kind's workflow noun): back to home with that pane focused. */
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
      pane: panes[0] ?? BACKEND_KINDS[0],
      // Every kind has a cursor and a sort, shown or not: a pane never reads a missing one.
      cursor: byKind(() => 0),
      sort: byKind(() => ({ key: 'name', desc: false })),
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

// A pane sorts only by what its columns show (workflowTraits.ts): a sort another kind's pane
// offers says where to find it instead of doing nothing.
function sortHome(state: AppState, pane: Pane, key: SortKey): AppState {
  if (!WORKFLOW_TRAITS[pane].sortKeys.has(key)) {
    const where = BACKEND_KINDS.find((kind) => WORKFLOW_TRAITS[kind].sortKeys.has(key));
    if (!where) return state;
    const { many } = WORKFLOW_TRAITS[where].noun;
    const text = state.panes.includes(where)
      ? `${SORT_LETTER[key]} sorts the ${many} pane by ${key}: Tab to it first`
      : `${SORT_LETTER[key]} sorts ${BACKEND_LABEL[where]} ${many} by ${key}: this context has no ${BACKEND_LABEL[where]}`;
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
