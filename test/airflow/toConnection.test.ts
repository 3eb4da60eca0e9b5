// An Airflow connection as dagdeck keeps it: the password only as whether one is set, the extra
// parsed with the server's masks, and anything the server failed to mask masked and flagged,
// never kept in clear.
import { describe, expect, it } from 'vitest';
import { toConnection } from '../../source/airflow/toConnection.js';

const item = (extra: Record<string, unknown>) => ({ connection_id: 'c', conn_type: 'databricks', ...extra });

describe('toConnection', () => {
  it('v2: "***" is a set password, null none, anything else exposed (and not kept)', () => {
    expect(toConnection(item({ password: '***' }), 'v2').password).toBe('set');
    expect(toConnection(item({ password: null }), 'v2').password).toBe('unset');
    const exposed = toConnection(item({ password: 'hunter2' }), 'v2');
    expect(exposed.password).toBe('exposed');
    expect(JSON.stringify(exposed)).not.toContain('hunter2');
  });

  it('v1 never shows the password', () => {
    expect(toConnection(item({}), 'v1').password).toBe('hidden');
  });

  it('extra: the server masks stay, a sensitive value it left in clear is masked and flagged', () => {
    const masked = toConnection(item({ extra: '{"token": "***", "http_headers": {"X-A": "b"}}' }), 'v2');
    expect(masked.extra).toEqual({ token: '***', http_headers: { 'X-A': 'b' } });
    expect(masked.extraExposed).toBeUndefined();
    const leaky = toConnection(item({ extra: '{"nested": {"client_secret": "s3cr3t"}, "host": "h"}' }), 'v2');
    expect(leaky.extra).toEqual({ nested: { client_secret: '***' }, host: 'h' });
    expect(leaky.extraExposed).toBe(true);
    expect(JSON.stringify(leaky)).not.toContain('s3cr3t');
  });

  it('an extra that is not JSON is flagged and its text dropped', () => {
    const connection = toConnection(item({ extra: 'token=dapi123' }), 'v2');
    expect(connection.extraUnparseable).toBe(true);
    expect(JSON.stringify(connection)).not.toContain('dapi123');
  });
});
