import type { HttpClient } from '../../http/types.js';
import { createCliTokenSource } from './createCliTokenSource.js';
import { createOAuthM2mTokenSource } from './createOAuthM2mTokenSource.js';
import { createPatTokenSource } from './createPatTokenSource.js';
import type { DatabricksAuth, TokenSource } from './types.js';

export function createTokenSource(
  auth: DatabricksAuth,
  context: { host: string; http: HttpClient; env?: NodeJS.ProcessEnv; now?: () => number },
): TokenSource {
  switch (auth.kind) {
    case 'pat':
      return createPatTokenSource(auth.token);
    case 'oauth-m2m':
      return createOAuthM2mTokenSource({
        host: context.host,
        http: context.http,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        ...(context.now ? { now: context.now } : {}),
      });
    case 'databricks-cli':
      return createCliTokenSource({
        host: context.host,
        ...(auth.profile ? { profile: auth.profile } : {}),
        ...(auth.cliPath ? { cliPath: auth.cliPath } : {}),
        ...(auth.timeoutMs ? { timeoutMs: auth.timeoutMs } : {}),
        ...(context.env ? { env: context.env } : {}),
        ...(context.now ? { now: context.now } : {}),
      });
  }
}
