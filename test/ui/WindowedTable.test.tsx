// The windowed table renders only the rows that fit (Ink redraws every row it is given, so a long
// list must be windowed to stay fast), truncates
// columns to the width and drops optional columns when narrow.

import { describe, expect, it } from 'vitest';
import { type Column, layoutColumns, WindowedTable } from '../../source/ui/components/WindowedTable.js';
import { windowStart } from '../../source/ui/screens/parts/windowStart.js';
import { renderInk } from '../support/ink.js';

interface Row {
  id: number;
  name: string;
}

const rows: Row[] = Array.from({ length: 5000 }, (_, id) => ({
  id,
  name: `workflow_${String(id).padStart(5, '0')}`,
}));
const columns: Column<Row>[] = [
  { id: 'name', title: 'name', width: 10, grow: true, cell: (row) => row.name },
  { id: 'id', title: 'id', width: 6, align: 'right', cell: (row) => String(row.id) },
  { id: 'note', title: 'note', width: 30, dropPriority: 1, cell: () => 'a long optional column' },
];

function table(cursor: number, width = 60, height = 10) {
  return renderInk(
    <WindowedTable
      rows={rows}
      columns={columns}
      rowKey={(row) => String(row.id)}
      cursor={cursor}
      height={height}
      width={width}
      focused
      sort={{ columnId: 'id', desc: true }}
    />,
  );
}

describe('WindowedTable', () => {
  it('5,000 rows: the frame has at most `height` lines and only the window around the cursor', () => {
    const { lastFrame, unmount } = table(0);
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(lines[0]).toContain('id▼');
    expect(lines[1]).toContain('› workflow_00000');
    expect(lastFrame()).not.toContain('workflow_00009');
    unmount();
  });

  it('keeps the cursor in view deep in the list', () => {
    const { lastFrame, unmount } = table(4000);
    const frame = lastFrame() ?? '';
    expect(frame).toContain('› workflow_04000');
    expect(frame).not.toContain('workflow_00000');
    expect(frame.split('\n').length).toBeLessThanOrEqual(10);
    unmount();
  });

  it('the last rows fill the window instead of leaving it half empty', () => {
    expect(windowStart(4999, 5000, 9)).toBe(4991);
    expect(windowStart(0, 5000, 9)).toBe(0);
    expect(windowStart(3, 5, 9)).toBe(0);
  });

  it('drops optional columns and truncates text to the width', () => {
    expect(layoutColumns(columns, 60).map((c) => c.column.id)).toEqual(['name', 'id', 'note']);
    expect(layoutColumns(columns, 30).map((c) => c.column.id)).toEqual(['name', 'id']);
    const { lastFrame, unmount } = table(0, 16);
    for (const line of (lastFrame() ?? '').split('\n')) {
      expect(line.length).toBeLessThanOrEqual(16);
    }
    expect(lastFrame()).toContain('…');
    unmount();
  });

  it('renders coloured segment cells (run strips) padded to the column', () => {
    const nodeColumns: Column<Row>[] = [
      {
        id: 'x',
        title: 'x',
        width: 3,
        cell: (row) => [{ text: '#' }, { text: String(row.id % 10), color: 'red' }],
      },
    ];
    const { lastFrame, unmount } = renderInk(
      <WindowedTable
        rows={rows.slice(0, 3)}
        columns={nodeColumns}
        rowKey={(row) => String(row.id)}
        cursor={1}
        height={5}
        width={10}
        focused={false}
      />,
    );
    expect(lastFrame()).toContain('› #1');
    unmount();
  });
});

describe('WindowedTable with wide characters', () => {
  it('CJK and emoji names keep the next column in line (widths in terminal columns)', async () => {
    const { displayWidth } = await import('../../source/core/displayWidth.js');
    const wide: Row[] = [
      { id: 1, name: 'plain_name' },
      { id: 2, name: '数据管道_每日' },
      { id: 3, name: 'etl_🚀_launch' },
      { id: 4, name: '非常に長い名前のワークフロー_いちにさん' },
    ];
    const { lastFrame, unmount } = renderInk(
      <WindowedTable
        rows={wide}
        columns={columns.slice(0, 2)}
        rowKey={(row) => String(row.id)}
        cursor={0}
        height={6}
        width={30}
        focused
      />,
    );
    const lines = (lastFrame() ?? '').split('\n').slice(1, 5);
    // The id column ends at the same terminal column on every row, whatever the name holds.
    const ends = lines.map((line) => displayWidth(line.trimEnd()));
    expect(new Set(ends).size).toBe(1);
    expect(lines[3]).toContain('…');
    unmount();
  });
});
