// Secret redaction for every sink: debug log, error lines, audit trail, the screen.
// Exact matches of secrets the process resolved come first, since
// no pattern is as reliable; then the patterns of well-known secret shapes.
import { createHmac, randomBytes } from 'node:crypto';

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

let tagKey: Buffer | undefined;

/**
 * The stand-in for a known secret: a fixed marker and a short tag, so two different secrets in one
 * line can be told apart. Nothing of the secret is shown: a prefix and a suffix would be eight of
 * its characters, half of a 16-character password. The tag is a keyed hash with a key drawn once
 * per process, so it cannot be checked against guesses, not even for a short secret, and it differs
 * from one run to the next.
 */
function maskOf(secret: string): string {
  tagKey ??= randomBytes(32);
  return `«redacted #${createHmac('sha256', tagKey).update(secret).digest('hex').slice(0, 6)}»`;
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
