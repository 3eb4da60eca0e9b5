// Errors the simulator answers with, in the real service's body shapes:
// `{"error_code": "...", "message": "..."}` for API errors, a numeric error_code for the PAT
// check, and the API-1.2 style `{"error": "Bad Target: ..."}` for unknown paths.

export class DatabricksApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : String(body.error ?? status));
  }
}

export const invalidParameter = (message: string) =>
  new DatabricksApiError(400, { error_code: 'INVALID_PARAMETER_VALUE', message });

export const invalidState = (message: string) =>
  new DatabricksApiError(400, { error_code: 'INVALID_STATE', message });

export const malformedRequest = (message: string) =>
  new DatabricksApiError(400, { error_code: 'MALFORMED_REQUEST', message });

export const runDoesNotExist = (runId: number | string) => invalidParameter(`Run ${runId} does not exist.`);

export const jobDoesNotExist = (jobId: number | string) => invalidParameter(`Job ${jobId} does not exist.`);

export const badTarget = (path: string) => new DatabricksApiError(404, { error: `Bad Target: ${path}` });

/** Known path, wrong method: the jobs service answers ENDPOINT_NOT_FOUND naming the method and path. */
export const endpointNotFound = (method: string, path: string) =>
  new DatabricksApiError(404, {
    error_code: 'ENDPOINT_NOT_FOUND',
    message: `No API found for '${method} ${path.replace(/^\/api\/2\.[0-9]/, '')}'`,
  });

/** Invalid or expired bearer token: 403 with a numeric error_code (databricks-sdk-go issue #873). */
export const invalidAccessToken = (status = 403) =>
  new DatabricksApiError(
    status,
    { error_code: status, message: 'Invalid access token.' },
    { 'x-databricks-reason-phrase': 'Invalid access token.' },
  );

export const credentialNotSent = () =>
  new DatabricksApiError(401, {
    error_code: 401,
    message: 'Credential was not sent or was of an unsupported type for this API.',
  });

/** Body used by the shared fault injector for 429 and 5xx answers. */
export function faultBody(status: number): Record<string, unknown> {
  if (status === 429) {
    return {
      error_code: 'REQUEST_LIMIT_EXCEEDED',
      message: 'Too many requests. Please wait a moment and try again.',
    };
  }
  // The SDKs read a 500 as InternalError and a 503 as TemporarilyUnavailable.
  if (status === 503) {
    return {
      error_code: 'TEMPORARILY_UNAVAILABLE',
      message: 'The service is temporarily unavailable. Please try again later.',
    };
  }
  return { error_code: 'INTERNAL_ERROR', message: 'An internal error occurred. Please try again later.' };
}
