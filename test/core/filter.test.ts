// The `/` filter grammar (as in k9s: substring, `!` inverse; issue 5: `tag:`, `state:`).
import { describe, expect, it } from 'vitest';
import { applyFilter, type FilterSubject, parseFilter } from '../../source/core/filter.js';

const rows: (FilterSubject & { id: string })[] = [
  {
    id: 'a',
    text: ['fintech_eod_risk', '0 18 * * 1-5'],
    tags: ['finance', 'risk'],
    states: ['failed', 'success'],
  },
  { id: 'b', text: ['marketing_daily'], tags: ['marketing'], states: ['success'] },
  { id: 'c', text: ['test_fintech_ingest'], tags: ['finance'], states: ['running'] },
];

function ids(query: string): string[] {
  return applyFilter(rows, parseFilter(query), (row) => row).map((row) => row.id);
}

describe('parseFilter (tui-anchors.md §1.3)', () => {
  it('an empty query keeps everything', () => {
    expect(parseFilter('  ').empty).toBe(true);
    expect(ids('')).toEqual(['a', 'b', 'c']);
  });

  it('matches a case-insensitive substring of any text', () => {
    expect(ids('FINTECH')).toEqual(['a', 'c']);
    expect(ids('18 daily')).toEqual([]); // terms are words and all must match, in any text of the row
    expect(ids('1-5')).toEqual(['a']);
  });

  it('`!` inverts a term (k9s inverse filter)', () => {
    expect(ids('!fintech')).toEqual(['b']);
    expect(ids('fintech !test')).toEqual(['a']);
  });

  it('`tag:` matches tags, not names', () => {
    expect(ids('tag:finance')).toEqual(['a', 'c']);
    expect(ids('tag:risk')).toEqual(['a']);
    expect(ids('!tag:finance')).toEqual(['b']);
  });

  it('`state:` matches the latest state; `state:active` means queued/running/retrying', () => {
    expect(ids('state:failed')).toEqual(['a']);
    expect(ids('state:active')).toEqual(['c']);
    expect(ids('state:success !state:failed')).toEqual(['b']);
  });

  it('`recent:` matches any recent state (issue 14: state: is the latest one)', () => {
    // a failed last and succeeded before; b only succeeded.
    expect(ids('state:success')).toEqual(['b']);
    expect(ids('recent:success')).toEqual(['a', 'b']);
    expect(ids('recent:failed')).toEqual(['a']);
  });

  it('combines all terms with AND', () => {
    expect(ids('tag:finance state:running')).toEqual(['c']);
    expect(ids('tag:finance state:running marketing')).toEqual([]);
  });
});
