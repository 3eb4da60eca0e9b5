// Which proxy, if any, a URL goes through, by the same rules as undici's EnvHttpProxyAgent:
// lowercase variables win, https_proxy only for https (falling
// back to http_proxy), no_proxy entries match the host or its subdomains, with an optional :port,
// and `*` bypasses everything. Used only to name the proxy in error messages; undici does the routing.

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy: string;
}

export function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function proxySettings(env: Record<string, string | undefined>): ProxySettings | undefined {
  const httpProxy = envValue(env, 'http_proxy');
  const httpsProxy = envValue(env, 'https_proxy');
  if (!httpProxy && !httpsProxy) return undefined;
  return {
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    noProxy: envValue(env, 'no_proxy') ?? '',
  };
}

/** The proxy URL `url` is sent through, or undefined when it goes direct. */
export function proxyFor(url: URL, settings: ProxySettings | undefined): string | undefined {
  if (!settings) return undefined;
  const proxy = url.protocol === 'https:' ? (settings.httpsProxy ?? settings.httpProxy) : settings.httpProxy;
  if (!proxy) return undefined;
  if (settings.noProxy.trim() === '*') return undefined;
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  for (const entry of settings.noProxy.split(/[,\s]/)) {
    if (!entry) continue;
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const host = (parsed?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    if (parsed?.[2] && Number(parsed[2]) !== port) continue;
    if (hostname === host || hostname.endsWith(`.${host}`)) return undefined;
  }
  return proxy;
}

/** host:port of a proxy URL, never its userinfo. */
export function proxyHost(proxy: string): string {
  try {
    return new URL(proxy).host;
  } catch {
    return 'the configured proxy';
  }
}
