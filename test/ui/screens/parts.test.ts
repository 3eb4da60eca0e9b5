// The pure pieces of the screens: the windowed-list offset (only the rows that fit are drawn), the
// Airflow grid model (as Airflow's grid view: groups, mapped tasks summarised), durations.
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../source/core/formatDuration.js';
import type { Run, TaskDefinition, TaskInstance } from '../../../source/core/model.js';
import {
  buildRunGrid,
  gridRowKey,
  isOpen,
  mostUrgent,
  openRows,
} from '../../../source/ui/screens/parts/buildRunGrid.js';
import { moveCursor } from '../../../source/ui/screens/parts/cursorCommands.js';
import { runAxis } from '../../../source/ui/screens/parts/runAxis.js';
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

  const definitions: TaskDefinition[] = [
    { taskId: 'extract', upstream: [], downstream: ['risk.run_models', 'fan_out'] },
    { taskId: 'fan_out', upstream: ['extract'], downstream: [], mapped: true },
    { taskId: 'risk.report', upstream: ['risk.run_models'], downstream: [], group: 'risk' },
    { taskId: 'risk.run_models', upstream: ['extract'], downstream: ['risk.report'], group: 'risk' },
  ];

  it('orders rows by the DAG (upstream first, groups as blocks), indexes under their mapped task, tasks only in old runs after', () => {
    const rows = buildRunGrid(runs, tasks, definitions);
    expect(rows.map((row) => `${row.kind}:${row.label}:${row.depth}`)).toEqual([
      'task:extract:0',
      'task:fan_out:0',
      'index:[0]:1',
      'index:[1]:1',
      'index:[2]:1',
      'group:risk:0',
      'task:run_models:1',
      'task:report:1',
      'task:legacy_step:0',
    ]);
    // The order is the DAG's, whatever order the run lists its instances in.
    const shuffled = new Map([...tasks].map(([id, list]) => [id, [...list].reverse()]));
    expect(buildRunGrid(runs, shuffled, definitions).map(gridRowKey)).toEqual(rows.map(gridRowKey));
  });

  it('without definitions the rows are in task id order, still grouped', () => {
    const rows = buildRunGrid(runs, tasks);
    expect(rows.filter((row) => row.kind !== 'index').map((row) => row.id)).toEqual([
      'extract',
      'fan_out',
      'legacy_step',
      'risk',
      'risk.report',
      'risk.run_models',
    ]);
  });

  it('opens groups and closes mapped tasks until toggled; a closed row hides everything under it', () => {
    const rows = buildRunGrid(runs, tasks, definitions);
    const shown = (toggled: string[]) => openRows(rows, new Set(toggled)).map(gridRowKey);
    expect(shown([])).toEqual([
      'task:extract',
      'task:fan_out',
      'group:risk',
      'task:risk.run_models',
      'task:risk.report',
      'task:legacy_step',
    ]);
    expect(shown(['task:fan_out', 'group:risk'])).toEqual([
      'task:extract',
      'task:fan_out',
      'index:fan_out[0]',
      'index:fan_out[1]',
      'index:fan_out[2]',
      'group:risk',
      'task:legacy_step',
    ]);
    expect(isOpen('group:risk', new Set())).toBe(true);
    expect(isOpen('task:fan_out', new Set())).toBe(false);
  });

  it("an index row's cells are that index in each run; a run without it has none", () => {
    const rows = buildRunGrid(runs, tasks, definitions);
    const one = rows.find((row) => row.kind === 'index' && row.mapIndex === 1);
    expect(one?.cells).toEqual([undefined, { state: 'failed', instances: 1, mapIndex: 1 }]);
    expect(rows.find((row) => row.id === 'fan_out' && row.kind === 'task')?.children).toBe(3);
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

describe('runAxis (issue 14: run labels on the grid columns)', () => {
  const at = (id: string, logicalDate: string | null, queuedAt?: string): Run => ({
    ...run(id),
    logicalDate,
    ...(queuedAt ? { queuedAt } : {}),
  });

  it('daily runs: the day of month per column, the month above where it changes', () => {
    const axis = runAxis([
      at('a', '2026-10-30T22:00:00Z'),
      at('b', '2026-10-31T22:00:00Z'),
      at('c', '2026-11-01T22:00:00Z'),
      at('d', '2026-11-02T22:00:00Z'),
      at('e', '2026-11-03T22:00:00Z'),
    ]);
    expect(axis.labels).toEqual(['30', '31', '01', '02', '03']);
    // No room for 2026-10 before November starts: the month's short name.
    expect(axis.top).toBe('Oct 2026-11');
  });

  it('hourly runs: the hour per column, the day above where it changes (cut short where there is no room)', () => {
    const axis = runAxis([
      at('a', '2026-11-19T22:00:00Z'),
      at('b', '2026-11-19T23:00:00Z'),
      at('c', '2026-11-20T00:00:00Z'),
      at('d', '2026-11-20T01:00:00Z'),
    ]);
    expect(axis.labels).toEqual(['22', '23', '00', '01']);
    // Two columns before the change leave room for the day only.
    expect(axis.top).toBe('19  11-20');
    const roomy = runAxis([
      at('a', '2026-11-19T21:00:00Z'),
      at('b', '2026-11-19T22:00:00Z'),
      at('c', '2026-11-19T23:00:00Z'),
      at('d', '2026-11-20T00:00:00Z'),
    ]);
    expect(roomy.top).toBe('11-19 11-20');
    // Two runs an hour apart but on two days tell apart by their day: the day unit.
    expect(runAxis([at('a', '2026-11-19T23:00:00Z'), at('b', '2026-11-20T00:00:00Z')]).labels).toEqual([
      '19',
      '20',
    ]);
  });

  it('runs within an hour: minutes per column, the hour above; a run without a logical date uses when it was queued', () => {
    const axis = runAxis([
      at('a', '2026-11-20T09:00:00Z'),
      at('b', '2026-11-20T09:15:00Z'),
      at('c', null, '2026-11-20T09:30:00Z'),
      at('d', null),
    ]);
    expect(axis.labels).toEqual(['00', '15', '30', '··']);
    expect(axis.top.trimEnd()).toBe('11-20 09:');
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
