// How the Airflow Databricks provider will authenticate with a connection, decided the way its
// hook does: the first matching rule wins (a token in extra beats everything, an empty login with
// a password is a personal token, then the Azure and OAuth extras, then login "token", then a user
// name and password). The password itself is never read: Airflow 3 says whether one is set,
// Airflow 2 does not, and then the verdict says "likely".
import type { Connection } from '../platformSettings.js';
import type { Evidence } from './finding.js';

export type DatabricksConnectionAuth =
  | 'token-in-extra'
  | 'pat'
  | 'pat-likely'
  | 'azure-service-principal'
  | 'azure-managed-identity'
  | 'azure-default-credential'
  | 'oauth-m2m'
  | 'kubernetes-federation'
  | 'username-password'
  | 'username-password-likely'
  | 'no-credentials';

export interface ConnectionAuthVerdict {
  auth: DatabricksConnectionAuth;
  evidence: Evidence[];
}

/** Python's truthiness of a JSON value: "false" is true, 0 and "" are not. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

const shown = (value: unknown): Evidence['value'] =>
  value === undefined
    ? null
    : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
      ? value
      : JSON.stringify(value);

export function databricksConnectionAuth(connection: Connection): ConnectionAuthVerdict {
  const extra = connection.extra ?? {};
  const login = connection.login ?? '';
  const evidence: Evidence[] = [{ field: 'login', value: login || null }];
  const password: Evidence = {
    field: 'password',
    value: connection.password === 'hidden' ? 'not shown by the API' : connection.password,
  };
  const verdict = (auth: DatabricksConnectionAuth, ...more: Evidence[]): ConnectionAuthVerdict => ({
    auth,
    evidence: [...evidence, ...more],
  });

  if ('token' in extra) return verdict('token-in-extra', { field: 'extra.token', value: shown(extra.token) });
  const passwordSet = connection.password === 'set' || connection.password === 'exposed';
  if (!login && passwordSet) return verdict('pat', password);
  const flags: [string, DatabricksConnectionAuth][] = [
    ['azure_tenant_id', 'azure-service-principal'],
    ['use_azure_managed_identity', 'azure-managed-identity'],
    ['use_default_azure_credential', 'azure-default-credential'],
    ['service_principal_oauth', 'oauth-m2m'],
  ];
  for (const [key, auth] of flags) {
    if (key === 'azure_tenant_id' ? key in extra : truthy(extra[key])) {
      return verdict(auth, { field: `extra.${key}`, value: shown(extra[key]) });
    }
  }
  if (login === 'federated_k8s' || truthy(extra.federated_k8s)) return verdict('kubernetes-federation');
  if (!login) {
    if (connection.password === 'hidden') return verdict('pat-likely', password);
    return verdict('no-credentials', password);
  }
  if (login === 'token') return verdict('pat', password);
  if (connection.password === 'hidden') return verdict('username-password-likely', password);
  if (connection.password === 'unset') return verdict('no-credentials', password);
  return verdict('username-password', password);
}
