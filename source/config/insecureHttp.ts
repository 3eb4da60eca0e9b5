// Cleartext HTTP: a password or a token sent over http:// crosses the network readable by anyone
// on the path. Loopback (the simulators, an SSH tunnel, a local proxy) never leaves the machine, so
// it is allowed; anything else needs the context to say so explicitly (--allow-insecure-http),
// and the console then shows it as a badge.
import { ConfigError } from '../core/errors.js';

/** localhost, 127.0.0.0/8 and ::1: traffic that stays on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/** True for an http:// URL to a host that is not loopback. */
export function isCleartextRemote(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname);
}

/** Refuses a cleartext remote URL unless the context allows it; `where` names the setting. */
export function refuseCleartext(
  url: string,
  where: string,
  contextName: string,
  allowInsecureHttp: boolean | undefined,
): void {
  if (allowInsecureHttp === true || !isCleartextRemote(url)) return;
  throw new ConfigError(
    `${where} of context "${contextName}" is ${new URL(url).origin}, plain http to a remote host: credentials would cross the network in clear; use https://, or re-add the context with --allow-insecure-http if this network is trusted`,
  );
}
