// Times in the command tables: UTC to the second (sortable, greppable, the same on every machine).
// Durations use core's formatDuration, as the screens do.

export function timeCell(iso: string | undefined): string {
  if (!iso) return '-';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
