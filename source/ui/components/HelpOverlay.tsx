// The `?` overlay, generated from the keymap (never hand-written, so it cannot drift from the
// handlers: the codex-cli anti-pattern in ink-style.md §1.4). The current screen's keys first,
// then the global ones; j/k scroll when the list is taller than the terminal.
import { Box, Text } from 'ink';
import type { KeyBinding, KeyScope } from '../keyBinding.js';
import { bindingsFor, KEYMAP, keyLabel } from '../keymap.js';
import { fitCell } from '../text.js';
import { tint, useTheme } from '../theme.js';

export interface HelpOverlayProps {
  scope: KeyScope;
  width: number;
  height: number;
  offset: number;
  keymap?: readonly KeyBinding[];
}

export function HelpOverlay({ scope, width, height, offset, keymap = KEYMAP }: HelpOverlayProps) {
  const theme = useTheme();
  const bindings = bindingsFor(scope, keymap);
  const lines: { title?: string; binding?: KeyBinding }[] = [];
  let lastScope: KeyScope | undefined;
  for (const binding of bindings) {
    if (binding.scope !== lastScope) {
      lines.push({ title: binding.scope === 'global' ? 'Everywhere' : `On this screen (${binding.scope})` });
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
        line.title ? (
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
            {line.binding?.help}
          </Text>
        ),
      )}
    </Box>
  );
}
