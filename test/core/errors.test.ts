import { describe, expect, it } from 'vitest';
import { AuthError, errorLine, InvalidRequest, NotFound, RateLimited } from '../../source/core/errors.js';

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

  it('details() hands the request facts to an error that says it better, with the original as cause', () => {
    const original = new InvalidRequest('HTTP 400', {
      status: 400,
      bodyExcerpt: '{"error_code":"INVALID_PARAMETER_VALUE"}',
      requestId: 'req-1',
      request: 'Databricks GET /api/2.2/jobs/get',
    });
    const better = new NotFound('Databricks job 7 does not exist: check the job id', original.details());
    expect(better).toMatchObject({
      status: 400,
      bodyExcerpt: '{"error_code":"INVALID_PARAMETER_VALUE"}',
      requestId: 'req-1',
      request: 'Databricks GET /api/2.2/jobs/get',
      cause: original,
    });
    expect(new NotFound('x').details()).toEqual({ cause: expect.any(NotFound) });
  });
});
