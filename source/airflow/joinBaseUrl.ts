// The Airflow URL may carry a path prefix (Astro deployments, `[api] base_url`), so API paths are
// appended to it rather than resolved against its origin.
export function joinBaseUrl(baseUrl: string, path: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}
