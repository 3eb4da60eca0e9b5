// The production HTTP client (source/http/client.ts) with every request recorded, so backend tests
// go through the real retry, error mapping and redaction, and can still check what was sent.
// Retries are kept short so a test that provokes them stays fast.
import { createHttpClient, type HttpClientOptions } from '../../source/http/client.js';
import type { HttpClient, HttpRequest } from '../../source/http/types.js';

export function createRecordingHttpClient(
  options: HttpClientOptions = {},
): HttpClient & { requests: HttpRequest[] } {
  const client = createHttpClient({ retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 50 }, ...options });
  const requests: HttpRequest[] = [];
  return {
    requests,
    request(request) {
      requests.push(request);
      return client.request(request);
    },
    stream(request) {
      requests.push(request);
      return client.stream(request);
    },
    close: () => client.close(),
  };
}
