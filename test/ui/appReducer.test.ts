// The App reducer resolves keys against the latest state (ink-style.md §2 probe 4, §4.1).
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { type AppState, appReducer, initialAppState, topEntry } from '../../source/ui/appReducer.js';
import { buildWorkflowRows, joinRecentRuns, sortHomeRows } from '../../source/ui/homeRows.js';
import { createTheme, tint } from '../../source/ui/theme.js';
import { dag, run } from './support/memoryBackend.js';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
} as Key;

const type = (state: AppState, ...inputs: (string | Partial<Key>)[]) =>
  inputs.reduce<AppState>(
    (s, input) =>
      typeof input === 'string'
        ? appReducer(s, { type: 'key', input, key: NO_KEY })
        : appReducer(s, { type: 'key', input: '', key: { ...NO_KEY, ...input } }),
    state,
  );

describe('appReducer', () => {
  const start = initialAppState(['dags', 'jobs'], ['prod', 'staging']);

  it('/ then letters edit the filter, q inside the filter is text, enter keeps it', () => {
    const s = type(start, '/', 'q', 'x', { return: true });
    expect(s.overlay.kind).toBe('none');
    expect(topEntry(s).filter).toBe('qx');
    expect(s.effects).toEqual([]);
  });

  it('esc in the filter restores the filter from before; esc outside clears, then pops', () => {
    const kept = type(start, '/', 'a', { return: true });
    expect(topEntry(type(kept, '/', 'b', { escape: true })).filter).toBe('a');
    const opened = appReducer(kept, { type: 'open', route: { screen: 'incidents' } });
    expect(opened.stack).toHaveLength(2);
    expect(type(opened, { escape: true }).stack).toHaveLength(1);
    expect(topEntry(type(kept, { escape: true })).filter).toBe('');
  });

  it('home keys are ignored while an overlay owns the keyboard', () => {
    const help = type(start, '?');
    const after = appReducer(help, {
      type: 'homeKey',
      command: 'cursorDown',
      rows: { dags: 5, jobs: 5 },
      page: 3,
    });
    expect(after.home.cursor.dags).toBe(0);
    const moved = appReducer(start, {
      type: 'homeKey',
      command: 'cursorDown',
      rows: { dags: 5, jobs: 5 },
      page: 3,
    });
    expect(moved.home.cursor.dags).toBe(1);
  });

  it('cursor clamps to the rows and Tab cycles panes that exist', () => {
    const rows = { dags: 3, jobs: 0 };
    const end = appReducer(start, { type: 'homeKey', command: 'pageDown', rows, page: 10 });
    expect(end.home.cursor.dags).toBe(2);
    const tabbed = appReducer(end, { type: 'homeKey', command: 'nextPane', rows, page: 10 });
    expect(tabbed.home.pane).toBe('jobs');
    const only = initialAppState(['jobs']);
    expect(appReducer(only, { type: 'homeKey', command: 'nextPane', rows, page: 1 }).home.pane).toBe('jobs');
  });

  it('a sort key sorts in its natural order, pressing it again flips it (k9s, tui-anchors.md §1.5)', () => {
    const rows = { dags: 1, jobs: 1 };
    const once = appReducer(start, { type: 'homeKey', command: 'sortAge', rows, page: 1 });
    expect(once.home.sort.dags).toEqual({ key: 'age', desc: true });
    const twice = appReducer(once, { type: 'homeKey', command: 'sortAge', rows, page: 1 });
    expect(twice.home.sort.dags).toEqual({ key: 'age', desc: false });
  });

  // User audit: D and I reordered the DAGs pane by columns it does not show (no duration, no id),
  // with no ▲/▼ anywhere. They sort the jobs pane only; on the DAGs pane they say so instead.
  it('D and I leave the DAGs pane as it was and flash how to use them; on the jobs pane they sort', () => {
    const rows = { dags: 3, jobs: 3 };
    for (const [command, word] of [
      ['sortDuration', 'duration'],
      ['sortId', 'id'],
    ] as const) {
      const onDags = appReducer(start, { type: 'homeKey', command, rows, page: 1 });
      expect(onDags.home).toEqual(start.home);
      expect(onDags.flash?.kind).toBe('info');
      expect(onDags.flash?.text).toContain(`sorts the jobs pane by ${word}`);
      expect(onDags.flash?.text).toContain('Tab');
      const jobs = appReducer(start, { type: 'homeKey', command: 'nextPane', rows, page: 1 });
      const onJobs = appReducer(jobs, { type: 'homeKey', command, rows, page: 1 });
      expect(onJobs.home.sort.jobs.key).toBe(word);
      expect(onJobs.home.sort.dags).toEqual(start.home.sort.dags);
      expect(onJobs.flash).toBeUndefined();
    }
    // The real key stream goes the same way: `D` typed on the DAGs pane changes no sort.
    const typed = appReducer(start, { type: 'key', input: 'D', key: NO_KEY, home: { rows, page: 1 } });
    expect(typed.home.sort).toEqual(start.home.sort);
    expect(typed.flash?.text).toMatch(/^D sorts the jobs pane/);
  });

  it('D on a context without Databricks says there is no jobs pane rather than "Tab to it"', () => {
    const airflowOnly = initialAppState(['dags']);
    const s = appReducer(airflowOnly, {
      type: 'homeKey',
      command: 'sortDuration',
      rows: { dags: 2, jobs: 0 },
      page: 1,
    });
    expect(s.home).toEqual(airflowOnly.home);
    expect(s.flash?.text).toContain('no Databricks');
    expect(s.flash?.text).not.toContain('Tab');
  });

  it(':jobs on a context without Databricks says so; :q queues quit', () => {
    const airflowOnly = initialAppState(['dags']);
    const s = type(airflowOnly, ':', 'j', 'o', 'b', 's', { return: true });
    expect(s.flash?.text).toContain('No Databricks');
    expect(type(start, ':', 'q', { return: true }).effects).toEqual([{ kind: 'quit' }]);
  });
});

describe('home rows', () => {
  it('groups one recent-runs list by workflow, newest first, at most N, and sorts failed first', () => {
    const runs = [
      run('b', 'b3', 'running', '2026-01-03T00:00:00Z'),
      run('a', 'a2', 'failed', '2026-01-02T00:00:00Z'),
      run('b', 'b2', 'success', '2026-01-02T00:00:00Z'),
      run('b', 'b1', 'success', '2026-01-01T00:00:00Z'),
    ];
    const rows = joinRecentRuns(buildWorkflowRows([dag('a'), dag('b'), dag('c')]), runs, 2);
    expect(rows.map((r) => r.recent.map((x) => x.id))).toEqual([['a2'], ['b3', 'b2'], []]);
    expect(sortHomeRows(rows, { key: 'state', desc: false }).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(sortHomeRows(rows, { key: 'age', desc: true }).map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });

  it('NO_COLOR: the theme gives no colour props at all', () => {
    expect(tint(createTheme({ NO_COLOR: '1' }), 'red')).toEqual({});
    expect(tint(createTheme({}), 'red')).toEqual({ color: 'red' });
  });
});
