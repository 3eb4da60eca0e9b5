// The response headers as one lower-cased string each, with what the client reads from them.

const REQUEST_ID_HEADERS = [
  'x-request-id',
  'x-databricks-request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-ms-request-id',
  'x-correlation-id',
  'request-id',
];

export interface ResponseHeaders {
  headers: Record<string, string>;
  /** The server's or its gateway's id of the request, for a bug report. */
  requestId: string | undefined;
  /** A declared length, when it is a plain number. */
  contentLength: number | undefined;
}

export function responseHeadersOf(raw: Record<string, string | string[] | undefined>): ResponseHeaders {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const length = headers['content-length'];
  return {
    headers,
    requestId: REQUEST_ID_HEADERS.map((name) => headers[name]).find((value) => value),
    contentLength: length && /^\d+$/.test(length) ? Number(length) : undefined,
  };
}
