// Which Airflow answers at the base URL: GET /api/v2/version (Airflow 3), else /api/v1/version
// (Airflow 2); both are unauthenticated on a plain install. A managed front
// door (Composer, MWAA, Astro) may refuse both without credentials: then the bearer token, when we
// have one, is sent with the probe.
import { z } from 'zod';
import { AuthError, BadResponse, type DagdeckError, Forbidden, NotFound } from '../core/errors.js';
import type { HttpClient } from '../http/types.js';
import { joinBaseUrl } from './joinBaseUrl.js';

const Version = z.object({ version: z.string().min(1) });

export interface DetectedAirflow {
  apiVersion: 'v1' | 'v2';
  version: string;
}

export async function detectAirflowVersion(options: {
  baseUrl: string;
  http: HttpClient;
  /** Headers for a front door that refuses anonymous probes; resolved only if needed. */
  frontDoorHeaders?: () => Promise<Record<string, string>>;
  signal?: AbortSignal | undefined;
}): Promise<DetectedAirflow> {
  const { baseUrl, http, signal } = options;
  const ask = async (apiVersion: 'v1' | 'v2', headers?: Record<string, string>): Promise<DetectedAirflow> => {
    const response = await http.request({
      method: 'GET',
      url: joinBaseUrl(baseUrl, `/api/${apiVersion}/version`),
      service: 'Airflow',
      ...(headers ? { headers } : {}),
      ...(signal ? { signal } : {}),
    });
    const parsed = Version.safeParse(response.body);
    if (!parsed.success) {
      throw new BadResponse(`${baseUrl}/api/${apiVersion}/version did not answer with an Airflow version`);
    }
    return { apiVersion, version: parsed.data.version };
  };
  // Not this version: 404, an HTML page from a proxy or a single-page app, or a front door's refusal.
  const isMiss = (error: unknown) =>
    error instanceof NotFound ||
    error instanceof BadResponse ||
    error instanceof AuthError ||
    error instanceof Forbidden;

  const attempt = async (headers?: Record<string, string>): Promise<DetectedAirflow | DagdeckError[]> => {
    const misses: DagdeckError[] = [];
    for (const apiVersion of ['v2', 'v1'] as const) {
      try {
        return await ask(apiVersion, headers);
      } catch (error) {
        if (!isMiss(error)) throw error;
        misses.push(error as DagdeckError);
      }
    }
    return misses;
  };

  const anonymous = await attempt();
  if (!Array.isArray(anonymous)) return anonymous;
  const refused = anonymous.some((error) => error instanceof AuthError || error instanceof Forbidden);
  if (refused && options.frontDoorHeaders) {
    const authenticated = await attempt(await options.frontDoorHeaders());
    if (!Array.isArray(authenticated)) return authenticated;
  }
  if (refused) {
    throw new AuthError(
      `${baseUrl} refused the Airflow version probe: a login front door (IAP, MWAA, Astro) is in the way; use a bearer token for it (\`dagdeck login\`)`,
      { cause: anonymous[0] },
    );
  }
  throw new NotFound(
    `No Airflow API at ${baseUrl}: /api/v2/version and /api/v1/version were not found; check that the URL is the Airflow web server's address (with its path prefix, if any)`,
    { cause: anonymous[0] },
  );
}
