// A text shown whole over the screen, as long as it is (a URL there is no browser to open, so it
// can be selected and copied): wrapped to the width, j/k scroll, esc closes. Uses the help keys.
import type { Cell, Mode } from '../keys/mode.js';
import { createScrollingMode } from './scrollingMode.js';

export interface NoticeMode extends Mode {
  readonly kind: 'notice';
  readonly title: string;
  readonly text: string;
  readonly state: Cell<{ offset: number }>;
}

export function createNoticeMode(options: { title: string; text: string; close: () => void }): NoticeMode {
  return { kind: 'notice', title: options.title, text: options.text, ...createScrollingMode(options.close) };
}
