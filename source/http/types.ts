// The contract of the one HTTP client every backend uses (implemented in client.ts).

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL. Path segments must already be percent-encoded by the caller (see encodePathSegment). */
  url: string;
  /** Query parameters; arrays become repeated keys (?state=a&state=b); undefined values are dropped. */
  query?: Record<string, string | number | boolean | ReadonlyArray<string | number> | undefined>;
  headers?: Record<string, string>;
  /** A JSON body (serialised by the client, content-type set) or a raw string/form body. */
  json?: unknown;
  form?: Record<string, string>;
  /** What the caller wants back: parsed JSON (default), text, or raw NDJSON lines. */
  accept?: 'json' | 'text' | 'ndjson';
  /** Overrides the Accept header sent (e.g. 'application/x-ndjson'). */
  acceptHeader?: string;
  signal?: AbortSignal;
  /**
   * Set for requests that are safe to send again: GET is by default; a POST only when it carries
   * an idempotency key (Databricks idempotency_token, a client-chosen Airflow dag_run_id).
   */
  idempotent?: boolean;
  /** Overall budget for this request in ms (headers + body), overriding the client default. */
  timeoutMs?: number;
  /** A name for error messages: "Airflow", "Databricks". */
  service?: string;
}

/** A response whose body is parsed as the request asked (JSON, text, NDJSON lines) but not checked: parse it with zod. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  requestId?: string;
}

/**
 * A response whose body is read as it arrives (task logs of any size). Retries and error mapping
 * happen before the body: a failure while reading it is thrown by the iteration as a typed error
 * (Unavailable, Timeout). Read the body to its end, or cancel it, to free the connection.
 */
export interface HttpStream {
  status: number;
  headers: Record<string, string>;
  requestId?: string;
  body: AsyncIterable<Buffer>;
  cancel(): void;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Like request(), but hands the body over as a stream instead of parsing it (no size cap). */
  stream(request: HttpRequest): Promise<HttpStream>;
  close(): Promise<void>;
}
