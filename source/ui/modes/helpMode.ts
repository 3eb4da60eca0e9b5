// `?`: the help overlay as a mode. j/k scroll, esc (or ? or q) closes. What it lists is decided
// when it opens: the keys of whatever was on top (a screen, or a mode under it).
import type { Command, KeyScope } from '../keys/commands.js';
import type { Cell, Mode } from '../keys/mode.js';
import { createScrollingMode } from './scrollingMode.js';

export interface HelpMode extends Mode {
  readonly kind: 'help';
  /** The scopes listed, innermost first (the screen's, then 'global'; or one mode's). */
  readonly scopes: readonly KeyScope[];
  /** The commands those scopes offer now (others are left out of the list). */
  readonly offered: (command: Command) => boolean;
  readonly state: Cell<{ offset: number }>;
}

export function createHelpMode(options: {
  scopes: readonly KeyScope[];
  offered: (command: Command) => boolean;
  close: () => void;
}): HelpMode {
  return {
    kind: 'help',
    scopes: options.scopes,
    offered: options.offered,
    ...createScrollingMode(options.close),
  };
}
