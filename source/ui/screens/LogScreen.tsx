// The log pane: one task's log followed as it is written, or two side by side (stacked on a narrow
// terminal), each following on its own, Tab moving between them. Opened with `l` on a task, a
// Databricks run's task or an incident row, and with `L` on a task that started a Databricks run
// (its log next to that run's output). Keys act on the focused pane: less's where less has one
// (j/k, space/b, g/G, / n N, & filter), e/E for errors, w wrap, t timestamps, s save, p tries.
//
// Each pane's controller (logs/logPane.ts) lives as long as the route is in the stack, so a screen
// pushed over the log (`!`, `:audit`) does not stop the follow, and Esc back finds it where it was.
import { Box } from 'ink';
import { useEffect, useRef } from 'react';
import { DEFAULT_LOG_BUFFER_BYTES } from '../../core/logBuffer.js';
import { sanitizeName } from '../../core/sanitize.js';
import { useRouteResource, useRouteState } from '../hooks/useRouteState.js';
import type { ModeStack } from '../keys/mode.js';
import { type CommandHandlers, useScreenCommands } from '../keys/screenCommands.js';
import { createLogPane, type LogPane } from '../logs/logPane.js';
import type { LogTarget } from '../logs/logTarget.js';
import { createPickerMode, type PickerMode } from '../modes/pickerMode.js';
import { createPromptMode, type PromptMode } from '../modes/promptMode.js';
import type { Route } from '../route.js';
import { LogPaneView } from './parts/LogPaneView.js';
import { useLatest } from './parts/useLatest.js';
import type { ConsoleBackends, ScreenProps } from './ScreenProps.js';

type LogRoute = Extract<Route, { screen: 'log' }>;

export interface LogScreenProps extends ScreenProps<LogRoute> {
  /** Where the prompts (search, filter) and the try picker open. */
  modes: ModeStack;
  /** Esc with nothing left to clear in the pane: back to the screen before. */
  back(): void;
  /** Where `s` saves a log. */
  logDir: string;
  /** Time between two reads while following (tests shorten it). */
  pollMs?: number;
}

/** Two panes sit side by side from this width (each keeps ~80 columns); below it they stack. */
export const SIDE_BY_SIDE_LOG_COLUMNS = 160;

interface PaneSet {
  panes: LogPane[];
  dispose(): void;
}

function createPaneSet(targets: readonly LogTarget[], backends: ConsoleBackends, pollMs?: number): PaneSet {
  // Two panes share the memory one would have.
  const maxBytes = Math.floor(DEFAULT_LOG_BUFFER_BYTES / Math.max(1, targets.length));
  const panes = targets.map((target) =>
    createLogPane({ backends, target, maxBytes, ...(pollMs !== undefined ? { pollMs } : {}) }),
  );
  return {
    panes,
    dispose() {
      for (const pane of panes) pane.dispose();
    },
  };
}

export function LogScreen(props: LogScreenProps) {
  const { route, width, height, modes, flash } = props;
  const { backends } = props.session;
  const { panes } = useRouteResource('panes', () => createPaneSet(route.panes, backends, props.pollMs));
  const [focus, setFocus] = useRouteState('focus', 0);
  const shown = useRef(true);
  useEffect(
    () => () => {
      shown.current = false;
    },
    [],
  );
  const view = useLatest({ focus: Math.min(focus, panes.length - 1) });
  const current = (): LogPane => panes[view.current.focus] ?? (panes[0] as LogPane);
  const say = (message: string | undefined) => {
    if (message) flash(message, 'info');
  };

  const openSearch = () => {
    const pane = current();
    const restore = pane.beginSearch();
    // A burst of typed keys (a paste, fast typing over SSH) searches once, for the last draft.
    let pending: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = (draft: string): string | undefined => {
      if (draft !== '') return pane.search(draft);
      restore();
      return undefined;
    };
    const mode: PromptMode = createPromptMode({
      kind: 'search',
      initial: '',
      onChange(draft) {
        pending = draft;
        timer ??= setTimeout(() => {
          timer = undefined;
          if (pending !== undefined) apply(pending);
        }, 0);
      },
      onAccept(draft) {
        clearTimeout(timer);
        timer = undefined;
        modes.pop(mode);
        say(apply(draft));
      },
      onCancel() {
        clearTimeout(timer);
        timer = undefined;
        restore();
        modes.pop(mode);
      },
    });
    modes.push(mode);
  };

  const openFilter = () => {
    const pane = current();
    const mode: PromptMode = createPromptMode({
      kind: 'lineFilter',
      initial: pane.view().filter?.query ?? '',
      onAccept(draft) {
        modes.pop(mode);
        say(pane.setFilter(draft));
      },
      onCancel: () => modes.pop(mode),
    });
    modes.push(mode);
  };

  const pickTry = () => {
    const pane = current();
    flash('Looking up the tries…', 'info');
    pane.choices().then(
      (options) => {
        // Esc'd away while the tries were looked up: no picker over another screen.
        if (!shown.current) return;
        if (options.length === 0) {
          flash('No tries to pick from yet', 'info');
          return;
        }
        const mode: PickerMode<LogTarget> = createPickerMode({
          title: `Show the log of (${pane.retryWord() === 'attempt' ? 'task and attempt' : 'try'}):`,
          options,
          accept([target]) {
            modes.pop(mode);
            if (target) pane.switchTo(target);
          },
          cancel: () => modes.pop(mode),
        });
        modes.push(mode);
      },
      (error: unknown) =>
        flash(
          `Could not list the tries: ${sanitizeName(error instanceof Error ? error.message : String(error))}`,
          'error',
        ),
    );
  };

  const save = () => {
    current()
      .save(props.logDir)
      .then(
        (message) => flash(message, 'info'),
        (error: unknown) => {
          const reason = sanitizeName(error instanceof Error ? error.message : String(error));
          flash(
            `Could not save the log: ${reason}; set DAGDECK_LOG_DIR to a directory you can write`,
            'error',
          );
        },
      );
  };

  const handlers: CommandHandlers = {
    cursorUp: () => current().move(-1),
    cursorDown: () => current().move(1),
    pageUp: () => current().page(-1),
    pageDown: () => current().page(1),
    cursorTop: () => current().toTop(),
    followLog: () => current().followEnd(),
    scrollLeft: () => say(current().scrollColumns(-1)),
    scrollRight: () => say(current().scrollColumns(1)),
    searchLog: openSearch,
    searchNext: () => say(current().searchStep(1)),
    searchPrevious: () => say(current().searchStep(-1)),
    filterLines: openFilter,
    nextError: () => say(current().jumpToError(1)),
    previousError: () => say(current().jumpToError(-1)),
    toggleWrap: () => current().toggleWrap(),
    toggleTimestamps: () => current().toggleTimestamps(),
    saveLog: save,
    pickTry,
    refresh: () => say(current().reconnect()),
    back() {
      if (!current().clearOne()) props.back();
    },
    ...(panes.length > 1
      ? {
          nextPane() {
            const next = (view.current.focus + 1) % panes.length;
            view.current = { focus: next };
            setFocus(next);
          },
        }
      : {}),
  };
  useScreenCommands(handlers);

  const sideBySide = panes.length > 1 && width >= SIDE_BY_SIDE_LOG_COLUMNS;
  const paneWidth = sideBySide ? Math.floor((width - 1) / panes.length) : width;
  const heights = panes.map((_, i) =>
    sideBySide || panes.length === 1
      ? height
      : i === 0
        ? Math.ceil(height / panes.length)
        : Math.floor(height / panes.length),
  );
  return (
    <Box flexDirection={sideBySide ? 'row' : 'column'} width={width} height={height} overflow="hidden">
      {panes.map((pane, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the panes of a route never change order
        <Box key={i} marginLeft={sideBySide && i > 0 ? 1 : 0}>
          <LogPaneView
            pane={pane}
            width={paneWidth}
            height={heights[i] ?? height}
            focused={i === view.current.focus}
            marker={panes.length > 1}
          />
        </Box>
      ))}
    </Box>
  );
}
