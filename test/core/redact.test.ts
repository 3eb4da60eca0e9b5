// security-reliability.md §3.5: exact-match redaction first, then the patterns.
import { describe, expect, it } from 'vitest';
import { redact } from '../../source/core/redact.js';

describe('redact (security-reliability.md §3.5)', () => {
  it('replaces a known secret by a masked stand-in keeping prefix and last 4', () => {
    const out = redact('value=my-own-secret-value-9f3a end', ['my-own-secret-value-9f3a']);
    expect(out).not.toContain('my-own-secret-value-9f3a');
    expect(out).toContain('«redacted:my-o…9f3a»');
  });

  it('redacts Authorization headers of every scheme and cookies', () => {
    const out = redact(
      'Authorization: Bearer abc.def-ghi\nProxy-Authorization: Basic dXNlcjpwdw==\nCookie: a=b; c=d',
    );
    expect(out).not.toMatch(/abc\.def-ghi|dXNlcjpwdw==|a=b/);
    expect(out).toContain('Authorization: Bearer «redacted»');
  });

  it('redacts Databricks PATs with the -N suffix, OAuth secrets and JWTs', () => {
    const pat = `dapi${'0123456789abcdef'.repeat(2)}-2`;
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl';
    const out = redact(`pat ${pat} secret dose${'a'.repeat(32)} jwt ${jwt}`);
    expect(out).not.toContain('0123456789abcdef');
    expect(out).not.toContain('a'.repeat(32));
    expect(out).not.toContain(jwt);
  });

  it('redacts URL userinfo and secret query parameters', () => {
    const out = redact('proxy http://bob:hunter2@proxy:3128 and https://h/x?token=abc&x=1');
    expect(out).toBe('proxy http://«redacted»@proxy:3128 and https://h/x?token=«redacted»&x=1');
  });

  it('leaves ordinary text alone', () => {
    expect(redact('task ingest_trades failed after 3 tries')).toBe('task ingest_trades failed after 3 tries');
  });
});
