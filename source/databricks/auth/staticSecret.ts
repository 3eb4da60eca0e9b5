import type { SecretProvider } from '../../core/credentials.js';

/** A secret already in memory (an environment variable, a .databrickscfg value). */
export function staticSecret(value: string, source: string): SecretProvider {
  return {
    description: source,
    get: async () => ({ value, source }),
    invalidate: () => {},
  };
}
