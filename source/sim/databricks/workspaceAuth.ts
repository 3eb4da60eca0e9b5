// Workspace authentication: a personal access token, and OAuth M2M tokens issued by
// POST /oidc/v1/token (client_credentials, client authenticated by HTTP Basic or form fields).
// Token lifetimes are measured in real time, not virtual time: clients compute expiry from
// `expires_in` with their own clock, so a fast virtual clock must not expire tokens early.

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { credentialNotSent, DatabricksApiError, invalidAccessToken } from './apiError.js';

const TokenForm = z.object({
  grant_type: z.string().optional(),
  scope: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

export interface WorkspaceAuthOptions {
  token: string;
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  /** Status for an expired OAuth token (reference: Databricks answers 403 "Invalid access token."). */
  expiredTokenStatus: 401 | 403;
}

const oauthError = (status: number, error: string, description: string) =>
  new DatabricksApiError(status, { error, error_description: description });

export class WorkspaceAuth {
  private readonly oauthTokens = new Map<string, number>();

  constructor(private readonly options: WorkspaceAuthOptions) {}

  /** Throws the real service's error when the Authorization header does not authenticate. */
  check(authorization: string | undefined): void {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) throw credentialNotSent();
    const token = match[1];
    if (token === this.options.token) return;
    const expiresAt = this.oauthTokens.get(token);
    if (expiresAt === undefined) throw invalidAccessToken(403);
    if (Date.now() >= expiresAt) throw invalidAccessToken(this.options.expiredTokenStatus);
  }

  /** POST /oidc/v1/token with an application/x-www-form-urlencoded body. */
  issue(authorization: string | undefined, body: string): Record<string, unknown> {
    const form = TokenForm.parse(Object.fromEntries(new URLSearchParams(body)));
    let clientId = form.client_id;
    let clientSecret = form.client_secret;
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (form.grant_type !== 'client_credentials') {
      throw oauthError(400, 'unsupported_grant_type', 'Only the client_credentials grant is supported.');
    }
    if (clientId !== this.options.clientId || clientSecret !== this.options.clientSecret) {
      throw oauthError(401, 'invalid_client', 'Client authentication failed');
    }
    const scope = form.scope ?? 'all-apis';
    if (scope.split(' ').some((s) => s !== 'all-apis' && s !== 'offline_access')) {
      throw oauthError(400, 'invalid_scope', `The requested scope is invalid: ${scope}`);
    }
    const accessToken = `eyJraWQiOiJzaW0ifQ.${randomBytes(48).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    this.oauthTokens.set(accessToken, Date.now() + this.options.tokenTtlSeconds * 1000);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.options.tokenTtlSeconds,
      scope: 'all-apis',
    };
  }

  /** Test and fault knob: every OAuth token issued so far is now expired. */
  expireTokens(): void {
    for (const token of this.oauthTokens.keys()) this.oauthTokens.set(token, 0);
  }
}
