// probe() of a Databricks workspace: one cheap authenticated call proves reachability and the
// credential at once; who the credential belongs to is read from SCIM when the workspace says.
import { DagdeckError } from '../core/errors.js';
import type { BackendInfo } from '../core/model.js';
import type { HttpClient } from '../http/types.js';
import type { TokenSource } from './auth/types.js';
import type { JobsApi } from './jobsApi.js';
import { ListJobsResponse, ScimMe } from './schemas.js';

export async function probeWorkspace(
  options: {
    api: JobsApi;
    http: HttpClient;
    tokens: TokenSource;
    /** Read after the first call: the credential chain knows which source won only once a token was fetched. */
    credentialSource: () => string | undefined;
  },
  signal?: AbortSignal,
): Promise<BackendInfo> {
  const { api, http, tokens } = options;
  await api.get('jobs/list', { limit: 1 }, ListJobsResponse, signal);
  const info: BackendInfo = {
    backend: 'databricks',
    endpoint: api.host,
    apiVersion: '2.2',
    healthy: true,
  };
  const credentialSource = options.credentialSource();
  if (credentialSource) info.credentialSource = credentialSource;
  try {
    const response = await http.request({
      method: 'GET',
      url: `${api.host}/api/2.0/preview/scim/v2/Me`,
      headers: { authorization: `Bearer ${await tokens.token(signal)}` },
      service: 'Databricks',
      ...(signal ? { signal } : {}),
    });
    const me = ScimMe.safeParse(response.body);
    const identity = me.success ? (me.data.userName ?? me.data.displayName ?? me.data.id) : undefined;
    if (identity) info.identity = identity;
  } catch (error) {
    // Identity is a nicety: a workspace or simulator without SCIM still probes fine.
    if (!(error instanceof DagdeckError)) throw error;
  }
  return info;
}
