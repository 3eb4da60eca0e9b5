// Unified-auth precedence, as the Databricks SDKs apply it: explicit > env > profile, the
// file is read only when needed, profiles are not merged with DEFAULT.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../source/core/errors.js';
import { resolveDatabricksConfig } from '../../source/databricks/auth/resolveDatabricksConfig.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import type { DatabricksAuth } from '../../source/databricks/auth/types.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'dagdeck-dbcfg-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const CFG = `
[DEFAULT]
host = https://default.cloud.databricks.com
token = dapi-default-token

[prod]
host = prod.cloud.databricks.com/
token = dapi-prod-token

[sp.analytics]
host = https://sp.cloud.databricks.com
client_id = sp-id
client_secret = "sp-secret # not a comment"

[both]
host = https://both.cloud.databricks.com
token = dapi-both
client_id = x
client_secret = y

[forced]
host = https://forced.cloud.databricks.com
auth_type = oauth-m2m
token = dapi-ignored
client_id = forced-id
client_secret = forced-secret

[hostonly]
host = https://hostonly.cloud.databricks.com
`;

async function writeCfg(text = CFG, name = '.databrickscfg'): Promise<string> {
  const path = join(home, name);
  await writeFile(path, text);
  return path;
}

async function secretOf(auth: DatabricksAuth): Promise<string | undefined> {
  if (auth.kind === 'pat') return (await auth.token.get()).value;
  if (auth.kind === 'oauth-m2m') return (await auth.clientSecret.get()).value;
  return undefined;
}

describe('resolveDatabricksConfig (§6.2 precedence)', () => {
  it('uses [DEFAULT] when nothing else is set', async () => {
    await writeCfg();
    const config = await resolveDatabricksConfig({ env: {}, homeDir: home });
    expect(config.host).toBe('https://default.cloud.databricks.com');
    expect(config.auth.kind).toBe('pat');
    expect(await secretOf(config.auth)).toBe('dapi-default-token');
    expect(config.credentialSource).toBe('profile DEFAULT in ~/.databrickscfg');
  });

  it('env DATABRICKS_HOST + DATABRICKS_TOKEN win and the file is not read at all', async () => {
    await writeCfg('this is not [ valid');
    const config = await resolveDatabricksConfig({
      env: { DATABRICKS_HOST: 'env.cloud.databricks.com', DATABRICKS_TOKEN: 'dapi-env' },
      homeDir: home,
    });
    expect(config.host).toBe('https://env.cloud.databricks.com');
    expect(await secretOf(config.auth)).toBe('dapi-env');
    expect(config.credentialSource).toBe('env DATABRICKS_TOKEN');
    expect(config.profile).toBeUndefined();
  });

  it('a named profile fills only what env and explicit values left unset', async () => {
    await writeCfg();
    const config = await resolveDatabricksConfig({
      env: { DATABRICKS_CONFIG_PROFILE: 'prod', DATABRICKS_HOST: 'https://env-host.example' },
      homeDir: home,
    });
    expect(config.host).toBe('https://env-host.example');
    expect(await secretOf(config.auth)).toBe('dapi-prod-token');
    expect(config.credentialSource).toBe('profile prod in ~/.databrickscfg');
    expect(config.profile).toBe('prod');
  });

  it('explicit values beat the environment, which beats the profile', async () => {
    await writeCfg();
    const config = await resolveDatabricksConfig({
      env: { DATABRICKS_TOKEN: 'dapi-env', DATABRICKS_HOST: 'https://env.example' },
      profile: 'prod',
      host: 'https://explicit.example/',
      token: staticSecret('dapi-keychain', 'keychain'),
      homeDir: home,
    });
    expect(config.host).toBe('https://explicit.example');
    expect(await secretOf(config.auth)).toBe('dapi-keychain');
    expect(config.credentialSource).toBe('keychain');
  });

  it('an explicit profile beats DATABRICKS_CONFIG_PROFILE, and the host gets https:// and no trailing slash', async () => {
    await writeCfg();
    const config = await resolveDatabricksConfig({
      env: { DATABRICKS_CONFIG_PROFILE: 'hostonly' },
      profile: 'prod',
      homeDir: home,
    });
    expect(config.host).toBe('https://prod.cloud.databricks.com');
  });

  it('reads OAuth M2M from a dotted profile name, keeping # inside a quoted value', async () => {
    await writeCfg();
    const config = await resolveDatabricksConfig({ env: {}, profile: 'sp.analytics', homeDir: home });
    expect(config.auth).toMatchObject({ kind: 'oauth-m2m', clientId: 'sp-id' });
    expect(await secretOf(config.auth)).toBe('sp-secret # not a comment');
    expect(config.credentialSource).toBe(
      'OAuth M2M sp-id, secret from profile sp.analytics in ~/.databrickscfg',
    );
  });

  it('does not merge a profile with [DEFAULT]: a host-only profile falls to the Databricks CLI', async () => {
    await writeCfg();
    const config = await resolveDatabricksConfig({ env: {}, profile: 'hostonly', homeDir: home });
    expect(config.auth).toEqual({ kind: 'databricks-cli', profile: 'hostonly' });
    expect(config.credentialSource).toContain('databricks auth token');
  });

  it('refuses two methods at once unless auth_type picks one, and never shows the secrets', async () => {
    await writeCfg();
    const error = await resolveDatabricksConfig({ env: {}, profile: 'both', homeDir: home }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/more than one databricks authorization method/i);
    expect((error as Error).message).not.toContain('dapi-both');
    const forced = await resolveDatabricksConfig({ env: {}, profile: 'forced', homeDir: home });
    expect(forced.auth).toMatchObject({ kind: 'oauth-m2m', clientId: 'forced-id' });
  });

  it('DATABRICKS_AUTH_TYPE forces the method too', async () => {
    const config = await resolveDatabricksConfig({
      env: {
        DATABRICKS_HOST: 'https://h.example',
        DATABRICKS_TOKEN: 'dapi-x',
        DATABRICKS_CLIENT_ID: 'cid',
        DATABRICKS_CLIENT_SECRET: 'csecret',
        DATABRICKS_AUTH_TYPE: 'pat',
      },
      homeDir: home,
    });
    expect(config.auth.kind).toBe('pat');
  });

  it('env client id + secret give OAuth M2M', async () => {
    const config = await resolveDatabricksConfig({
      env: {
        DATABRICKS_HOST: 'https://h.example',
        DATABRICKS_CLIENT_ID: 'cid',
        DATABRICKS_CLIENT_SECRET: 's',
      },
      homeDir: home,
    });
    expect(config.auth).toMatchObject({ kind: 'oauth-m2m', clientId: 'cid' });
    expect(config.credentialSource).toBe('OAuth M2M cid, secret from env DATABRICKS_CLIENT_SECRET');
  });

  it('honours DATABRICKS_CONFIG_FILE and [__settings__] default_profile', async () => {
    const path = await writeCfg(`${CFG}\n[__settings__]\ndefault_profile = prod\n`, 'other.cfg');
    const config = await resolveDatabricksConfig({ env: { DATABRICKS_CONFIG_FILE: path }, homeDir: home });
    expect(config.host).toBe('https://prod.cloud.databricks.com');
    expect(config.credentialSource).toBe(`profile prod in ${path}`);
  });

  it('a missing named profile is an error; a missing file without a profile only lacks a host', async () => {
    await writeCfg();
    await expect(resolveDatabricksConfig({ env: {}, profile: 'nope', homeDir: home })).rejects.toThrow(
      /profile nope is not in ~\/.databrickscfg/,
    );
    await rm(join(home, '.databrickscfg'));
    await expect(resolveDatabricksConfig({ env: {}, homeDir: home })).rejects.toThrow(/No Databricks host/);
    await expect(resolveDatabricksConfig({ env: {}, profile: 'prod', homeDir: home })).rejects.toThrow(
      /does not exist/,
    );
  });

  it('a client id without a secret is a clear configuration error', async () => {
    await expect(
      resolveDatabricksConfig({
        env: { DATABRICKS_HOST: 'https://h.example', DATABRICKS_CLIENT_ID: 'cid' },
        homeDir: home,
      }),
    ).rejects.toThrow(/needs both a client id and a client secret/);
  });
});
