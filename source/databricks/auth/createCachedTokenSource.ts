// The caching shared by the token sources that fetch short-lived tokens (OAuth M2M, the CLI):
// reuse a token until its refresh time, and run one fetch at a time however many requests ask:
// refresh before expiry, never two refreshes at once.
import { raceAbort } from './raceAbort.js';
import type { TokenSource } from './types.js';

export interface CachedToken {
  value: string;
  /** When to stop using it and fetch another (epoch ms, already less the lead before expiry). */
  refreshAt: number;
}

export function createCachedTokenSource(
  fetchToken: () => Promise<CachedToken>,
  now: () => number,
): TokenSource {
  let cached: CachedToken | undefined;
  let inflight: Promise<CachedToken> | undefined;
  return {
    async token(signal) {
      if (cached && now() < cached.refreshAt) return cached.value;
      if (!inflight) {
        inflight = fetchToken()
          .then((token) => {
            cached = token;
            return token;
          })
          .finally(() => {
            inflight = undefined;
          });
      }
      // A caller that gives up does not cancel the fetch the others are waiting for.
      return (await raceAbort(inflight, signal)).value;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
