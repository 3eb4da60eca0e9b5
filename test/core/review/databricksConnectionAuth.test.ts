// The Databricks provider hook's order of auth methods, row by row:
// the first match wins, Python truthiness decides the flags, and what API v1 hides is "likely".
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../source/core/platformSettings.js';
import { databricksConnectionAuth } from '../../../source/core/review/databricksConnectionAuth.js';

const conn = (extra: Partial<Connection>): Connection => ({
  id: 'databricks_default',
  type: 'databricks',
  password: 'unset',
  ...extra,
});

describe('databricksConnectionAuth', () => {
  it.each([
    [
      'a token in extra wins over every other setting',
      { extra: { token: '***', service_principal_oauth: true }, login: 'x', password: 'set' },
      'token-in-extra',
    ],
    ['empty login + password set is a personal token', { password: 'set' }, 'pat'],
    ['empty login, password not shown (v1) is likely a personal token', { password: 'hidden' }, 'pat-likely'],
    [
      'azure_tenant_id: Entra service principal',
      { login: 'app', password: 'set', extra: { azure_tenant_id: 't' } },
      'azure-service-principal',
    ],
    ['use_azure_managed_identity', { extra: { use_azure_managed_identity: true } }, 'azure-managed-identity'],
    [
      'use_default_azure_credential',
      { extra: { use_default_azure_credential: 'yes' } },
      'azure-default-credential',
    ],
    [
      'service_principal_oauth: OAuth M2M',
      { login: 'client', password: 'set', extra: { service_principal_oauth: true } },
      'oauth-m2m',
    ],
    [
      'the string "false" is truthy in Python',
      { login: 'client', password: 'set', extra: { service_principal_oauth: 'false' } },
      'oauth-m2m',
    ],
    [
      'false is not',
      { login: 'client', password: 'set', extra: { service_principal_oauth: false } },
      'username-password',
    ],
    ['login federated_k8s', { login: 'federated_k8s' }, 'kubernetes-federation'],
    ['login "token" sends a personal token as Basic', { login: 'token', password: 'set' }, 'pat'],
    [
      'a user name and a password set (v2)',
      { login: 'ana@example.com', password: 'set' },
      'username-password',
    ],
    [
      'a user name, password not shown (v1)',
      { login: 'ana@example.com', password: 'hidden' },
      'username-password-likely',
    ],
    ['nothing set', {}, 'no-credentials'],
  ] as [string, Partial<Connection>, string][])('%s', (_name, extra, auth) => {
    expect(databricksConnectionAuth(conn(extra)).auth).toBe(auth);
  });
});
