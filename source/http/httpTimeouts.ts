// The timeouts of the HTTP client, sized for an incident UI: a dead host is reported in seconds,
// a slow but live one gets a minute.

export interface HttpTimeouts {
  /** TCP + TLS connect. */
  connectMs?: number | undefined;
  /** From sending the request to the response headers. */
  headersMs?: number | undefined;
  /** Between two body chunks (undici's bodyTimeout is an idle timeout, not a total). */
  bodyMs?: number | undefined;
  /**
   * One request from start to end, retries and their waits included: the overall deadline that a
   * server dripping a byte every few seconds cannot stretch (bodyMs only measures the gaps).
   */
  requestMs?: number | undefined;
  /** Not used by the client itself: the deadline of one whole list, read by the pagers (listLimits.ts). */
  listMs?: number | undefined;
}

/** Every timeout the client applies, with its value: the caller's where set, else the default. */
export type ResolvedTimeouts = Record<Exclude<keyof HttpTimeouts, 'listMs'>, number>;

export const DEFAULT_TIMEOUTS: ResolvedTimeouts = {
  connectMs: 10_000,
  headersMs: 15_000,
  bodyMs: 30_000,
  requestMs: 60_000,
};

/**
 * Field by field: a timeout the caller leaves unset keeps its default (a spread would let an
 * explicit undefined, e.g. from a context that sets only one of them, remove it).
 */
export function resolveTimeouts(given: HttpTimeouts | undefined): ResolvedTimeouts {
  return {
    connectMs: given?.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
    headersMs: given?.headersMs ?? DEFAULT_TIMEOUTS.headersMs,
    bodyMs: given?.bodyMs ?? DEFAULT_TIMEOUTS.bodyMs,
    requestMs: given?.requestMs ?? DEFAULT_TIMEOUTS.requestMs,
  };
}
