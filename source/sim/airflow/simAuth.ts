// Authentication as the two servers do it: v1 HTTP Basic against the user table;
// v2 `POST /auth/token` (Simple auth manager) issues an HS512 JWT, and /api/v2 accepts only
// `Authorization: Bearer` (or the `_token` cookie). Expired → 401 "Token Expired", malformed or
// badly signed → 403 "Invalid JWT token". Expiry is real time, as clients compute it from `exp`.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { AirflowApiError, apiError } from './apiError.js';
import type { Flavour } from './views.js';

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Admin may do everything; Viewer reads DAGs and runs but not connections (FAB's default roles). */
export type SimRole = 'ADMIN' | 'VIEWER';

/** The second user, of the Viewer role. */
export const VIEWER_USERNAME = 'viewer';

export class SimAuth {
  private readonly key: Buffer;
  private readonly issued: string[] = [];
  private readonly revoked = new Set<string>();

  constructor(
    readonly flavour: Flavour,
    readonly username: string,
    readonly password: string,
    private readonly ttlSeconds: number,
    secret: string,
    /** The Viewer's password. */
    readonly viewerPassword: string = `${password}-viewer`,
  ) {
    this.key = Buffer.from(secret);
  }

  private same(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }

  /** POST /auth/token: 201 {access_token}; 400 missing fields; 401 "Invalid credentials". */
  issue(body: string, contentType: string | undefined): { access_token: string } {
    let fields: Record<string, unknown> = {};
    if (contentType?.includes('application/x-www-form-urlencoded')) {
      fields = Object.fromEntries(new URLSearchParams(body));
    } else {
      try {
        const parsed: unknown = JSON.parse(body || '{}');
        if (parsed && typeof parsed === 'object') fields = parsed as Record<string, unknown>;
      } catch {
        throw new AirflowApiError(422, {
          detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }],
        });
      }
    }
    const { username, password } = fields;
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      throw new AirflowApiError(400, { detail: 'Username and password must be provided' });
    }
    const role = this.roleOf(username, password);
    if (!role) throw new AirflowApiError(401, { detail: 'Invalid credentials' });
    const now = Math.floor(Date.now() / 1000);
    const jti = randomUUID();
    this.issued.push(jti);
    const header = b64(JSON.stringify({ alg: 'HS512', typ: 'JWT' }));
    const payload = b64(
      JSON.stringify({
        jti,
        aud: 'apache-airflow',
        nbf: now,
        exp: now + this.ttlSeconds,
        iat: now,
        sub: username,
        role,
      }),
    );
    const signature = createHmac('sha512', this.key).update(`${header}.${payload}`).digest('base64url');
    return { access_token: `${header}.${payload}.${signature}` };
  }

  expireTokens(): void {
    for (const jti of this.issued.splice(0)) this.revoked.add(jti);
  }

  private roleOf(username: string, password: string): SimRole | undefined {
    if (this.same(username, this.username) && this.same(password, this.password)) return 'ADMIN';
    if (this.same(username, VIEWER_USERNAME) && this.same(password, this.viewerPassword)) return 'VIEWER';
    return undefined;
  }

  /** The role of the request's credentials; throws the server's refusal when they are not valid. */
  check(authorization: string | undefined, cookie: string | undefined): SimRole {
    if (this.flavour === 2) return this.checkBasic(authorization);
    const bearer =
      /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? /(?:^|;\s*)_token=([^;]+)/.exec(cookie ?? '')?.[1];
    if (!bearer)
      throw new AirflowApiError(401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Bearer' });
    const [header, payload, signature] = bearer.split('.');
    const expected =
      header && payload
        ? createHmac('sha512', this.key).update(`${header}.${payload}`).digest('base64url')
        : '';
    if (!header || !payload || !signature || !this.same(signature, expected)) {
      throw new AirflowApiError(403, { detail: 'Invalid JWT token' });
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      exp?: number;
      jti?: string;
      role?: string;
    };
    const now = Math.floor(Date.now() / 1000);
    if ((claims.exp ?? 0) + 10 < now || this.revoked.has(claims.jti ?? '')) {
      throw new AirflowApiError(401, { detail: 'Token Expired' }, { 'www-authenticate': 'Bearer' });
    }
    return claims.role === 'VIEWER' ? 'VIEWER' : 'ADMIN';
  }

  private checkBasic(authorization: string | undefined): SimRole {
    const encoded = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
    const decoded = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const role = colon < 0 ? undefined : this.roleOf(decoded.slice(0, colon), decoded.slice(colon + 1));
    if (!role) throw apiError(2, 401, 'Unauthorized', { 'www-authenticate': 'Basic realm="Airflow"' });
    return role;
  }
}
