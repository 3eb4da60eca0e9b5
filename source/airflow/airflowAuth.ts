// The three ways dagdeck authenticates to Airflow: HTTP Basic on
// API v1, a JWT from POST /auth/token on API v2 (cached until a minute before `exp`, fetched anew
// after a 401), and a static bearer token (managed services; a token command is re-run once after
// a 401). The secret never appears in an error message.
import { z } from 'zod';
import type { SecretProvider } from '../core/credentials.js';
import { AuthError, DagdeckError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import type { HttpClient } from '../http/types.js';
import { decodeJwtClaims } from './decodeJwtExpiry.js';
import { joinBaseUrl } from './joinBaseUrl.js';
import { remapAirflowError } from './remapAirflowError.js';

export type AirflowAuth =
  | { kind: 'password'; username: string; password: SecretProvider }
  | { kind: 'token'; token: SecretProvider };

export interface Authenticator {
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /** After a 401: forget what we hold so the next headers() resolves it anew. */
  renew(): void;
  /** The error to show when the server still refuses after one renewal. */
  rejected(error: AuthError): AuthError;
  /** Who we are, when known (user name, JWT subject). */
  identity(): string | undefined;
  /** Where the credential came from (last resolved source, else the provider's description). */
  source(): string;
}

/** Renew the JWT this long before it expires. */
const JWT_MARGIN_MS = 60_000;

const TokenResponse = z.object({ access_token: z.string().min(1) });

function rejection(baseUrl: string, auth: AirflowAuth, source: string, error: AuthError): AuthError {
  const details = { cause: error, ...(error.status === undefined ? {} : { status: error.status }) };
  if (auth.kind === 'password') {
    return new AuthError(
      `Airflow at ${baseUrl} rejected the password of user "${auth.username}" (from ${source}): check the user name and password, then run \`dagdeck login\``,
      details,
    );
  }
  return new AuthError(
    `Airflow at ${baseUrl} rejected the token (from ${source}): it may have expired; issue a new one or check the token command, then run \`dagdeck login\``,
    details,
  );
}

export function createBasicAuthenticator(
  baseUrl: string,
  auth: Extract<AirflowAuth, { kind: 'password' }>,
): Authenticator {
  let source = auth.password.description;
  return {
    async headers(signal) {
      const secret = await auth.password.get(signal);
      source = secret.source;
      const encoded = Buffer.from(`${auth.username}:${secret.value}`, 'utf8').toString('base64');
      return { authorization: `Basic ${encoded}` };
    },
    renew: () => auth.password.invalidate(),
    rejected: (error) => rejection(baseUrl, auth, source, error),
    identity: () => auth.username,
    source: () => source,
  };
}

export function createBearerAuthenticator(
  baseUrl: string,
  auth: Extract<AirflowAuth, { kind: 'token' }>,
): Authenticator {
  let source = auth.token.description;
  let subject: string | undefined;
  return {
    async headers(signal) {
      const secret = await auth.token.get(signal);
      source = secret.source;
      subject = decodeJwtClaims(secret.value).subject;
      return { authorization: `Bearer ${secret.value}` };
    },
    renew: () => auth.token.invalidate(),
    rejected: (error) => rejection(baseUrl, auth, source, error),
    identity: () => subject,
    source: () => source,
  };
}

export function createJwtAuthenticator(options: {
  baseUrl: string;
  http: HttpClient;
  auth: Extract<AirflowAuth, { kind: 'password' }>;
  now?: () => number;
}): Authenticator {
  const { baseUrl, http, auth } = options;
  const now = options.now ?? Date.now;
  let source = auth.password.description;
  let cached: { token: string; expiresAt: number | undefined } | undefined;
  // One token request in flight, however many API calls need it.
  let pending: Promise<string> | undefined;

  const exchange = async (signal?: AbortSignal): Promise<string> => {
    for (let attempt = 0; ; attempt++) {
      const secret = await auth.password.get(signal);
      source = secret.source;
      try {
        const response = await http.request({
          method: 'POST',
          url: joinBaseUrl(baseUrl, '/auth/token'),
          json: { username: auth.username, password: secret.value },
          service: 'Airflow',
          ...(signal ? { signal } : {}),
        });
        const parsed = TokenResponse.safeParse(response.body);
        if (!parsed.success) {
          throw new AuthError(
            `Airflow at ${baseUrl} answered POST /auth/token without an access_token: check that the URL points at an Airflow 3 API server`,
          );
        }
        const token = parsed.data.access_token;
        registerSecret(token);
        cached = { token, expiresAt: decodeJwtClaims(token).expiresAt };
        return token;
      } catch (error) {
        if (error instanceof AuthError && error.status === 401) {
          // A cached or re-run secret may be stale: resolve it once more before giving up.
          if (attempt === 0) {
            auth.password.invalidate();
            continue;
          }
          throw rejection(baseUrl, auth, source, error);
        }
        if (error instanceof DagdeckError) throw remapAirflowError(error, 'Airflow login (POST /auth/token)');
        throw error;
      }
    }
  };

  return {
    async headers() {
      const fresh = cached && (cached.expiresAt === undefined || cached.expiresAt - JWT_MARGIN_MS > now());
      if (cached && fresh) return { authorization: `Bearer ${cached.token}` };
      // Shared by every waiting call, so one caller's abort must not cancel it for the others.
      pending ??= exchange().finally(() => {
        pending = undefined;
      });
      return { authorization: `Bearer ${await pending}` };
    },
    renew: () => {
      cached = undefined;
    },
    rejected: (error) => rejection(baseUrl, auth, source, error),
    // The JWT subject is a user id with some auth managers (FAB); the login name reads better.
    identity: () => auth.username,
    source: () => source,
  };
}
