// Custom CA files (a corporate CA in front of Airflow): a self-signed certificate made with
// openssl at test time; the request fails without caFile and succeeds with it, and the default
// roots stay in place (the CA is appended, not substituted).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, Unavailable } from '../../source/core/errors.js';
import { createHttpClient } from '../../source/http/client.js';
import { json, type LoopbackServer, startServer } from './support/loopbackServer.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const OPENSSL = hasOpenssl();
let dir = '';
let server: LoopbackServer | undefined;

beforeAll(async () => {
  if (!OPENSSL) return;
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  // A second, unrelated certificate: the caFile of the NODE_EXTRA_CA_CERTS test.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-keyout',
      join(dir, 'other-key.pem'),
      '-out',
      join(dir, 'other.pem'),
      '-subj',
      '/CN=other',
    ],
    { stdio: 'ignore' },
  );
  const https = createServer({
    key: readFileSync(join(dir, 'key.pem')),
    cert: readFileSync(join(dir, 'cert.pem')),
  });
  server = await startServer((_request, response) => json(response, 200, { tls: true }), https, 'https');
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!OPENSSL)(
  'caFile (security-reliability.md §2.3; skipped only when openssl is not installed)',
  () => {
    it('an untrusted self-signed certificate fails with the cause and the fix', async () => {
      const http = createHttpClient({ retry: { maxAttempts: 1 } });
      const error = await http
        .request({ method: 'GET', url: `${server?.url}/api`, service: 'Airflow' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(Unavailable);
      expect(error.message).toMatch(
        /not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/,
      );
      expect(error.message).toContain('set caFile');
      await http.close();
    });

    it('succeeds with the certificate as caFile', async () => {
      const http = createHttpClient({ caFile: join(dir, 'cert.pem') });
      const response = await http.request({ method: 'GET', url: `${server?.url}/api` });
      expect(response.body).toEqual({ tls: true });
      await http.close();
    });
  },
);

describe.skipIf(!OPENSSL)('NODE_EXTRA_CA_CERTS (security-reliability.md §2.3)', () => {
  it('stays trusted when a caFile is set (undici would otherwise replace the whole trust store)', async () => {
    const http = createHttpClient({
      caFile: join(dir, 'other.pem'),
      env: { NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
    });
    const response = await http.request({ method: 'GET', url: `${server?.url}/api` });
    expect(response.body).toEqual({ tls: true });
    await http.close();
  });

  it('a caFile that does not sign the server still fails', async () => {
    const http = createHttpClient({ caFile: join(dir, 'other.pem'), env: {}, retry: { maxAttempts: 1 } });
    await expect(http.request({ method: 'GET', url: `${server?.url}/api` })).rejects.toBeInstanceOf(
      Unavailable,
    );
    await http.close();
  });
});

describe.skipIf(!OPENSSL)('HTTPS through a CONNECT proxy (security-reliability.md §2.1, §6.2 F4)', () => {
  it('tunnels to the https origin through HTTPS_PROXY and verifies it with caFile', async () => {
    const tunnels: string[] = [];
    const proxyServer = createHttpServer();
    proxyServer.on('connect', (request, socket, head) => {
      tunnels.push(request.url ?? '');
      const [host, port] = (request.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const proxy = await startServer(() => {}, proxyServer);
    const http = createHttpClient({ caFile: join(dir, 'cert.pem'), env: { HTTPS_PROXY: proxy.url } });
    const response = await http.request({ method: 'GET', url: `${server?.url}/api` });
    expect(response.body).toEqual({ tls: true });
    expect(tunnels).toEqual([`127.0.0.1:${server?.port}`]);
    await http.close();
    await proxy.close();
  });
});

describe('caFile errors', () => {
  it('an unreadable caFile is a ConfigError naming the file', () => {
    expect(() => createHttpClient({ caFile: '/nonexistent/dagdeck-ca.pem' })).toThrow(ConfigError);
    expect(() => createHttpClient({ caFile: '/nonexistent/dagdeck-ca.pem' })).toThrow(
      /The CA file \/nonexistent\/dagdeck-ca.pem cannot be read \(ENOENT\)/,
    );
  });
});
