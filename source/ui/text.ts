// Small text helpers for one-line cells: fixed widths, ages and durations.

/** Cuts to `width` characters (code points) with a trailing ellipsis. */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  const points = Array.from(text);
  if (points.length <= width) return text;
  return width === 1 ? '…' : `${points.slice(0, width - 1).join('')}…`;
}

/** Pads or cuts to exactly `width` characters. */
export function fitCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = clip(text, width);
  const pad = Math.max(0, width - Array.from(cut).length);
  return align === 'right' ? ' '.repeat(pad) + cut : cut + ' '.repeat(pad);
}

/** "42s", "5m", "3h", "2d" before `now`; '' when unknown. */
export function formatAge(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** "850ms", "42s", "5m12s", "2h05m"; '' when unknown. */
export function formatDurationMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** HH:MM:SS in local time, for "refreshed at". */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}
