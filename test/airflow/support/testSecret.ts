// A SecretProvider whose value can change between resolutions (a rotated password, a token
// command that prints a fresh token), counting how often it was invalidated.
import type { SecretProvider } from '../../../source/core/credentials.js';

export function testSecret(values: string[], source = 'test'): SecretProvider & { invalidations: number } {
  let index = 0;
  const provider = {
    description: source,
    invalidations: 0,
    get: async () => ({ value: values[Math.min(index, values.length - 1)] ?? '', source }),
    invalidate: () => {
      provider.invalidations++;
      index++;
    },
  };
  return provider;
}

/** An unsigned JWT-shaped token with the given claims (the client only reads the payload). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.sig`;
}
