import type { SecretProvider } from '../../core/credentials.js';
import type { TokenSource } from './types.js';

/** A PAT is used as is; after a 401 the provider is invalidated so a token command runs again. */
export function createPatTokenSource(token: SecretProvider): TokenSource {
  return {
    token: async (signal) => (await token.get(signal)).value,
    invalidate: () => token.invalidate(),
  };
}
