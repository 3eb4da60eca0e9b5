// The bottom key-hint line (lazygit, tui-anchors.md §0.3), generated from the keymap rows marked
// `hint`: the screen's own first, then the global ones, cut to the width.
import { Text } from 'ink';
import type { KeyBinding, KeyScope } from '../keyBinding.js';
import { bindingsFor, HINT_LABELS, KEYMAP } from '../keymap.js';
import { tint, useTheme } from '../theme.js';

/** The short word a hint shows: HINT_LABELS, else the help text up to ':' ',' '(' and at most 2 words. */
export function hintLabel(binding: KeyBinding): string {
  const known = HINT_LABELS[binding.command];
  if (known) return known;
  const head = binding.help.split(/[:,(]/)[0]?.trim() ?? binding.command;
  return head.split(/\s+/).slice(0, 2).join(' ').toLowerCase();
}

export function HintBar({ scope, keymap = KEYMAP }: { scope: KeyScope; keymap?: readonly KeyBinding[] }) {
  const theme = useTheme();
  const seen = new Set<string>();
  const hints = bindingsFor(scope, keymap).filter((binding) => {
    if (!binding.hint || seen.has(binding.command)) return false;
    seen.add(binding.command);
    return true;
  });
  return (
    <Text wrap="truncate-end">
      {hints.map((binding, i) => (
        <Text key={binding.command}>
          {i > 0 ? '  ' : ''}
          <Text bold {...tint(theme, theme.accent)}>
            {binding.keys[0]}
          </Text>{' '}
          {hintLabel(binding)}
        </Text>
      ))}
    </Text>
  );
}
