import type { SecretProvider } from '../../core/credentials.js';
import { registerSecret } from '../../core/redact.js';

/** A secret already in memory (an environment variable, a .databrickscfg value). */
export function staticSecret(value: string, source: string): SecretProvider {
  registerSecret(value);
  return {
    description: source,
    get: async () => ({ value, source }),
    invalidate: () => {},
  };
}
