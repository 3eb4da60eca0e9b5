// The bottom key-hint line (lazygit, tui-anchors.md §0.3), generated from the keymap rows marked
// `hint`: the screen's own first, then the global ones. When they do not fit, whole hints go from
// the least important end (a cut "r ref…" read as noise and hid `esc back` at 80 columns); `? help`,
// `esc back` and `q quit` always stay, since the help lists every key that was dropped.
import { Text } from 'ink';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import type { KeyBinding, KeyScope } from '../keyBinding.js';
import { bindingsFor, HINT_LABELS, KEYMAP } from '../keymap.js';
import { tint, useTheme } from '../theme.js';

/** Commands whose hints are never dropped for width. */
const KEPT_HINTS: ReadonlySet<string> = new Set(['help', 'back', 'quit']);
const HINT_GAP = 2;

/** The short word a hint shows: HINT_LABELS, else the help text up to ':' ',' '(' and at most 2 words. */
export function hintLabel(binding: KeyBinding): string {
  const known = HINT_LABELS[binding.command];
  if (known) return known;
  const head = binding.help.split(/[:,(]/)[0]?.trim() ?? binding.command;
  return head.split(/\s+/).slice(0, 2).join(' ').toLowerCase();
}

/** How wide a hint is on screen: "key label". */
function hintWidth(binding: KeyBinding): number {
  return Array.from(`${binding.keys[0] ?? ''} ${hintLabel(binding)}`).length;
}

/**
 * The hints of `scope` that fit in `width`, in their order: the screen's own first, then the global
 * ones. Over the width, the last droppable hint goes first (refresh, command, filter, then the
 * screen's own from its end). Narrower than the kept three together, those go too, `? help` last.
 */
export function fitHints(
  scope: KeyScope,
  width: number,
  keymap: readonly KeyBinding[] = KEYMAP,
): KeyBinding[] {
  const seen = new Set<string>();
  const hints = bindingsFor(scope, keymap).filter((binding) => {
    if (!binding.hint || seen.has(binding.command)) return false;
    seen.add(binding.command);
    return true;
  });
  const total = (list: KeyBinding[]) =>
    list.reduce((sum, binding) => sum + hintWidth(binding), 0) + HINT_GAP * Math.max(0, list.length - 1);
  const dropOrder = [
    ...hints.filter((binding) => !KEPT_HINTS.has(binding.command)).reverse(),
    ...hints.filter((binding) => KEPT_HINTS.has(binding.command) && binding.command !== 'help').reverse(),
    ...hints.filter((binding) => binding.command === 'help'),
  ];
  let shown = hints;
  for (const victim of dropOrder) {
    if (total(shown) <= width) break;
    shown = shown.filter((binding) => binding !== victim);
  }
  return shown;
}

export function HintBar({
  scope,
  width,
  keymap = KEYMAP,
}: {
  scope: KeyScope;
  /** Defaults to the terminal's columns. */
  width?: number;
  keymap?: readonly KeyBinding[];
}) {
  const theme = useTheme();
  const { columns } = useTerminalSize();
  const hints = fitHints(scope, width ?? columns, keymap);
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
