// An Airflow connection as the core Connection: the password reduced to whether one is set, the
// extra parsed (the server masks sensitive values as "***"). A clear-text password or sensitive
// extra value (masking switched off on the server) is flagged and dropped, never kept.
import type { Connection } from '../core/platformSettings.js';
import { compact } from './compact.js';
import type { ConnectionItem } from './schemas-review.js';

const MASK = '***';
/**
 * Key names the server masks by default (a key is sensitive when its name contains one). The list
 * grows between releases, so this only guards what dagdeck keeps: the server's "***" decides.
 */
const SENSITIVE =
  /access_token|api_key|apikey|authorization|passphrase|passwd|password|private_key|secret|token|keyfile_dict|service_account|bearer|connection_string/i;

export function toConnection(item: ConnectionItem, apiVersion: 'v1' | 'v2'): Connection {
  const connection: Connection = {
    id: item.connection_id,
    type: item.conn_type ?? '',
    password: passwordOf(item.password, apiVersion),
    ...compact({ host: item.host || undefined, login: item.login || undefined }),
  };
  if (item.extra === undefined || item.extra === null || item.extra === '') return connection;
  const parsed = parseExtra(item.extra);
  if (!parsed) {
    connection.extraUnparseable = true;
    return connection;
  }
  const { extra, exposed } = masked(parsed);
  connection.extra = extra;
  if (exposed) connection.extraExposed = true;
  return connection;
}

function passwordOf(password: string | null | undefined, apiVersion: 'v1' | 'v2'): Connection['password'] {
  if (apiVersion === 'v1' || password === undefined) return 'hidden';
  if (password === null) return 'unset';
  return password === MASK ? 'set' : 'exposed';
}

function parseExtra(extra: string | Record<string, unknown>): Record<string, unknown> | undefined {
  if (typeof extra !== 'string') return extra;
  try {
    const value: unknown = JSON.parse(extra);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Every string under a sensitive key becomes "***"; whether one was not masked already. */
function masked(extra: Record<string, unknown>): { extra: Record<string, unknown>; exposed: boolean } {
  let exposed = false;
  const walk = (value: unknown, sensitive: boolean): unknown => {
    if (typeof value === 'string') {
      if (!sensitive || value === MASK) return value;
      exposed = true;
      return MASK;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, sensitive));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, sensitive || SENSITIVE.test(key))]),
      );
    }
    return value;
  };
  const result = walk(extra, false) as Record<string, unknown>;
  return { extra: result, exposed };
}
