/**
 * The SDKs add `https://` when the scheme is missing and strip a trailing slash.
 * An explicit `http://` is kept so local simulators work.
 */
export function normalizeHost(host: string): string {
  const trimmed = host.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  return withScheme.replace(/\/+$/, '');
}
