// Query encoding per the HttpRequest contract (types.ts): arrays repeat the key
// (?state=a&state=b), undefined values are dropped, everything else is stringified.
import type { HttpRequest } from './types.js';

export function buildUrl(url: string, query: HttpRequest['query']): URL {
  const target = new URL(url);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as ReadonlyArray<string | number>)
        target.searchParams.append(key, String(item));
    } else {
      target.searchParams.append(key, String(value));
    }
  }
  return target;
}
