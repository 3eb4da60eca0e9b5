// The bottom key-hint line (after lazygit), generated from the keymap rows marked
// `hint`: the screen's own first, then the global ones. When they do not fit, whole hints go from
// the least important end (a cut "r ref…" read as noise and hid `esc back` at 80 columns); `? help`,
// `esc back` and `q quit` always stay, since the help lists every key that was dropped.
import { Text } from 'ink';
import { displayWidth } from '../../core/displayWidth.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { type Command, HINT_LABELS, type KeyBinding, type KeyScope } from '../keys/commands.js';
import { bindingsFor } from '../keys/resolveCommand.js';
import { tint, useTheme } from '../theme.js';

/** Commands whose hints are never dropped for width. */
const KEPT_HINTS: ReadonlySet<Command> = new Set(['help', 'back', 'quit', 'accept', 'cancel']);
const HINT_GAP = 2;

/** The short word a hint shows. */
export function hintLabel(binding: KeyBinding): string {
  return HINT_LABELS[binding.command];
}

/** How wide a hint is on screen: "key label". */
function hintWidth(binding: KeyBinding): number {
  return displayWidth(`${binding.keys[0] ?? ''} ${hintLabel(binding)}`);
}

/**
 * The hints of `scope` that fit in `width`, in their order: the screen's own first, then the global
 * ones. Over the width, the last droppable hint goes first (refresh, command, filter, then the
 * screen's own from its end). Narrower than the kept three together, those go too, `? help` last.
 */
export function fitHints(
  scopes: readonly KeyScope[],
  width: number,
  offered: (command: Command) => boolean = () => true,
): KeyBinding[] {
  const seen = new Set<string>();
  const hints = bindingsFor(scopes).filter((binding) => {
    if (!binding.hint || seen.has(binding.command) || !offered(binding.command)) return false;
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
  scopes,
  offered,
  width,
}: {
  scopes: readonly KeyScope[];
  offered: (command: Command) => boolean;
  /** Defaults to the terminal's columns. */
  width?: number;
}) {
  const theme = useTheme();
  const { columns } = useTerminalSize();
  const hints = fitHints(scopes, width ?? columns, offered);
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
