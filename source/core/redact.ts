// Secret redaction for every sink: debug log, error lines, audit trail, the screen
// (security-reliability.md §3.5). Exact matches of secrets the process resolved come first, since
// no pattern is as reliable; then the patterns of well-known secret shapes.

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Header values: everything after the scheme up to the end of the value.
  [/\b((?:Proxy-)?Authorization\s*[:=]\s*)(?:(Bearer|Basic|Token)\s+)?[^\s,;"']+/gi, '$1$2 «redacted»'],
  [/\b((?:Set-)?Cookie\s*[:=]\s*)[^\r\n"']+/gi, '$1«redacted»'],
  // Databricks PAT (gitleaks databricks-api-token), OAuth client secret and refresh token.
  [/\bdapi[a-f0-9]{32}(?:-\d+)?\b/g, '«redacted:dapi»'],
  [/\bdose[a-f0-9]{32}\b/g, '«redacted:dose»'],
  [/\bdoau[a-f0-9]{32}\b/g, '«redacted:doau»'],
  // JWTs (Airflow 3 API tokens, Databricks OAuth access tokens).
  [/\bey[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, '«redacted:jwt»'],
  // URL userinfo and secret-bearing query parameters.
  [/(:\/\/)[^/\s:@]+:[^/\s@]+@/g, '$1«redacted»@'],
  [/\b(token|access_token|refresh_token|client_secret|password|sig)=[^&\s"']+/gi, '$1=«redacted»'],
  // Other cloud keys that show up in task logs.
  [/\bA(?:KIA|SIA)[A-Z0-9]{16}\b/g, '«redacted:aws»'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, '«redacted:github»'],
  [/\bxox[baprs]-[A-Za-z0-9-]{10,}/g, '«redacted:slack»'],
];

/** A short, recognisable stand-in for a known secret: prefix and last 4 when it is long enough. */
function maskOf(secret: string): string {
  return secret.length >= 16 ? `«redacted:${secret.slice(0, 4)}…${secret.slice(-4)}»` : '«redacted»';
}

/** Replaces every known secret and every secret-shaped string in `text`. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  // Longest first, so a secret containing another is replaced whole.
  const known = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of known) out = out.split(secret).join(maskOf(secret));
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** The process-wide set of secrets resolved so far; every sink redacts them. */
const resolvedSecrets = new Set<string>();

export function registerSecret(secret: string): void {
  if (secret.length >= 4) resolvedSecrets.add(secret);
}

export function knownSecrets(): ReadonlySet<string> {
  return resolvedSecrets;
}

/** redact() with every secret registered in this process. */
export function redactKnown(text: string): string {
  return redact(text, resolvedSecrets);
}
