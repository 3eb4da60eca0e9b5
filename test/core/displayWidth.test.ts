// Column widths in terminal columns (issue 15): CJK and emoji take two columns each, so a cell
// counted in code points would end early and push every later column out of line.
import { describe, expect, it } from 'vitest';
import { clipToWidth, displayWidth, fitToWidth } from '../../source/core/displayWidth.js';

describe('displayWidth', () => {
  it('counts CJK and emoji as two columns, combining marks and joiners as none', () => {
    expect(displayWidth('etl_daily')).toBe(9);
    expect(displayWidth('日次集計')).toBe(8);
    expect(displayWidth('🚀 launch')).toBe(9);
    expect(displayWidth('👩‍💻')).toBe(2);
    expect(displayWidth('cafe\u0301')).toBe(4);
  });

  it('clips to at most the width, never inside a character, with an ellipsis', () => {
    expect(clipToWidth('etl_daily_load', 8)).toBe('etl_dai…');
    expect(clipToWidth('日次集計ジョブ', 8)).toBe('日次集…');
    expect(displayWidth(clipToWidth('日次集計ジョブ', 8))).toBe(7);
    expect(clipToWidth('🚀🚀🚀🚀', 5)).toBe('🚀🚀…');
    expect(clipToWidth('👩‍💻👩‍💻👩‍💻', 4)).toBe('👩‍💻…');
    expect(clipToWidth('short', 8)).toBe('short');
    expect(clipToWidth('日次', 4)).toBe('日次');
    expect(clipToWidth('anything', 0)).toBe('');
    expect(clipToWidth('anything', 1)).toBe('…');
  });

  it('fits to exactly the width, padding where a wide character did not fit', () => {
    for (const name of ['etl', '日次集計ジョブ', '🚀 launch pad', 'x']) {
      expect(displayWidth(fitToWidth(name, 8))).toBe(8);
      expect(displayWidth(fitToWidth(name, 8, 'right'))).toBe(8);
    }
    expect(fitToWidth('日次', 6, 'right')).toBe('  日次');
  });
});
