// The console (issue 5): header, the current screen, breadcrumbs, a flash or input line and the
// key-hint bar, in a root box one row shorter than the terminal (ink 6.8 clears the whole screen
// on every frame when the output reaches the terminal height: ink-style.md §1.2). Every key goes
// through one reducer (appReducer.ts); overlays (help, filter, command line) own the keyboard
// while open, and screens learn it through `keysActive`.
import { Box, useApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import {
  type AppEffect,
  appReducer,
  type HomeMetrics,
  initialAppState,
  type Pane,
  scopeOf,
  topEntry,
} from './appReducer.js';
import { Breadcrumbs } from './components/Breadcrumbs.js';
import { CommandLine } from './components/CommandLine.js';
import { FilterInput } from './components/FilterInput.js';
import { FlashLine } from './components/FlashLine.js';
import { Header } from './components/Header.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { HintBar } from './components/HintBar.js';
import type { ConsoleSession } from './consoleSession.js';
import { createHomeResources, type HomeResourceTiming } from './homeResources.js';
import { type RouteStateBag, RouteStateContext } from './hooks/useRouteState.js';
import { type TerminalSize, TerminalSizeProvider, useTerminalSize } from './hooks/useTerminalSize.js';
import { type Route, routeKey } from './route.js';
import { DatabricksRunScreen } from './screens/DatabricksRunScreen.js';
import { HomeScreen, type HomeScreenProps } from './screens/HomeScreen.js';
import { IncidentsScreen } from './screens/IncidentsScreen.js';
import { RunsScreen } from './screens/RunsScreen.js';
import type { ScreenProps } from './screens/ScreenProps.js';
import { TaskScreen } from './screens/TaskScreen.js';
import { splitKeys } from './splitKeys.js';
import { createStatusStore } from './statusStore.js';
import { createTheme, ThemeContext } from './theme.js';

export interface AppProps {
  session: ConsoleSession;
  /** Called on `q` / `:q`; default: ink's exit(). */
  onQuit?: () => void;
  /** `:ctx NAME`: called, then the console exits; the caller reopens it on that context. Absent: a flash explains. */
  onSwitchContext?: (name: string) => void;
  /** Fixed size for tests and screenshots; default: follow the terminal. */
  size?: TerminalSize;
  /** Environment for NO_COLOR (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Poll intervals (tests and benchmarks shorten them). */
  timing?: HomeResourceTiming;
}

const HEADER_LINES = 3;
/** Breadcrumbs, flash/input line, hint bar. */
const FOOTER_LINES = 3;
const FLASH_MS = 6_000; // k9s DefaultFlashDelay (tui-anchors.md §1.1)

export function App(props: AppProps) {
  const theme = useMemo(() => createTheme(props.env), [props.env]);
  return (
    <ThemeContext.Provider value={theme}>
      <TerminalSizeProvider {...(props.size ? { fixed: props.size } : {})}>
        <Console {...props} />
      </TerminalSizeProvider>
    </ThemeContext.Provider>
  );
}

function Console({ session, onQuit, onSwitchContext, timing }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const panes = useMemo<Pane[]>(
    () => [
      ...(session.backends.airflow ? (['dags'] as const) : []),
      ...(session.backends.databricks ? (['jobs'] as const) : []),
    ],
    [session.backends],
  );
  const [state, dispatch] = useReducer(appReducer, undefined, () =>
    initialAppState(panes, session.contextNames),
  );
  const resources = useMemo(() => createHomeResources(session.backends, timing), [session.backends, timing]);
  useEffect(() => () => resources.dispose(), [resources]);
  const status = useMemo(() => createStatusStore(), []);

  // The one key handler (ink-style.md §4.1 convention 4): every key, home keys included, goes to
  // the reducer in order. Drill-down screens still read keys themselves, gated by `keysActive`.
  const homeMetrics = useRef<HomeMetrics | undefined>(undefined);
  useInput((input, key) => {
    for (const press of splitKeys(input, key)) {
      const home = homeMetrics.current;
      dispatch({ type: 'key', input: press.input, key: press.key, ...(home ? { home } : {}) });
    }
  });

  // Side effects queued by the reducer run here, once each.
  useEffect(() => {
    if (state.effects.length === 0) return;
    const effects: AppEffect[] = state.effects;
    dispatch({ type: 'effectsDone', count: effects.length });
    for (const effect of effects) {
      if (effect.kind === 'quit') {
        if (onQuit) onQuit();
        else exit();
      } else if (onSwitchContext) {
        // The caller reopens the console on the new context once this one has exited.
        onSwitchContext(effect.name);
        exit();
      } else {
        dispatch({
          type: 'flash',
          text: 'Switching contexts needs a restart: dagdeck --context NAME',
          kind: 'error',
        });
      }
    }
  }, [state.effects, onQuit, onSwitchContext, exit]);

  const flashId = state.flash?.id;
  useEffect(() => {
    if (flashId === undefined) return;
    const timer = setTimeout(() => dispatch({ type: 'clearFlash', id: flashId }), FLASH_MS);
    return () => clearTimeout(timer);
  }, [flashId]);

  const open = useCallback((route: Route) => dispatch({ type: 'open', route }), []);
  const setHomeCursor = useCallback(
    (pane: Pane, cursor: number) => dispatch({ type: 'setCursor', pane, cursor }),
    [],
  );

  // Each stack entry's UI state (cursor, toggles), so Esc comes back to the row it left; an
  // entry's state is dropped once it is popped off (or the stack is reset by :dags, :jobs).
  const routeStates = useRef(new Map<string, RouteStateBag>());
  const stackKeys = state.stack.map((entry, depth) => routeKey(entry.route, depth));
  const topKey = stackKeys[stackKeys.length - 1] ?? routeKey({ screen: 'home' }, 0);
  let topState = routeStates.current.get(topKey);
  if (!topState) {
    topState = new Map();
    routeStates.current.set(topKey, topState);
  }
  const stackKeyList = stackKeys.join('\n');
  useEffect(() => {
    const live = new Set(stackKeyList.split('\n'));
    for (const key of routeStates.current.keys()) if (!live.has(key)) routeStates.current.delete(key);
  }, [stackKeyList]);
  const flash = useCallback(
    (text: string, kind: 'info' | 'error' = 'info') => dispatch({ type: 'flash', text, kind }),
    [],
  );

  const height = Math.max(6, rows - 1);
  const body = Math.max(2, height - HEADER_LINES - FOOTER_LINES);
  const top = topEntry(state);
  const overlay = state.overlay;
  const screenProps: Omit<ScreenProps, 'route'> = {
    backends: session.backends,
    open,
    flash,
    width: columns,
    height: body,
    keysActive: overlay.kind === 'none',
    filter: top.filter,
    refreshTick: state.refreshTick,
  };

  let footer = <FlashLine text={state.flash?.text} kind={state.flash?.kind ?? 'info'} />;
  if (overlay.kind === 'filter') footer = <FilterInput draft={overlay.draft} />;
  else if (overlay.kind === 'command') footer = <CommandLine draft={overlay.draft} />;

  return (
    <Box flexDirection="column" width={columns} height={height} overflow="hidden">
      <Header session={session} probes={resources.probes} status={status} width={columns} />
      <Box height={body} width={columns} overflow="hidden" flexDirection="column">
        {overlay.kind === 'help' ? (
          <HelpOverlay scope={scopeOf(top.route)} width={columns} height={body} offset={overlay.offset} />
        ) : (
          <RouteStateContext.Provider value={topState}>
            <Screen
              // A new stack entry is a new screen instance, even for the same kind of screen.
              key={topKey}
              route={top.route}
              props={screenProps}
              home={{
                resources,
                ui: state.home,
                panes: state.panes,
                metrics: homeMetrics,
                status,
                setCursor: setHomeCursor,
              }}
            />
          </RouteStateContext.Provider>
        )}
      </Box>
      <Breadcrumbs routes={state.stack.map((entry) => entry.route)} filter={top.filter} />
      {footer}
      <HintBar scope={scopeOf(top.route)} />
    </Box>
  );
}

function Screen({
  route,
  props,
  home,
}: {
  route: Route;
  props: Omit<ScreenProps, 'route'>;
  home: Pick<HomeScreenProps, 'resources' | 'ui' | 'panes' | 'metrics' | 'status' | 'setCursor'>;
}) {
  switch (route.screen) {
    case 'home':
      return <HomeScreen route={route} {...props} {...home} />;
    case 'incidents':
      return <IncidentsScreen route={route} {...props} />;
    case 'runs':
      return <RunsScreen route={route} {...props} />;
    case 'task':
      return <TaskScreen route={route} {...props} />;
    case 'run':
      return <DatabricksRunScreen route={route} {...props} />;
  }
}
