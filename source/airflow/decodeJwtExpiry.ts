// Reads `exp` (and `sub`) from a JWT payload without verifying it: we only need to know when the
// server will stop accepting it, so we can fetch a new one a minute before (reference §3.2).
export interface JwtClaims {
  /** Expiry in epoch milliseconds, when the token has one. */
  expiresAt?: number;
  subject?: string;
}

export function decodeJwtClaims(token: string): JwtClaims {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return {};
    const record = claims as Record<string, unknown>;
    const out: JwtClaims = {};
    if (typeof record.exp === 'number') out.expiresAt = record.exp * 1000;
    if (typeof record.sub === 'string') out.subject = record.sub;
    return out;
  } catch {
    return {};
  }
}
