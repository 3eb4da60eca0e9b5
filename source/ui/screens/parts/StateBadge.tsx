// A state as colour + symbol (+ word when there is room), so NO_COLOR and monochrome terminals
// still tell every state apart (source/ui/stateStyle.ts).
import { Text } from 'ink';
import type { State } from '../../../core/model.js';
import { colorEnabled, stateStyle } from '../../stateStyle.js';

export interface StateBadgeProps {
  state: State;
  /** Show the word after the symbol ("✗ failed"); the grid shows the symbol alone. */
  word?: boolean;
  /** Pad the word to this many columns, so table columns line up. */
  width?: number;
}

export function StateBadge({ state, word = true, width }: StateBadgeProps) {
  const style = stateStyle(state);
  const text = word ? `${style.symbol} ${style.word}` : style.symbol;
  const padded = width !== undefined ? text.padEnd(width).slice(0, width) : text;
  return colorEnabled() ? <Text color={style.color}>{padded}</Text> : <Text>{padded}</Text>;
}
