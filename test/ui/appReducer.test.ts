// The console's own state: navigation, modes, the home panes' cursor and sort.
import { describe, expect, it } from 'vitest';
import { createHomeRows } from '../../source/core/homeRows.js';
import {
  appReducer,
  createAppStore,
  initialAppState,
  topEntry,
  topMode,
} from '../../source/ui/appReducer.js';
import { createPromptMode } from '../../source/ui/modes/promptMode.js';
import { createTheme, tint } from '../../source/ui/theme.js';
import { modelRun, workflow } from '../support/modelFixtures.js';

const { buildWorkflowRows, joinRecentRuns, sortHomeRows } = createHomeRows();

describe('appReducer', () => {
  const start = initialAppState(['airflow', 'databricks']);

  it('esc (back) clears the filter first, then pops one level, never the home screen', () => {
    const filtered = appReducer(start, { type: 'setFilter', filter: 'a' });
    expect(topEntry(appReducer(filtered, { type: 'back' })).filter).toBe('');
    const opened = appReducer(filtered, { type: 'open', route: { screen: 'incidents' } });
    expect(opened.stack).toHaveLength(2);
    expect(appReducer(opened, { type: 'back' }).stack).toHaveLength(1);
    expect(appReducer(start, { type: 'back' })).toBe(start);
  });

  it(':dags / :jobs go back to home with that pane focused, keeping the home filter', () => {
    const filtered = appReducer(start, { type: 'setFilter', filter: 'risk' });
    const deep = appReducer(filtered, { type: 'open', route: { screen: 'incidents' } });
    const jobs = appReducer(deep, { type: 'home', pane: 'databricks' });
    expect(jobs.stack).toEqual([{ route: { screen: 'home' }, filter: 'risk' }]);
    expect(jobs.home.pane).toBe('databricks');
  });

  it('a sort key sorts in its natural order, pressing it again flips it (k9s, tui-anchors.md §1.5)', () => {
    const once = appReducer(start, { type: 'homeSort', pane: 'airflow', key: 'age' });
    expect(once.home.sort.airflow).toEqual({ key: 'age', desc: true });
    const twice = appReducer(once, { type: 'homeSort', pane: 'airflow', key: 'age' });
    expect(twice.home.sort.airflow).toEqual({ key: 'age', desc: false });
  });

  // User audit: D and I reordered the DAGs pane by columns it does not show (no duration, no id),
  // with no ▲/▼ anywhere. They sort the jobs pane only; on the DAGs pane they say so instead.
  it('D and I leave the DAGs pane as it was and flash how to use them; on the jobs pane they sort', () => {
    for (const key of ['duration', 'id'] as const) {
      const onDags = appReducer(start, { type: 'homeSort', pane: 'airflow', key });
      expect(onDags.home).toEqual(start.home);
      expect(onDags.flash?.kind).toBe('info');
      expect(onDags.flash?.text).toContain(`sorts the jobs pane by ${key}`);
      expect(onDags.flash?.text).toContain('Tab');
      const onJobs = appReducer(start, { type: 'homeSort', pane: 'databricks', key });
      expect(onJobs.home.sort.databricks.key).toBe(key);
      expect(onJobs.home.sort.airflow).toEqual(start.home.sort.airflow);
      expect(onJobs.flash).toBeUndefined();
    }
  });

  it('D on a context without Databricks says there is no jobs pane rather than "Tab to it"', () => {
    const airflowOnly = initialAppState(['airflow']);
    const s = appReducer(airflowOnly, { type: 'homeSort', pane: 'airflow', key: 'duration' });
    expect(s.home).toEqual(airflowOnly.home);
    expect(s.flash?.text).toContain('no Databricks');
    expect(s.flash?.text).not.toContain('Tab');
  });

  it('modes stack and pop by identity; a popped mode is gone even when it was not on top', () => {
    const a = createPromptMode({ kind: 'filter', initial: '', onAccept: () => {}, onCancel: () => {} });
    const b = createPromptMode({ kind: 'command', initial: '', onAccept: () => {}, onCancel: () => {} });
    const both = appReducer(appReducer(start, { type: 'pushMode', mode: a }), { type: 'pushMode', mode: b });
    expect(topMode(both)).toBe(b);
    const without = appReducer(both, { type: 'popMode', mode: a });
    expect(without.modes).toEqual([b]);
    expect(appReducer(without, { type: 'popMode', mode: a })).toBe(without);
  });

  it('the store applies each action at once: a burst of actions sees the state the previous one left', () => {
    const store = createAppStore(start);
    store.dispatch({ type: 'homeCursor', pane: 'airflow', cursor: 1 });
    store.dispatch({ type: 'homeCursor', pane: 'airflow', cursor: store.getState().home.cursor.airflow + 1 });
    expect(store.getState().home.cursor.airflow).toBe(2);
  });
});

describe('home rows', () => {
  it('groups one recent-runs list by workflow, newest first, at most N, and sorts failed first', () => {
    const runs = [
      modelRun('b', 'b3', 'running', '2026-01-03T00:00:00Z'),
      modelRun('a', 'a2', 'failed', '2026-01-02T00:00:00Z'),
      modelRun('b', 'b2', 'success', '2026-01-02T00:00:00Z'),
      modelRun('b', 'b1', 'success', '2026-01-01T00:00:00Z'),
    ];
    const rows = joinRecentRuns(buildWorkflowRows([workflow('a'), workflow('b'), workflow('c')]), runs, 2);
    expect(rows.map((r) => r.recent.map((x) => x.id))).toEqual([['a2'], ['b3', 'b2'], []]);
    expect(sortHomeRows(rows, { key: 'state', desc: false }).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(sortHomeRows(rows, { key: 'age', desc: true }).map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });

  it('NO_COLOR: the theme gives no colour props at all', () => {
    expect(tint(createTheme({ NO_COLOR: '1' }), 'red')).toEqual({});
    expect(tint(createTheme({}), 'red')).toEqual({ color: 'red' });
  });
});
