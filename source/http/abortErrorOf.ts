/** What a cancelled request throws: the caller's own AbortError or TimeoutError, else a plain AbortError. */
export function abortErrorOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && (reason.name === 'AbortError' || reason.name === 'TimeoutError'))
    return reason;
  return new DOMException('The request was cancelled', 'AbortError');
}
