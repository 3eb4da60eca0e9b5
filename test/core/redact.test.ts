// Redaction: exact-match of the secrets we know first, then the patterns of secrets we do not.
import { describe, expect, it } from 'vitest';
import { redact } from '../../source/core/redact.js';

describe('redact (security-reliability.md §3.5)', () => {
  it('replaces a known secret by a fixed marker and a short tag: nothing of the secret (issue 13)', () => {
    const secret = 'S3cr3t-pass-x9q!';
    const out = redact(`password ${secret} rejected`, [secret]);
    expect(out).toMatch(/^password «redacted #[0-9a-f]{6}» rejected$/);
    // Not the first or last four characters, as the old mask showed.
    expect(out).not.toContain('S3cr');
    expect(out).not.toContain('x9q!');
    const mask = /«[^»]*»/.exec(out)?.[0] ?? '';
    for (let i = 0; i + 3 <= secret.length; i++) expect(mask).not.toContain(secret.slice(i, i + 3));
  });

  it('tells two secrets apart, and one secret is always the same tag within a process', () => {
    const out = redact('a=first-secret b=second-secret c=first-secret', ['first-secret', 'second-secret']);
    const tags = out.match(/«redacted #[0-9a-f]{6}»/g) ?? [];
    expect(tags).toHaveLength(3);
    expect(tags[0]).toBe(tags[2]);
    expect(tags[0]).not.toBe(tags[1]);
  });

  it('the tag is keyed per process: a hash of a guess does not match it', async () => {
    const { createHash } = await import('node:crypto');
    const secret = 'pw12';
    const tag = /#([0-9a-f]{6})/.exec(redact(secret, [secret]))?.[1];
    expect(tag).toBeDefined();
    expect(createHash('sha256').update(secret).digest('hex').slice(0, 6)).not.toBe(tag);
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
