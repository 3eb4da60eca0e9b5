// A plain text table for the non-interactive commands (`dags list`, `context list`...): padded
// columns, no colours, so it reads well in a terminal and survives `grep` and `awk`. Cells come from
// servers (DAG names, tags), so control characters are made visible rather than sent to the
// terminal (security-reliability.md §4.4).

// C0, DEL, C1, the line/paragraph separators and every format character (bidi, zero-width...).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

/** One line, no escape sequence or bidi control can reach the terminal. */
export function safeCell(value: string): string {
  return value.replace(CONTROL, (char) => {
    if (char === '\t' || char === '\n' || char === '\r') return ' ';
    if (char === '\u001b') return '␛';
    return '\ufffd';
  });
}

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
    const safe = safeCell(cell);
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
