// OAuth M2M for a Databricks service principal: discover the
// token endpoint, POST client_credentials with Basic client auth and scope all-apis, cache the
// token, refresh it a minute before expiry, and never run two refreshes at once.
import { z } from 'zod';
import type { SecretProvider } from '../../core/credentials.js';
import { AuthError, BadResponse, DagdeckError, NotFound } from '../../core/errors.js';
import { registerSecret } from '../../core/redact.js';
import type { HttpClient } from '../../http/types.js';
import { type CachedToken, createCachedTokenSource } from './createCachedTokenSource.js';
import type { TokenSource } from './types.js';

const Discovery = z.looseObject({ token_endpoint: z.string().min(1) });

const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string()]).transform(Number).pipe(z.number().positive()),
});

export interface OAuthM2mOptions {
  host: string;
  http: HttpClient;
  clientId: string;
  clientSecret: SecretProvider;
  /** Injected in tests; epoch ms. */
  now?: () => number;
  /** How long before expiry a token is replaced (default 60 s; the backend rejects nearly-expired tokens). */
  refreshLeadMs?: number;
}

export function createOAuthM2mTokenSource(options: OAuthM2mOptions): TokenSource {
  const now = options.now ?? Date.now;
  const lead = options.refreshLeadMs ?? 60_000;
  let tokenEndpoint: Promise<string> | undefined;

  const discover = async (): Promise<string> => {
    try {
      const response = await options.http.request({
        method: 'GET',
        url: `${options.host}/oidc/.well-known/oauth-authorization-server`,
        service: 'Databricks OAuth discovery',
      });
      const parsed = Discovery.safeParse(response.body);
      if (!parsed.success) {
        throw new BadResponse(
          `Databricks OAuth discovery at ${options.host} returned no token_endpoint: check the workspace host`,
        );
      }
      return parsed.data.token_endpoint;
    } catch (error) {
      // Older workspaces and some proxies do not serve discovery; the SDKs' fixed path is the fallback.
      if (error instanceof NotFound) return `${options.host}/oidc/v1/token`;
      throw error;
    }
  };

  const fetchToken = async (): Promise<CachedToken> => {
    tokenEndpoint ??= discover().catch((error: unknown) => {
      tokenEndpoint = undefined;
      throw error;
    });
    const url = await tokenEndpoint;
    const secret = await options.clientSecret.get();
    const basic = Buffer.from(`${options.clientId}:${secret.value}`).toString('base64');
    const requestedAt = now();
    let body: unknown;
    try {
      const response = await options.http.request({
        method: 'POST',
        url,
        headers: { authorization: `Basic ${basic}` },
        form: { grant_type: 'client_credentials', scope: 'all-apis' },
        // Asking for a token twice is harmless.
        idempotent: true,
        service: 'Databricks OAuth',
      });
      body = response.body;
    } catch (error) {
      if (error instanceof DagdeckError && (error.status === 400 || error.status === 401)) {
        // A stale secret from a token command gets a fresh run next time.
        options.clientSecret.invalidate();
        throw new AuthError(
          `Databricks OAuth token request for service principal ${options.clientId} was refused (HTTP ${error.status}): check the client id and OAuth secret (${secret.source})`,
          { status: error.status, ...(error.requestId ? { requestId: error.requestId } : {}) },
        );
      }
      throw error;
    }
    const parsed = TokenResponse.safeParse(body);
    if (!parsed.success) {
      throw new BadResponse(
        `Databricks OAuth token endpoint ${url} answered without a usable access_token: check the workspace host`,
      );
    }
    if (parsed.data.token_type && parsed.data.token_type.toLowerCase() !== 'bearer') {
      throw new BadResponse(
        `Databricks OAuth token endpoint returned a ${parsed.data.token_type} token, expected Bearer`,
      );
    }
    const ttl = parsed.data.expires_in * 1000;
    // Short-lived tokens are replaced at half-life rather than never being usable.
    registerSecret(parsed.data.access_token);
    return { value: parsed.data.access_token, refreshAt: requestedAt + ttl - Math.min(lead, ttl / 2) };
  };

  return createCachedTokenSource(fetchToken, now);
}
