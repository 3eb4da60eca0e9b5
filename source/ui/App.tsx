// The console: header, the current screen (or the mode open on top of it: help, a picker, a write's
// preview, the trigger form), breadcrumbs, a flash or prompt line and the key-hint bar, in a root
// box one row shorter than the terminal (ink 6.8 clears the whole screen on every frame when the
// output reaches the terminal height). Every key takes one route (keys/routeKeyPress.ts): the
// innermost mode, else the screen's registered commands, else the console's global ones.
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { BACKEND_LABEL } from '../core/backendLabel.js';
import type { ConsoleSession } from '../core/consoleSession.js';
import { BACKEND_KINDS } from '../core/model.js';
import { parseDuration } from '../core/parseDuration.js';
import { kindNamedBy } from '../core/workflowTraits.js';
import {
  type AppStore,
  createAppStore,
  initialAppState,
  type Pane,
  topEntry,
  topMode,
} from './appReducer.js';
import { Breadcrumbs } from './components/Breadcrumbs.js';
import { CommandLine } from './components/CommandLine.js';
import { FilterInput } from './components/FilterInput.js';
import { FlashLine } from './components/FlashLine.js';
import { Header } from './components/Header.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { HintBar } from './components/HintBar.js';
import { NoticeView } from './components/NoticeView.js';
import { PickerView } from './components/PickerView.js';
import { PromptLine } from './components/PromptLine.js';
import { TriggerForm } from './components/TriggerForm.js';
import { useModeState } from './components/useModeState.js';
import { WriteDialog } from './components/WriteDialog.js';
import type { ConsoleSetup } from './consoleSetup.js';
import { RouteStateContext } from './hooks/useRouteState.js';
import { type TerminalSize, TerminalSizeProvider, useTerminalSize } from './hooks/useTerminalSize.js';
import { type Command, KEYMAP, type KeyScope } from './keys/commands.js';
import type { Mode, ModeStack } from './keys/mode.js';
import { routeKeyPress } from './keys/routeKeyPress.js';
import { createScreenCommandRegistry, ScreenCommandsContext } from './keys/screenCommands.js';
import { type KeyPress, splitKeys } from './keys/splitKeys.js';
import { createHelpMode, type HelpMode } from './modes/helpMode.js';
import { createNoticeMode, type NoticeMode } from './modes/noticeMode.js';
import type { PickerMode } from './modes/pickerMode.js';
import { createPromptMode, isPromptMode, type PromptMode } from './modes/promptMode.js';
import type { TriggerFormMode } from './modes/triggerFormMode.js';
import type { WriteDialogMode } from './modes/writeDialogMode.js';
import { osc52 } from './osc52.js';
import { type Route, routeKey } from './route.js';
import { AuditScreen } from './screens/AuditScreen.js';
import { HomeScreen, type HomeScreenProps } from './screens/HomeScreen.js';
import { IncidentsScreen } from './screens/IncidentsScreen.js';
import { LogScreen } from './screens/LogScreen.js';
import { ReviewScreen } from './screens/ReviewScreen.js';
import { RunScreen } from './screens/RunScreen.js';
import { RunsScreen } from './screens/RunsScreen.js';
import type { ScreenProps, UrlActions } from './screens/ScreenProps.js';
import { TaskScreen } from './screens/TaskScreen.js';
import { createTheme, ThemeContext } from './theme.js';
import { createWriteLauncher } from './writes/createWriteLauncher.js';

export interface AppProps {
  session: ConsoleSetup;
  /** Called on `q` / `:q`; default: ink's exit(). */
  onQuit?: () => void;
  /** `:ctx NAME`: called, then the console exits; the caller reopens it on that context. Absent: a flash explains. */
  onSwitchContext?: (name: string) => void;
  /** Fixed size for tests and screenshots; default: follow the terminal. */
  size?: TerminalSize;
  /** Environment for NO_COLOR (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /**
   * Every store the console reads (core/consoleSession.ts), made on `session.backends` by whoever
   * opens the App, which disposes it once the App is gone: the App only reads it.
   */
  consoleSession: ConsoleSession;
}

/** Below this the panes cannot be laid out: the console says so instead of drawing half of them. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;
const HEADER_LINES = 3;
/** Breadcrumbs, flash/input line, hint bar. */
const FOOTER_LINES = 3;
const FLASH_MS = 6_000; // k9s DefaultFlashDelay
/** How long a second q has to come to quit while a plan is still going. */
const QUIT_AGAIN_MS = 5_000;

const GLOBAL_COMMANDS: ReadonlySet<Command> = new Set(
  KEYMAP.filter((binding) => binding.scope === 'global').map((binding) => binding.command),
);

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

const noSubscribe = () => () => {};
const noSnapshot = () => undefined;

/** Re-renders when the innermost mode changes (its scope and what it offers may change with it). */
function useModeVersion(mode: Mode | undefined): unknown {
  return useSyncExternalStore(
    mode?.subscribe ?? noSubscribe,
    mode?.getSnapshot ?? noSnapshot,
    mode?.getSnapshot ?? noSnapshot,
  );
}

function Console({ session, onQuit, onSwitchContext, consoleSession: live }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  // One home pane per backend the context has, in the console's order of kinds.
  const panes = useMemo<Pane[]>(
    () => BACKEND_KINDS.filter((kind) => session.backends[kind] !== undefined),
    [session.backends],
  );
  const store = useMemo<AppStore>(() => createAppStore(initialAppState(panes)), [panes]);
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState);
  const registry = useMemo(createScreenCommandRegistry, []);
  useSyncExternalStore(registry.subscribe, registry.getVersion, registry.getVersion);
  const writes = useMemo(
    () => createWriteLauncher({ flow: session.writes, session: live, store, editText: session.editText }),
    [session.writes, live, session.editText, store],
  );

  const callbacks = useRef({ onQuit, onSwitchContext, exit });
  callbacks.current = { onQuit, onSwitchContext, exit };

  const flash = useCallback(
    (text: string, kind: 'info' | 'error' = 'info') => store.dispatch({ type: 'flash', text, kind }),
    [store],
  );
  const open = useCallback((route: Route) => store.dispatch({ type: 'open', route }), [store]);
  const modeStack = useMemo<ModeStack>(
    () => ({
      push: (mode) => store.dispatch({ type: 'pushMode', mode }),
      pop: (mode) => store.dispatch({ type: 'popMode', mode }),
    }),
    [store],
  );
  const { write } = useStdout();
  const urls = useMemo<UrlActions>(() => {
    const showWhole = (url: string) => {
      const mode: NoticeMode = createNoticeMode({
        title: 'No browser here: the whole URL (esc closes)',
        text: url,
        close: () => store.dispatch({ type: 'popMode', mode }),
      });
      store.dispatch({ type: 'pushMode', mode });
    };
    return {
      copy(url) {
        write(osc52(url));
        flash(`Copied to the terminal's clipboard (OSC 52): ${url}`, 'info');
      },
      open(url) {
        const opener = session.openUrl;
        if (!opener) {
          showWhole(url);
          return;
        }
        void opener(url).then((opened) =>
          opened ? flash(`Opened in the browser: ${url}`, 'info') : showWhole(url),
        );
      },
    };
  }, [write, flash, session.openUrl, store]);

  // The console's own commands: what a key means when neither a mode nor the screen took it.
  const handleGlobal = useMemo(() => {
    let quitWarnedAt = 0;
    const quit = () => {
      // A plan still waiting for a repair would never tell Airflow: quitting takes a second q.
      const waiting = writes.plans.getSnapshot();
      if (waiting.length > 0 && Date.now() - quitWarnedAt > QUIT_AGAIN_MS) {
        quitWarnedAt = Date.now();
        flash(
          `${waiting.length} plan${waiting.length === 1 ? ' is' : 's are'} still going (${waiting[0]?.title ?? ''}): q again within 5 s quits and leaves the rest unsent`,
          'error',
        );
        return;
      }
      const { onQuit: quitHandler, exit: exitInk } = callbacks.current;
      if (quitHandler) quitHandler();
      else exitInk();
    };
    const push = (mode: Mode) => store.dispatch({ type: 'pushMode', mode });
    const pop = (mode: Mode) => store.dispatch({ type: 'popMode', mode });

    const runCommand = (line: string): void => {
      const [name = '', ...args] = line.trim().replace(/^:/, '').split(/\s+/);
      const current = store.getState();
      // `:dags`, `:job`...: a kind's workflow noun, one or many, goes home to that kind's pane.
      const pane = kindNamedBy(name);
      if (pane) {
        if (current.panes.includes(pane)) store.dispatch({ type: 'home', pane });
        else flash(`No ${BACKEND_LABEL[pane]} in this context`, 'error');
        return;
      }
      switch (name) {
        case '':
          return;
        case 'now':
        case 'incidents': {
          const windowMs = args[0] ? parseDuration(args[0]) : undefined;
          if (args[0] && (windowMs === undefined || windowMs < 60_000)) {
            flash(`:${name} takes a time window such as 30m, 6h or 2d, not "${args[0]}"`, 'error');
            return;
          }
          const top = topEntry(current).route;
          if (top.screen !== 'incidents' || top.windowMs !== windowMs)
            open({ screen: 'incidents', ...(windowMs !== undefined ? { windowMs } : {}) });
          return;
        }
        case 'audit':
          if (topEntry(current).route.screen !== 'audit') open({ screen: 'audit' });
          return;
        case 'review':
          if (topEntry(current).route.screen !== 'review') open({ screen: 'review' });
          return;
        case 'ctx':
        case 'context': {
          const target = args[0];
          const known = session.contextNames;
          if (!target) {
            flash(known?.length ? `Contexts: ${known.join(', ')}` : 'Usage: :ctx NAME', 'info');
            return;
          }
          if (known && !known.includes(target)) {
            flash(`No context named "${target}": known contexts are ${known.join(', ') || 'none'}`, 'error');
            return;
          }
          const switchTo = callbacks.current.onSwitchContext;
          if (!switchTo) {
            flash('Switching contexts needs a restart: dagdeck --context NAME', 'error');
            return;
          }
          // The caller reopens the console on the new context once this one has exited.
          switchTo(target);
          callbacks.current.exit();
          return;
        }
        case 'q':
        case 'quit':
          quit();
          return;
        default:
          flash(
            `Unknown command :${name}: try :dags, :jobs, :now, :review, :audit, :ctx NAME or :q`,
            'error',
          );
      }
    };

    return (command: Command): void => {
      const current = store.getState();
      const top = topEntry(current);
      switch (command) {
        case 'quit':
          quit();
          return;
        case 'help': {
          const scopes: KeyScope[] = [top.route.screen, 'global'];
          const mode: HelpMode = createHelpMode({
            scopes,
            offered: (cmd) => GLOBAL_COMMANDS.has(cmd) || registry.offers(cmd),
            close: () => pop(mode),
          });
          push(mode);
          return;
        }
        case 'filter': {
          const before = top.filter;
          const mode: PromptMode = createPromptMode({
            kind: 'filter',
            initial: before,
            onChange: (filter) => store.dispatch({ type: 'setFilter', filter }),
            onAccept: () => pop(mode),
            onCancel: () => {
              store.dispatch({ type: 'setFilter', filter: before });
              pop(mode);
            },
          });
          push(mode);
          return;
        }
        case 'command': {
          const mode: PromptMode = createPromptMode({
            kind: 'command',
            initial: '',
            onAccept: (draft) => {
              pop(mode);
              runCommand(draft);
            },
            onCancel: () => pop(mode),
          });
          push(mode);
          return;
        }
        case 'incidents':
          runCommand('now');
          return;
        case 'back':
          store.dispatch({ type: 'back' });
          return;
        case 'refresh':
          flash('Nothing to refresh on this screen', 'info');
          return;
        case 'copyUrl':
        case 'openUrl':
          flash('No URL on this screen: select a run or a task first', 'info');
          return;
        case 'jumpToWrite': {
          const last = current.lastWrite;
          if (last) open(last.route);
          else
            flash('No write yet in this session: J jumps to the run the last write made or changed', 'info');
          return;
        }
        default:
          // ctrl+c is the console root's (exit code 130).
          return;
      }
    };
  }, [store, registry, flash, open, session.contextNames, writes]);

  // Keys of one burst go one by one; after a key that changed the console's state (a filter
  // accepted, a screen opened, a pane switched) the rest waits for that state to be rendered, so the
  // next key acts on what the operator would have seen: "/eod<enter><tab><enter>" opens the row the
  // filter left, not the row that was under the cursor before.
  const pending = useRef<KeyPress[]>([]);
  const drain = useCallback(() => {
    for (let press = pending.current.shift(); press; press = pending.current.shift()) {
      const before = store.getState();
      routeKeyPress(press, {
        mode: topMode(before),
        screenScope: topEntry(before).route.screen,
        screen: registry,
        global: handleGlobal,
      });
      if (store.getState() !== before) return;
    }
  }, [store, registry, handleGlobal]);
  useInput((input, key) => {
    pending.current.push(...splitKeys(input, key));
    drain();
  });
  useLayoutEffect(() => {
    if (pending.current.length > 0) drain();
  });

  const flashId = state.flash?.id;
  useEffect(() => {
    if (flashId === undefined) return;
    const timer = setTimeout(() => store.dispatch({ type: 'clearFlash', id: flashId }), FLASH_MS);
    return () => clearTimeout(timer);
  }, [flashId, store]);

  const setHomeCursor = useCallback(
    (pane: Pane, cursor: number) => store.dispatch({ type: 'homeCursor', pane, cursor }),
    [store],
  );

  // Each stack entry's UI state (cursor, toggles, a log pane's follow) is kept by the session, so
  // Esc comes back to the row it left; an entry's scope is disposed once it is popped off (or the
  // stack is reset by :dags, :jobs), and every one when the console closes.
  const stackKeys = state.stack.map((entry, depth) => routeKey(entry.route, depth));
  const topKey = stackKeys[stackKeys.length - 1] ?? routeKey({ screen: 'home' }, 0);
  const topScope = live.routes.scope(topKey);
  const stackKeyList = stackKeys.join('\n');
  useEffect(() => {
    live.routes.keep(new Set(stackKeyList.split('\n')));
  }, [live, stackKeyList]);

  const mode = topMode(state);
  useModeVersion(mode);
  const height = Math.max(6, rows - 1);
  const body = Math.max(2, height - HEADER_LINES - FOOTER_LINES);
  const top = topEntry(state);
  const screenProps: Omit<ScreenProps, 'route'> = {
    session: live,
    open,
    flash,
    width: columns,
    height: body,
    filter: top.filter,
    writes,
    urls,
  };

  const footer =
    mode && isPromptMode(mode) ? (
      <PromptFooter mode={mode} />
    ) : (
      <FlashLine text={state.flash?.text} kind={state.flash?.kind ?? 'info'} />
    );
  const hintScopes: KeyScope[] = mode ? [mode.scope()] : [top.route.screen, 'global'];
  const offered = (command: Command): boolean =>
    mode ? mode.offers(command) : GLOBAL_COMMANDS.has(command) || registry.offers(command);
  // The innermost mode that draws in the body (a prompt draws in the footer, over the screen).
  const bodyMode = [...state.modes].reverse().find((m) => !isPromptMode(m));

  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    // Keys still work (q quits); the screen comes back when the terminal grows.
    return (
      <Box flexDirection="column" width={columns} height={height} overflow="hidden">
        <Text wrap="wrap">{`dagdeck: terminal too small (need ${MIN_COLUMNS}×${MIN_ROWS}, this one is ${columns}×${rows}); make it larger, or q to quit`}</Text>
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={columns} height={height} overflow="hidden">
      <Header
        setup={session}
        probes={live.home.probes}
        status={live.status}
        width={columns}
        plans={writes.plans}
      />
      <Box height={body} width={columns} overflow="hidden" flexDirection="column">
        {bodyMode ? <ModeBody mode={bodyMode} width={columns} height={body} /> : null}
        <Box display={bodyMode ? 'none' : 'flex'} flexDirection="column" height={body} width={columns}>
          <ScreenCommandsContext.Provider value={registry}>
            <RouteStateContext.Provider value={topScope}>
              <Screen
                // A new stack entry is a new screen instance, even for the same kind of screen.
                key={topKey}
                route={top.route}
                props={screenProps}
                setup={session}
                modes={modeStack}
                back={() => store.dispatch({ type: 'back' })}
                home={{
                  ui: state.home,
                  panes: state.panes,
                  setCursor: setHomeCursor,
                  store,
                }}
              />
            </RouteStateContext.Provider>
          </ScreenCommandsContext.Provider>
        </Box>
      </Box>
      <Breadcrumbs routes={state.stack.map((entry) => entry.route)} filter={top.filter} />
      {footer}
      <HintBar scopes={hintScopes} offered={offered} />
    </Box>
  );
}

function PromptFooter({ mode }: { mode: PromptMode }) {
  const { draft } = useModeState(mode.state);
  switch (mode.kind) {
    case 'filter':
      return <FilterInput draft={draft} />;
    case 'command':
      return <CommandLine draft={draft} />;
    case 'search':
      return (
        <PromptLine
          sigil="/"
          draft={draft}
          hint="enter keeps · esc goes back · then n / N: next / previous"
        />
      );
    case 'lineFilter':
      return (
        <PromptLine
          sigil="&"
          draft={draft}
          hint="enter keeps the matching lines (±2 around) · empty: every line"
        />
      );
  }
}

function ModeBody({ mode, width, height }: { mode: Mode; width: number; height: number }) {
  switch (mode.kind) {
    case 'help':
      return <HelpBody mode={mode as HelpMode} width={width} height={height} />;
    case 'write':
      return <WriteDialog mode={mode as WriteDialogMode} width={width} height={height} />;
    case 'picker':
      return <PickerView mode={mode as PickerMode<unknown>} width={width} height={height} />;
    case 'form':
      return <TriggerForm mode={mode as TriggerFormMode} width={width} height={height} />;
    case 'notice':
      return <NoticeView mode={mode as NoticeMode} width={width} height={height} />;
    default:
      return null;
  }
}

function HelpBody({ mode, width, height }: { mode: HelpMode; width: number; height: number }) {
  const { offset } = useModeState(mode.state);
  return (
    <HelpOverlay scopes={mode.scopes} offered={mode.offered} width={width} height={height} offset={offset} />
  );
}

function Screen({
  route,
  props,
  setup,
  modes,
  back,
  home,
}: {
  route: Route;
  props: Omit<ScreenProps, 'route'>;
  setup: ConsoleSetup;
  modes: ModeStack;
  back(): void;
  home: Pick<HomeScreenProps, 'ui' | 'panes' | 'setCursor' | 'store'>;
}) {
  switch (route.screen) {
    case 'home':
      return <HomeScreen route={route} {...props} {...home} />;
    case 'incidents':
      return <IncidentsScreen route={route} {...props} now={setup.now} />;
    case 'runs':
      return <RunsScreen route={route} {...props} />;
    case 'task':
      return <TaskScreen route={route} {...props} />;
    case 'run':
      return <RunScreen route={route} {...props} />;
    case 'audit':
      return <AuditScreen route={route} {...props} readAudit={setup.readAudit} />;
    case 'review':
      return <ReviewScreen route={route} {...props} />;
    case 'log':
      return <LogScreen route={route} {...props} modes={modes} back={back} logDir={setup.logDir} />;
  }
}
