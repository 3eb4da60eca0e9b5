// The proxy naming rules mirror undici's EnvHttpProxyAgent, so the proxy we name is the one it uses.
import { describe, expect, it } from 'vitest';
import { proxyFor, proxyHost, proxySettings } from '../../source/http/proxyFor.js';

describe('proxySettings / proxyFor (EnvHttpProxyAgent rules, §2.1)', () => {
  it('is undefined without proxy variables, even with NO_PROXY', () => {
    expect(proxySettings({ NO_PROXY: 'example.test' })).toBeUndefined();
  });

  it('prefers the lowercase variable when both cases are set', () => {
    expect(proxySettings({ HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:2' })?.httpProxy).toBe(
      'http://lower:2',
    );
  });

  it('uses https_proxy for https and falls back to http_proxy', () => {
    const both = proxySettings({ HTTP_PROXY: 'http://p1:1', HTTPS_PROXY: 'http://p2:2' });
    expect(proxyFor(new URL('https://a.test/'), both)).toBe('http://p2:2');
    expect(proxyFor(new URL('http://a.test/'), both)).toBe('http://p1:1');
    const httpOnly = proxySettings({ HTTP_PROXY: 'http://p1:1' });
    expect(proxyFor(new URL('https://a.test/'), httpOnly)).toBe('http://p1:1');
    const httpsOnly = proxySettings({ HTTPS_PROXY: 'http://p2:2' });
    expect(proxyFor(new URL('http://a.test/'), httpsOnly)).toBeUndefined();
  });

  it('NO_PROXY matches hosts, subdomains, leading dots and ports; * bypasses all', () => {
    const settings = proxySettings({ HTTP_PROXY: 'http://p:1', NO_PROXY: '.corp.test, airflow.local:8080' });
    expect(proxyFor(new URL('http://corp.test/'), settings)).toBeUndefined();
    expect(proxyFor(new URL('http://api.corp.test/'), settings)).toBeUndefined();
    expect(proxyFor(new URL('http://notcorp.test/'), settings)).toBe('http://p:1');
    expect(proxyFor(new URL('http://airflow.local:8080/'), settings)).toBeUndefined();
    expect(proxyFor(new URL('http://airflow.local:9090/'), settings)).toBe('http://p:1');
    expect(
      proxyFor(new URL('http://x.test/'), proxySettings({ HTTP_PROXY: 'http://p:1', NO_PROXY: '*' })),
    ).toBeUndefined();
  });

  it('names a proxy by host:port, never its credentials', () => {
    expect(proxyHost('http://ops:s3cret@proxy.corp.test:3128')).toBe('proxy.corp.test:3128');
  });
});
