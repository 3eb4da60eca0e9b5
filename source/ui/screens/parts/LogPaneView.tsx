// One log pane: a title line (which task and try, its state), the window of lines the controller
// computed for this size (only those are read from the buffer and drawn), and a status line
// (following or paused with the new lines counted, reconnecting, the search position, the filter,
// notes). Levels are coloured; under NO_COLOR a symbol column carries them instead. Search matches
// are drawn in inverse video, which needs no colour.
import { Box, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import { BACKEND_LABEL } from '../../../core/backendLabel.js';
import type { LogLevel } from '../../../core/model.js';
import { sanitizeName } from '../../../core/sanitize.js';
import type { LogPane, LogPaneStatus } from '../../logs/logPane.js';
import { logTargetLabel } from '../../logs/logTarget.js';
import type { WindowRow } from '../../logs/logWindow.js';
import { stateStyle } from '../../stateStyle.js';
import { type Theme, tint, useTheme } from '../../theme.js';

/** Title and status lines around the rows. */
export const LOG_PANE_CHROME = 2;

const LEVEL_SYMBOL: Record<LogLevel, string> = {
  critical: '‼',
  error: '✗',
  warning: '!',
  info: ' ',
  debug: '·',
};

const count = (n: number) => n.toLocaleString('en-US');

export function LogPaneView({
  pane,
  width,
  height,
  focused,
  marker,
}: {
  pane: LogPane;
  width: number;
  height: number;
  focused: boolean;
  /** Show the focus marker (two panes). */
  marker: boolean;
}) {
  const theme = useTheme();
  useSyncExternalStore(pane.subscribe, pane.getVersion, pane.getVersion);
  const view = pane.view();
  const status = pane.status();
  const buffer = pane.buffer;
  const numbers = view.filter ? String(Math.max(1, buffer.end)).length + 1 : 0;
  const symbols = theme.color ? 0 : 1;
  const gutter = 1 + symbols + numbers;
  const rows = Math.max(1, height - LOG_PANE_CHROME);
  // The controller computes the window for this size; keys between two renders use the same one.
  pane.setViewport({ width: Math.max(1, width - gutter), height: rows, keepSgr: theme.color });
  const window = pane.window();

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <TitleLine
        status={status}
        retryWord={pane.retryWord()}
        focused={focused}
        marker={marker}
        theme={theme}
      />
      <Box flexDirection="column" height={rows} overflow="hidden">
        {window.rows.length === 0 ? (
          <Text dimColor wrap="truncate-end">
            {` ${emptyText(status)}`}
          </Text>
        ) : (
          window.rows.map((row, i) => (
            <Row
              // Rows are positions on screen: a key by index lets React reuse them as lines scroll by.
              // biome-ignore lint/suspicious/noArrayIndexKey: the row's place is its identity
              key={i}
              row={row}
              marked={row.first && row.line === view.mark}
              numbers={numbers}
              symbols={symbols > 0}
              theme={theme}
            />
          ))
        )}
      </Box>
      <StatusLine pane={pane} theme={theme} />
    </Box>
  );
}

function TitleLine({
  status,
  retryWord,
  focused,
  marker,
  theme,
}: {
  status: LogPaneStatus;
  retryWord: string;
  focused: boolean;
  marker: boolean;
  theme: Theme;
}) {
  const { target } = status;
  const state = status.state ? stateStyle(status.state) : undefined;
  const tryText =
    status.tryNumber === undefined
      ? ''
      : status.tryNumber === 0
        ? ' · not started'
        : ` · ${retryWord} ${status.tryNumber}${target.tryNumber === undefined ? '' : ' (picked)'}`;
  return (
    <Text wrap="truncate-end" bold={focused || !marker}>
      <Text {...tint(theme, focused && marker ? theme.accent : undefined)}>
        {marker ? (focused ? '▌' : ' ') : ''}
        {BACKEND_LABEL[target.backend]} log · {logTargetLabel(target)}
      </Text>
      {tryText}
      {state ? ' · ' : ''}
      {state ? <Text {...tint(theme, state.color)}>{`${state.symbol} ${state.word}`}</Text> : null}
      <Text dimColor>
        {` · ${sanitizeName(target.workflowId || 'job ?')} · run ${sanitizeName(target.runId)}`}
      </Text>
    </Text>
  );
}

function emptyText(status: LogPaneStatus): string {
  if (status.phase === 'failed') return `✗ ${status.error ?? 'the log could not be read'}: r tries again`;
  if (status.phase === 'resolving') return "Looking up the run's tasks…";
  if (status.tryNumber === 0) return 'The task has not started yet: its log shows here as it is written.';
  if (status.phase === 'ended') return 'This log is empty.';
  return 'Reading the log…';
}

function Row({
  row,
  marked,
  numbers,
  symbols,
  theme,
}: {
  row: WindowRow;
  marked: boolean;
  numbers: number;
  symbols: boolean;
  theme: Theme;
}) {
  const level = row.level;
  const colour =
    level === 'error' || level === 'critical' ? theme.error : level === 'warning' ? theme.warning : undefined;
  return (
    <Text wrap="truncate-end" dimColor={level === 'debug'} {...tint(theme, colour)}>
      {/* A plain space on unmarked rows: one styled node less per row in every frame. */}
      {marked ? <Text {...tint(theme, theme.accent)}>›</Text> : ' '}
      {numbers > 0 ? (
        <Text dimColor>
          {row.first ? `${String(row.line + 1).padStart(numbers - 1)} ` : ' '.repeat(numbers)}
        </Text>
      ) : null}
      {symbols ? (row.first && level ? LEVEL_SYMBOL[level] : ' ') : null}
      {row.segments.map((segment, i) =>
        segment.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positions within the row
          <Text key={i} inverse>
            {segment.text}
          </Text>
        ) : (
          segment.text
        ),
      )}
    </Text>
  );
}

/** Following or paused, the search and filter, notes: the most urgent first (the line is cut at the end). */
function StatusLine({ pane, theme }: { pane: LogPane; theme: Theme }) {
  const status = pane.status();
  const view = pane.view();
  const buffer = pane.buffer;
  const window = pane.window();
  const newLines = pane.newLines();
  let follow: { text: string; colour?: string };
  if (status.retrying !== undefined)
    follow = { text: `⟳ reconnecting… ${status.retrying}`, colour: theme.warning };
  else if (status.phase === 'failed')
    follow = { text: `✗ stopped: ${status.error ?? ''} (r retries)`, colour: theme.error };
  else if (!view.follow)
    follow = {
      text: `⏸ paused${newLines > 0 ? ` · ${count(newLines)} new line${newLines === 1 ? '' : 's'}` : ''} (G follows)`,
      colour: theme.warning,
    };
  else if (status.phase === 'ended') follow = { text: '■ end of log' };
  else follow = { text: '▼ following', colour: theme.accent };

  const parts: string[] = [];
  const search = view.search;
  if (search) {
    const position = pane.searchPosition();
    const where =
      position === undefined || position.count === 0
        ? 'no match'
        : position.index !== undefined
          ? `${count(position.index)}/${count(position.count)}`
          : `${count(position.count)} matches`;
    parts.push(`/${sanitizeName(search.query)} ${where}`);
  }
  if (view.filter) parts.push(`&${sanitizeName(view.filter.query)}: ${count(view.filter.filter.size)} lines`);
  if (status.missed)
    parts.push(
      `⚠ some lines were gone before they were read (${BACKEND_LABEL[status.target.backend]} keeps the last 5 MB)`,
    );
  if (buffer.dropped > 0) parts.push(`the oldest ${count(buffer.dropped)} lines dropped for memory`);
  if (window.firstLine !== undefined && window.lastLine !== undefined) {
    parts.push(`lines ${count(window.firstLine + 1)}–${count(window.lastLine + 1)} of ${count(buffer.end)}`);
  }
  if (view.wrap) parts.push('wrap');
  else if (view.scroll > 0) parts.push(`→${view.scroll}`);
  if (!view.timestamps) parts.push('no timestamps');
  return (
    <Text wrap="truncate-end">
      <Text {...tint(theme, follow.colour)}>{follow.text}</Text>
      <Text dimColor>{parts.length > 0 ? `  ${parts.join(' · ')}` : ''}</Text>
    </Text>
  );
}
