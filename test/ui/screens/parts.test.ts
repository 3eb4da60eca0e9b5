// The pure pieces of the screens: the windowed-list offset (ink-style.md convention 9), the Airflow
// grid model (tui-anchors.md, Airflow grid view: groups, mapped tasks summarised), durations.
import { describe, expect, it } from 'vitest';
import type { Run, TaskInstance } from '../../../source/core/model.js';
import { buildRunGrid, mostUrgent } from '../../../source/ui/screens/parts/buildRunGrid.js';
import { moveCursor } from '../../../source/ui/screens/parts/cursorCommands.js';
import { formatDuration } from '../../../source/ui/screens/parts/formatDuration.js';
import { windowStart } from '../../../source/ui/screens/parts/windowStart.js';

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
  it('reads at a glance', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(12 * 60_000 + 3_000)).toBe('12m 03s');
    expect(formatDuration(3 * 3_600_000 + 7 * 60_000)).toBe('3h 07m');
    expect(formatDuration(52 * 3_600_000)).toBe('2d 4h');
    expect(formatDuration(undefined)).toBe('—');
  });
});
