// The `?` overlay, generated from the keymap (never hand-written, so it cannot drift from the
// handlers, as codex-cli's hand-written help did). The current screen's keys first,
// then the global ones; j/k scroll when the list is taller than the terminal. A legend of the state
// symbols comes first, generated from stateStyle.ts: the symbols carry the states on NO_COLOR
// terminals, and nothing else on screen says what ⊘ ◌ ↑ ◷ ⤼ ■ · mean (user audit).

import { Box, Text } from 'ink';
import { displayWidth } from '../../core/displayWidth.js';
import { STATES, type State } from '../../core/model.js';
import { type Command, helpText, type KeyBinding, type KeyScope, keyLabel } from '../keys/commands.js';
import { bindingsFor } from '../keys/resolveCommand.js';
import { stateStyle } from '../stateStyle.js';
import { fitCell } from '../text.js';
import { tint, useTheme } from '../theme.js';

export interface HelpOverlayProps {
  /** The scopes listed, innermost first. */
  scopes: readonly KeyScope[];
  /** Commands that apply now; the others are left out. */
  offered: (command: Command) => boolean;
  width: number;
  height: number;
  offset: number;
}

const LEGEND_LEAD = 'States: ';

/**
 * The state legend as lines of at most `width` columns: "States: ✓ success  ✗ failed  …", each
 * "symbol word" kept whole; the lines after the first are indented under the first entry.
 */
export function stateLegendLines(width: number): State[][] {
  const room = Math.max(1, width - LEGEND_LEAD.length);
  const lines: State[][] = [];
  let line: State[] = [];
  let used = 0;
  for (const state of STATES) {
    const { symbol, word } = stateStyle(state);
    const entry = displayWidth(`${symbol} ${word}`);
    const needed = line.length === 0 ? entry : used + 2 + entry;
    if (line.length > 0 && needed > room) {
      lines.push(line);
      line = [state];
      used = entry;
    } else {
      line.push(state);
      used = needed;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

const SCOPE_TITLES: Partial<Record<KeyScope, string>> = { global: 'Everywhere' };

export function HelpOverlay({ scopes, offered, width, height, offset }: HelpOverlayProps) {
  const theme = useTheme();
  const bindings = bindingsFor(scopes).filter((binding) => offered(binding.command));
  const lines: { title?: string; binding?: KeyBinding; legend?: { states: State[]; first: boolean } }[] =
    stateLegendLines(width).map((states, i) => ({ legend: { states, first: i === 0 } }));
  let lastScope: KeyScope | undefined;
  for (const binding of bindings) {
    if (binding.scope !== lastScope) {
      lines.push({ title: SCOPE_TITLES[binding.scope] ?? `On this screen (${binding.scope})` });
      lastScope = binding.scope;
    }
    lines.push({ binding });
  }
  const body = Math.max(1, height - 2);
  const start = Math.min(offset, Math.max(0, lines.length - body));
  const keyWidth = Math.min(22, Math.max(...bindings.map((b) => keyLabel(b).length), 4) + 2);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end" {...tint(theme, theme.accent)}>
        Keys — esc or ? closes
        {lines.length > body
          ? `, j/k scroll (${start + 1}-${Math.min(lines.length, start + body)}/${lines.length})`
          : ''}
      </Text>
      {lines.slice(start, start + body).map((line) =>
        line.legend ? (
          <Text key={`legend:${line.legend.states.join(',')}`} wrap="truncate-end">
            {line.legend.first ? LEGEND_LEAD : ' '.repeat(LEGEND_LEAD.length)}
            {line.legend.states.map((state, i) => (
              <Text key={state}>
                {i > 0 ? '  ' : ''}
                <Text {...tint(theme, stateStyle(state).color)}>{stateStyle(state).symbol}</Text>{' '}
                {stateStyle(state).word}
              </Text>
            ))}
          </Text>
        ) : line.title ? (
          <Text key={`title:${line.title}`} bold wrap="truncate-end">
            {line.title}
          </Text>
        ) : (
          <Text
            key={`${line.binding?.scope}:${line.binding?.command}:${keyLabel(line.binding ?? { keys: [] })}`}
            wrap="truncate-end"
          >
            {'  '}
            <Text {...tint(theme, theme.accent)}>
              {fitCell(keyLabel(line.binding ?? { keys: [] }), keyWidth)}
            </Text>
            {line.binding ? helpText(line.binding) : ''}
          </Text>
        ),
      )}
    </Box>
  );
}
