// A plain text table for the non-interactive commands (`dags list`, `context list`...): padded
// columns, no colours, so it reads well in a terminal and survives `grep` and `awk`. Cells come from
// servers (DAG names, tags), so each goes through the sanitiser for names: one line, no escape
// sequence, no control or invisible character reaches the terminal.
import { clipToWidth, displayWidth, fitToWidth } from '../core/displayWidth.js';
import { sanitizeName } from '../core/sanitize.js';

export interface TableOptions {
  /** Cells wider than this many columns are cut with "…" (default 60). */
  maxWidth?: number;
}

export function renderTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  options: TableOptions = {},
): string {
  const maxWidth = options.maxWidth ?? 60;
  const clip = (cell: string): string => clipToWidth(sanitizeName(cell), maxWidth);
  const cells = [header.map(clip), ...rows.map((row) => header.map((_, index) => clip(row[index] ?? '')))];
  // In terminal columns: a CJK or emoji name takes two per character.
  const widths = header.map((_, column) => Math.max(...cells.map((row) => displayWidth(row[column] ?? ''))));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : fitToWidth(cell, widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}
