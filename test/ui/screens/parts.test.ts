// The pure pieces of the screens: the windowed-list offset (ink-style.md convention 9), the Airflow
// grid model (tui-anchors.md, Airflow grid view: groups, mapped tasks summarised), durations.
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../source/core/formatDuration.js';
import type { Run, TaskInstance } from '../../../source/core/model.js';
import { buildRunGrid, mostUrgent } from '../../../source/ui/screens/parts/buildRunGrid.js';
import { moveCursor } from '../../../source/ui/screens/parts/cursorCommands.js';
import { windowStart } from '../../../source/ui/screens/parts/windowStart.js';
import { formatAge, formatTime, plural } from '../../../source/ui/text.js';

const run = (id: string): Run => ({
  backend: 'airflow',
  workflowId: 'd',
  id,
  state: 'success',
  rawState: 'success',
});
const ti = (
  runId: string,
  taskId: string,
  state: TaskInstance['state'],
  mapIndex?: number,
): TaskInstance => ({
  backend: 'airflow',
  workflowId: 'd',
  runId,
  taskId,
  state,
  rawState: state,
  tryNumber: 1,
  ...(mapIndex !== undefined ? { mapIndex } : {}),
});

describe('windowStart', () => {
  it('keeps the cursor inside the window and never scrolls past the end', () => {
    for (const cursor of [0, 1, 5, 50, 98, 99]) {
      const start = windowStart(cursor, 100, 10);
      expect(cursor).toBeGreaterThanOrEqual(start);
      expect(cursor).toBeLessThan(start + 10);
      expect(start + 10).toBeLessThanOrEqual(100);
    }
    expect(windowStart(3, 5, 10)).toBe(0);
  });
});

describe('moveCursor', () => {
  it('clamps at both ends and pages by the window height', () => {
    expect(moveCursor('cursorUp', 0, 10, 5)).toBe(0);
    expect(moveCursor('cursorDown', 9, 10, 5)).toBe(9);
    expect(moveCursor('pageDown', 0, 10, 5)).toBe(4);
    expect(moveCursor('cursorBottom', 0, 10, 5)).toBe(9);
    expect(moveCursor('cursorDown', 0, 0, 5)).toBe(0);
  });
});

describe('buildRunGrid', () => {
  const runs = [run('old'), run('new')];
  const tasks = new Map<string, TaskInstance[]>([
    ['old', [ti('old', 'extract', 'success'), ti('old', 'legacy_step', 'success')]],
    [
      'new',
      [
        ti('new', 'extract', 'success'),
        ti('new', 'risk.run_models', 'failed'),
        ti('new', 'risk.report', 'upstream_failed'),
        ti('new', 'fan_out', 'success', 0),
        ti('new', 'fan_out', 'failed', 1),
        ti('new', 'fan_out', 'running', 2),
      ],
    ],
  ]);

  it('puts tasks under their group (dotted ids), newest run shape first, old-only tasks after', () => {
    const rows = buildRunGrid(runs, tasks);
    expect(rows.map((row) => `${row.kind}:${row.label}:${row.depth}`)).toEqual([
      'task:extract:0',
      'group:risk:0',
      'task:run_models:1',
      'task:report:1',
      'task:fan_out:0',
      'task:legacy_step:0',
    ]);
  });

  it('summarises a group and a mapped task by the most urgent state, opening the failed map index', () => {
    const rows = buildRunGrid(runs, tasks);
    const group = rows.find((row) => row.kind === 'group');
    expect(group?.cells[1]?.state).toBe('failed');
    const mapped = rows.find((row) => row.id === 'fan_out');
    expect(mapped?.cells[0]).toBeUndefined();
    expect(mapped?.cells[1]).toEqual({ state: 'failed', instances: 3, mapIndex: 1 });
  });

  it('ranks failed above running above success', () => {
    expect(mostUrgent(['success', 'running', 'failed'])).toBe('failed');
    expect(mostUrgent(['success', 'running'])).toBe('running');
    expect(mostUrgent([])).toBe('none');
  });
});

describe('formatDuration', () => {
  it('reads at a glance, exact to the unit shown (issue 17: 0.956 s is not "0s")', () => {
    expect(formatDuration(956)).toBe('0.96s');
    expect(formatDuration(5)).toBe('0.01s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59_999)).toBe('59s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(12 * 60_000 + 3_000)).toBe('12m 03s');
    expect(formatDuration(3 * 3_600_000 + 7 * 60_000)).toBe('3h 07m');
    expect(formatDuration(52 * 3_600_000)).toBe('2d 4h');
    expect(formatDuration(undefined)).toBe('—');
  });
});

describe('formatAge and plural (issue 17)', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  it('counts whole units against the clock it is given, never a rounded one', () => {
    expect(formatAge('2026-12-03T11:59:23Z', now)).toBe('37s');
    expect(formatAge('2026-12-03T12:00:00Z', now)).toBe('0s');
    expect(formatAge('2026-12-03T11:58:00Z', now)).toBe('2m');
    expect(formatAge('2026-12-01T12:00:00Z', now)).toBe('2d');
    expect(formatAge(undefined, now)).toBe('');
  });
  it('says "1 run", "2 runs"', () => {
    expect(plural(1, 'run')).toBe('1 run');
    expect(plural(0, 'run')).toBe('0 runs');
  });
  it('times to the minute for lists, to the second where order matters', () => {
    expect(formatTime('2026-11-20T06:00:12.5Z')).toBe('2026-11-20 06:00');
    expect(formatTime('2026-11-20T06:00:12.5Z', 'second')).toBe('2026-11-20 06:00:12');
  });
});
