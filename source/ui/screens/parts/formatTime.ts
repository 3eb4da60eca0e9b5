// Absolute UTC times ("2026-11-20 06:00"): relative times would need a clock in every render and
// drift between the two backends; incident timelines are compared across systems in UTC.
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
