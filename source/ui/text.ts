// Small text helpers for one-line cells: fixed widths, ages and durations.
import { clipToWidth, fitToWidth } from '../core/displayWidth.js';

/** Cuts to `width` terminal columns with a trailing ellipsis (a CJK character or an emoji takes two). */
export function clip(text: string, width: number): string {
  return clipToWidth(text, width);
}

/** Pads or cuts to exactly `width` terminal columns. */
export function fitCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  return fitToWidth(text, width, align);
}

/**
 * "37s", "5m", "3h", "2d" before `now`: the whole units elapsed (a run 37 s old is "37s", never
 * rounded to a coarser clock); '' when unknown.
 */
export function formatAge(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.max(0, Math.floor((now - at) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/**
 * An absolute UTC time, "2026-11-20 06:00" (lists) or "2026-11-20 06:00:12" (`seconds`, where the
 * order of events matters): relative times would drift between the two backends; incident
 * timelines are compared across systems in UTC.
 */
export function formatTime(iso: string | undefined, precision: 'minute' | 'second' = 'minute'): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  return new Date(ms)
    .toISOString()
    .slice(0, precision === 'second' ? 19 : 16)
    .replace('T', ' ');
}

/** "1 run", "3 runs". */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/**
 * "12:03:04 UTC", for "refreshed at": the console shows every time in UTC, labelled, so a time in
 * the header and one in a run's row can be compared (and with the servers' logs) without a sum.
 */
export function clockTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}

export { BACKEND_LABEL } from '../core/backendLabel.js';
