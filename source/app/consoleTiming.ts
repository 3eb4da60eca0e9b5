// How often the console's lists poll, from the `refreshSeconds` preference: the runs every
// refreshSeconds while nothing runs (the workflow lists, which change rarely, a quarter as often),
// and while a run is active at the lists' own faster pace, or at refreshSeconds when that is
// shorter still.
import type { Preferences } from '../config/schema.js';
import type { HomeResourceTiming } from '../core/homeResources.js';

/** The pace of a list that shows an active run, unless refreshSeconds asks for a shorter one. */
const ACTIVE_INTERVAL_MS = 3_000;

export function consoleTiming(preferences: Pick<Preferences, 'refreshSeconds'>): HomeResourceTiming {
  const idleIntervalMs = Math.round(preferences.refreshSeconds * 1000);
  return { idleIntervalMs, activeIntervalMs: Math.min(ACTIVE_INTERVAL_MS, idleIntervalMs) };
}
