// Small readers of the Airflow log path: lines split from a byte stream whatever the chunking
// (a UTF-8 character cut between chunks decodes whole, invalid bytes become U+FFFD), and version
// gates read from version strings.
import { describe, expect, it } from 'vitest';
import { textLines } from '../../source/airflow/textLines.js';
import { versionAtLeast } from '../../source/airflow/versionAtLeast.js';

async function split(chunks: Buffer[]): Promise<{ lines: string[]; rest: string }> {
  async function* body() {
    yield* chunks;
  }
  const lines: string[] = [];
  const reader = textLines(body());
  for (;;) {
    const next = await reader.next();
    if (next.done) return { lines, rest: next.value };
    lines.push(...next.value);
  }
}

describe('textLines', () => {
  it('splits on newlines across any chunking, decoding each line whole', async () => {
    const bytes = Buffer.concat([
      Buffer.from('café ✓\r\nsecond\n'),
      Buffer.from([0xff, 0x0a]),
      Buffer.from('tail'),
    ]);
    for (let at = 0; at <= bytes.length; at++) {
      expect(await split([bytes.subarray(0, at), bytes.subarray(at)])).toEqual({
        lines: ['café ✓', 'second', '\ufffd'],
        rest: 'tail',
      });
    }
  });
});

describe('versionAtLeast', () => {
  it('compares the numeric parts; an unreadable version counts as older', () => {
    expect(versionAtLeast('3.3.1', [3, 3, 1])).toBe(true);
    expect(versionAtLeast('3.3.1rc2', [3, 3, 1])).toBe(true);
    expect(versionAtLeast('3.10.0', [3, 3, 1])).toBe(true);
    expect(versionAtLeast('3.3.0', [3, 3, 1])).toBe(false);
    expect(versionAtLeast('3.2.2.post1', [3, 3, 1])).toBe(false);
    expect(versionAtLeast('2.10.5', [3])).toBe(false);
    expect(versionAtLeast('4', [3, 3, 1])).toBe(false);
    expect(versionAtLeast('nightly', [3])).toBe(false);
  });
});
