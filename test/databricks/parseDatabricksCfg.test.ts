// .databrickscfg INI rules, as the Go SDK's LoadFile reads the file.
import { describe, expect, it } from 'vitest';
import { parseDatabricksCfg } from '../../source/databricks/auth/parseDatabricksCfg.js';

describe('parseDatabricksCfg', () => {
  it('reads sections, comments, quotes and inline comments only after whitespace', () => {
    const cfg = parseDatabricksCfg(
      [
        '# a comment',
        '; another',
        'host = https://top-level.example',
        '[DEFAULT]',
        'token=abc#def',
        '',
        '[team.prod] ',
        '  host = https://prod.example  # trailing comment',
        "  password = 'quoted value'",
        'Client_ID = upper',
        '[empty]',
      ].join('\r\n'),
    );
    expect(cfg.get('DEFAULT')).toEqual({ host: 'https://top-level.example', token: 'abc#def' });
    expect(cfg.get('team.prod')).toEqual({
      host: 'https://prod.example',
      password: 'quoted value',
      client_id: 'upper',
    });
    expect(cfg.get('empty')).toEqual({});
    expect(cfg.has('missing')).toBe(false);
  });
});
