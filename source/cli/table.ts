// A plain text table for the non-interactive commands (`dags list`, `context list`...): padded
// columns, no colours, so it reads well in a terminal and survives `grep` and `awk`. Cells come from
// servers (DAG names, tags), so each goes through the sanitiser for names: one line, no escape
// sequence, no control or invisible character reaches the terminal.
import { sanitizeName } from '../core/sanitize.js';

export interface TableOptions {
  /** Cells longer than this are cut with "…" (default 60). */
  maxWidth?: number;
}

export function renderTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  options: TableOptions = {},
): string {
  const maxWidth = options.maxWidth ?? 60;
  const clip = (cell: string): string => {
    const safe = sanitizeName(cell);
    return safe.length > maxWidth ? `${safe.slice(0, maxWidth - 1)}…` : safe;
  };
  const cells = [header.map(clip), ...rows.map((row) => header.map((_, index) => clip(row[index] ?? '')))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}
