import { describe, expect, it } from 'vitest';
import { AuthError, errorLine, RateLimited } from '../../source/core/errors.js';

describe('typed errors', () => {
  it('render as one line with the request id', () => {
    const error = new AuthError('Airflow rejected the credentials:\nrun `dagdeck login`', {
      status: 401,
      requestId: 'abc',
    });
    expect(error.oneLine()).toBe('Airflow rejected the credentials: run `dagdeck login` (request id abc)');
    expect(error.code).toBe('auth');
    expect(error.name).toBe('AuthError');
  });

  it('keep the retry delay of a rate limit', () => {
    const error = new RateLimited('slow down', { retryAfterMs: 2000 });
    expect(error.retryAfterMs).toBe(2000);
    expect(errorLine(error)).toBe('slow down');
    expect(errorLine(new Error('first\nsecond'))).toBe('first');
  });
});
