// Issue 5: NO_COLOR and monochrome terminals must still show every state by a symbol or word.
import { describe, expect, it } from 'vitest';
import { STATES } from '../../source/core/model.js';
import { colorEnabled, stateStyle } from '../../source/ui/stateStyle.js';

describe('state styles', () => {
  it('gives every state its own symbol and word', () => {
    const symbols = STATES.map((state) => stateStyle(state).symbol);
    const words = STATES.map((state) => stateStyle(state).word);
    expect(new Set(symbols).size).toBe(STATES.length);
    expect(new Set(words).size).toBe(STATES.length);
  });

  it('never uses the truncation ellipsis as a symbol (a queued cell read as cut-off text)', () => {
    for (const state of STATES) expect(stateStyle(state).symbol).not.toBe('…');
  });

  it('turns colour off for any non-empty NO_COLOR (no-color.org)', () => {
    expect(colorEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({})).toBe(true);
  });
});
