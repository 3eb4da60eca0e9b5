// The one undici dispatcher of an HTTP client: an Agent, or an EnvHttpProxyAgent when proxy
// variables are set, with the connect/headers/body timeouts and an extra CA bundle when given.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { ConfigError } from '../core/errors.js';
import type { ResolvedTimeouts } from './httpTimeouts.js';
import { errorCode } from './mapHttpError.js';
import { proxySettings } from './proxyFor.js';

export function createDispatcher(
  options: { caFile?: string | undefined; env: Record<string, string | undefined> },
  timeouts: ResolvedTimeouts,
): Dispatcher {
  const { env } = options;
  const ca = options.caFile ? trustedRoots(options.caFile, env) : undefined;
  const connect = { timeout: timeouts.connectMs, ...(ca ? { ca } : {}) };
  const common = {
    connect,
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    // No redirect interceptor: a 3xx is reported, never followed.
  };
  const proxy = proxySettings(env);
  if (!proxy) return new Agent(common);
  // The settings are passed explicitly so that the env option, not process.env, decides.
  return new EnvHttpProxyAgent({
    ...common,
    ...proxy,
    // Plain-http origins go as absolute-form requests, as curl does and as every forward proxy
    // accepts; https origins are always tunnelled with CONNECT.
    proxyTunnel: false,
    requestTls: connect,
    proxyTls: { timeout: timeouts.connectMs, ...(ca ? { ca } : {}) },
  });
}

/**
 * Passing `ca` to undici replaces Node's trust store, NODE_EXTRA_CA_CERTS included, so the
 * defaults are concatenated by hand.
 */
function trustedRoots(caFile: string, env: Record<string, string | undefined>): string[] {
  const roots = [...rootCertificates];
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (extra) {
    try {
      roots.push(readFileSync(extra, 'utf8'));
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; do the same (ignore it).
    }
  }
  try {
    roots.push(readFileSync(caFile, 'utf8'));
  } catch (error) {
    const code = errorCode(error) ?? 'unreadable';
    throw new ConfigError(
      `The CA file ${caFile} cannot be read (${code}): fix caFile in the context or create the file`,
      { cause: error },
    );
  }
  return roots;
}
