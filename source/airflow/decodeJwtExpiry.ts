// Reads `exp` (and `sub`) from a JWT payload without verifying it: we only need to know when the
// server will stop accepting it, so we can fetch a new one a minute before.
import { z } from 'zod';

/** The claims we read; one of another type is as good as absent. */
const Claims = z.looseObject({
  exp: z.number().optional().catch(undefined),
  sub: z.string().optional().catch(undefined),
});

export interface JwtClaims {
  /** Expiry in epoch milliseconds, when the token has one. */
  expiresAt?: number;
  subject?: string;
}

export function decodeJwtClaims(token: string): JwtClaims {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims = Claims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!claims.success) return {};
    const out: JwtClaims = {};
    if (claims.data.exp !== undefined) out.expiresAt = claims.data.exp * 1000;
    if (claims.data.sub !== undefined) out.subject = claims.data.sub;
    return out;
  } catch {
    return {};
  }
}
