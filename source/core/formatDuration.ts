// One duration format for every screen, preview and command.

/**
 * A duration as an operator reads it, exact to the unit shown: "0.96s" under a second, "42s" under
 * a minute, then "12m 03s", "3h 07m", "2d 4h"; "—" when unknown.
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return ms === 0 ? '0s' : `${(ms / 1000).toFixed(2)}s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
