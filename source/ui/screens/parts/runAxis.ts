// The time axis over the grid's run columns: each column is two characters wide, too narrow for a
// run id or a date, so the columns get a two-character label in the finest unit that tells the
// shown runs apart (day of month, else hour, else minute), drawn on two staggered lines so that
// neighbours do not run together, and the line above names the coarser part (the month, the day,
// the hour) where it changes. Times are the runs' logical dates (what Airflow's run ids carry),
// else when they were queued, in UTC like every time on the screens.
import type { Run } from '../../../core/model.js';

export interface RunAxis {
  /** The line above the labels: 2 characters per column, the coarser unit where it changes. */
  top: string;
  /** Two characters per column. */
  labels: string[];
}

type Unit = 'day' | 'hour' | 'minute';

const CELL = 2;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A run without a usable time. */
const UNKNOWN = '··';

function runTime(run: Run): number {
  for (const iso of [run.logicalDate, run.queuedAt, run.startedAt]) {
    const ms = iso ? Date.parse(iso) : Number.NaN;
    if (!Number.isNaN(ms)) return ms;
  }
  return Number.NaN;
}

/** "2026-11-20T09:15" of a time, in UTC. */
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/** The finest unit in which no two shown runs share a label. */
function unitFor(times: readonly number[]): Unit {
  const known = times.filter((ms) => !Number.isNaN(ms));
  const distinct = (length: number) =>
    new Set(known.map((ms) => stamp(ms).slice(0, length))).size === known.length;
  if (distinct(10)) return 'day';
  if (distinct(13)) return 'hour';
  return 'minute';
}

const LABEL: Record<Unit, (s: string) => string> = {
  day: (s) => s.slice(8, 10),
  hour: (s) => s.slice(11, 13),
  minute: (s) => s.slice(14, 16),
};

/**
 * The coarser part above a label, and how much of the stamp decides when it changes. Where the
 * whole text does not fit before the next change, the short one is written, else nothing (the
 * selected run's line names its full time).
 */
const ANCHOR: Record<Unit, { texts: (s: string) => string[]; length: number }> = {
  day: { texts: (s) => [s.slice(0, 7), MONTHS[Number(s.slice(5, 7)) - 1] ?? ''], length: 7 },
  hour: { texts: (s) => [s.slice(5, 10), s.slice(8, 10)], length: 10 },
  minute: { texts: (s) => [`${s.slice(5, 10)} ${s.slice(11, 13)}:`, `${s.slice(11, 13)}:`], length: 13 },
};

export function runAxis(runs: readonly Run[]): RunAxis {
  const times = runs.map(runTime);
  const unit = unitFor(times);
  const stamps = times.map((ms) => (Number.isNaN(ms) ? undefined : stamp(ms)));
  const labels = stamps.map((s) => (s === undefined ? UNKNOWN : LABEL[unit](s)));

  // Where the coarser part changes, its text starts, with a space before the next one.
  const anchors: { column: number; texts: string[] }[] = [];
  let previous: string | undefined;
  stamps.forEach((s, column) => {
    if (s === undefined) return;
    const key = s.slice(0, ANCHOR[unit].length);
    if (key !== previous) anchors.push({ column, texts: ANCHOR[unit].texts(s) });
    previous = key;
  });
  let top = '';
  anchors.forEach((anchor, index) => {
    const start = anchor.column * CELL;
    const next = anchors[index + 1]?.column;
    const room = next === undefined ? Number.POSITIVE_INFINITY : next * CELL - start - 1;
    const text = anchor.texts.find((candidate) => candidate.length <= room);
    if (text) top = top.padEnd(start) + text;
  });
  return { top: top.padEnd(runs.length * CELL), labels };
}
