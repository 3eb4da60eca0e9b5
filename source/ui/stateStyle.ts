// How a state looks: a colour and a symbol, so NO_COLOR and monochrome terminals still tell
// every state apart (colours follow the states; symbols carry them without colour).
import type { State } from '../core/model.js';

export interface StateStyle {
  color: string;
  symbol: string;
  word: string;
}

const STYLES: Record<State, StateStyle> = {
  failed: { color: 'red', symbol: '✗', word: 'failed' },
  upstream_failed: { color: 'yellow', symbol: '↑', word: 'upstream failed' },
  running: { color: 'blue', symbol: '▶', word: 'running' },
  retrying: { color: 'magenta', symbol: '↻', word: 'retrying' },
  success: { color: 'green', symbol: '✓', word: 'success' },
  // Not '…': that is what a truncated column ends with, so queued cells read as cut-off text.
  queued: { color: 'gray', symbol: '◌', word: 'queued' },
  scheduled: { color: 'gray', symbol: '◷', word: 'scheduled' },
  skipped: { color: 'gray', symbol: '⤼', word: 'skipped' },
  canceled: { color: 'yellow', symbol: '⊘', word: 'canceled' },
  blocked: { color: 'yellow', symbol: '■', word: 'blocked' },
  none: { color: 'gray', symbol: '·', word: 'no status' },
};

export function stateStyle(state: State): StateStyle {
  return STYLES[state];
}

/** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}
