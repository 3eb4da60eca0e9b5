// Security: how the console itself reaches Databricks (a personal token where a service principal
// should be), and how Airflow's Databricks connections authenticate, judged from their type, login
// and non-secret extras (passwords are never read); secrets the server did not mask.

import { databricksConnectionAuth } from './databricksConnectionAuth.js';
import type { Finding } from './finding.js';
import type { ConnectionFacts, ReviewFacts } from './reviewFacts.js';

const SP_FIX =
  'use a service principal with OAuth M2M: conn extra {"service_principal_oauth": true}, login = client id, password = OAuth secret (or Kubernetes federation / Azure identities)';

export function contextAuthFindings(facts: ReviewFacts): Finding[] {
  return facts.backends.flatMap((backend): Finding[] => {
    if (backend.kind !== 'databricks' || backend.authKind !== 'pat') return [];
    return [
      {
        check: 'context-databricks-pat',
        severity: 'warning',
        kind: 'security',
        object: { backend: 'databricks', type: 'context', label: `workspace ${backend.endpoint}` },
        title: 'dagdeck reaches this workspace with a personal access token',
        evidence: [
          { field: 'auth', value: 'pat' },
          ...(backend.credentialSource ? [{ field: 'credential', value: backend.credentialSource }] : []),
        ],
        fix: 'use a service principal: `dagdeck context add NAME --databricks-auth oauth-m2m --databricks-client-id ID` (short-lived tokens, no personal token to leak)',
      },
    ];
  });
}

export function connectionFindings(facts: ConnectionFacts | undefined): Finding[] {
  if (!facts) return [];
  if (!facts.read) {
    return [
      {
        check: 'airflow-connections-unreadable',
        severity: 'info',
        kind: 'security',
        object: { backend: 'airflow', type: 'context', label: 'Airflow connections' },
        title: facts.forbidden
          ? 'could not check the Airflow connections: this role may not read them'
          : 'could not check the Airflow connections',
        evidence: [{ field: 'GET /connections', value: facts.reason }],
        fix: facts.forbidden
          ? 'run the review with a role that may read connections (can_read on Connections: Op or Admin)'
          : 'check that the Airflow API answers, then run the review again',
      },
    ];
  }
  const findings: Finding[] = [];
  for (const connection of facts.connections) {
    const object = {
      backend: 'airflow' as const,
      type: 'connection' as const,
      label: `connection ${connection.id}`,
      connectionId: connection.id,
    };
    if (connection.password === 'exposed' || connection.extraExposed) {
      findings.push({
        check: 'airflow-connection-secret-exposed',
        severity: 'error',
        kind: 'security',
        object,
        title: 'the Airflow API returns this connection’s secrets in clear text',
        evidence: [
          ...(connection.password === 'exposed' ? [{ field: 'password', value: 'not masked' }] : []),
          ...(connection.extraExposed ? [{ field: 'extra', value: 'sensitive value not masked' }] : []),
        ],
        fix: 'set [core] hide_sensitive_var_conn_fields = True (the default) so the API masks secrets, and rotate the exposed ones',
      });
    }
    if (connection.type !== 'databricks') continue;
    if (connection.extraUnparseable) {
      findings.push({
        check: 'airflow-connection-extra-unparseable',
        severity: 'warning',
        kind: 'security',
        object,
        title: 'extra is not JSON: Airflow cannot mask the secrets in it',
        evidence: [{ field: 'extra', value: 'not JSON (not shown)' }],
        fix: 'store extra as a JSON object, secrets in the password field',
      });
      continue;
    }
    const { auth, evidence } = databricksConnectionAuth(connection);
    const withType = [{ field: 'conn_type', value: connection.type }, ...evidence];
    switch (auth) {
      case 'token-in-extra':
        findings.push({
          check: 'airflow-databricks-token-in-extra',
          severity: 'warning',
          kind: 'security',
          object,
          title: 'a personal access token stored in extra',
          evidence: withType,
          fix: SP_FIX,
        });
        break;
      case 'pat':
      case 'pat-likely':
        findings.push({
          check: 'airflow-databricks-pat',
          severity: 'warning',
          kind: 'security',
          object,
          title:
            auth === 'pat'
              ? 'authenticates with a personal access token'
              : 'likely a personal access token: login empty, password not shown by API v1',
          evidence: withType,
          fix: SP_FIX,
        });
        break;
      case 'username-password':
      case 'username-password-likely':
        findings.push({
          check: 'airflow-databricks-password',
          severity: 'error',
          kind: 'security',
          object,
          title:
            auth === 'username-password'
              ? 'authenticates with a user name and password, which Databricks ended on 2024-07-10'
              : 'login set without token or OAuth extras: likely a user name and password, which Databricks ended on 2024-07-10',
          evidence: withType,
          fix: SP_FIX,
        });
        break;
      default:
        break;
    }
  }
  return findings;
}
