// Where the host and credential of a workspace come from, with the SDKs' "unified auth" rules:
// explicit values beat DATABRICKS_* variables, which beat
// the ~/.databrickscfg profile; no source overwrites an attribute already set; the file is read only
// when a profile is named or nothing else gave a host or a credential.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SecretProvider } from '../../core/credentials.js';
import { ConfigError } from '../../core/errors.js';
import { normalizeHost } from './normalizeHost.js';
import { parseDatabricksCfg } from './parseDatabricksCfg.js';
import { staticSecret } from './staticSecret.js';
import type { DatabricksAuth } from './types.js';

export type DatabricksAuthType = DatabricksAuth['kind'];

export interface ResolveDatabricksConfigOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Explicit values (command line, dagdeck context); each beats the environment and the file. */
  profile?: string;
  host?: string;
  authType?: DatabricksAuthType;
  token?: SecretProvider;
  clientId?: string;
  clientSecret?: SecretProvider;
  /** For tests; defaults to os.homedir(). */
  homeDir?: string;
}

export interface ResolvedDatabricksConfig {
  host: string;
  auth: DatabricksAuth;
  /** Human, secret-free: "env DATABRICKS_TOKEN", "profile prod in ~/.databrickscfg"... */
  credentialSource: string;
  /** The profile read, when the file was used. */
  profile?: string;
}

interface Attribute<T> {
  value: T;
  source: string;
}

interface Attributes {
  host?: Attribute<string> | undefined;
  authType?: Attribute<string> | undefined;
  token?: Attribute<SecretProvider> | undefined;
  clientId?: Attribute<string> | undefined;
  clientSecret?: Attribute<SecretProvider> | undefined;
  cliPath?: Attribute<string> | undefined;
}

const AUTH_TYPES: ReadonlySet<string> = new Set(['pat', 'oauth-m2m', 'databricks-cli']);

export async function resolveDatabricksConfig(
  options: ResolveDatabricksConfigOptions,
): Promise<ResolvedDatabricksConfig> {
  const attrs: Attributes = {};
  const env = options.env;

  if (options.host) attrs.host = { value: options.host, source: 'explicit' };
  if (options.authType) attrs.authType = { value: options.authType, source: 'explicit' };
  if (options.token) attrs.token = { value: options.token, source: options.token.description };
  if (options.clientId) attrs.clientId = { value: options.clientId, source: 'explicit' };
  if (options.clientSecret) {
    attrs.clientSecret = { value: options.clientSecret, source: options.clientSecret.description };
  }

  const fromEnv = (name: string): Attribute<string> | undefined => {
    const value = env[name];
    return value ? { value, source: `env ${name}` } : undefined;
  };
  const secretFrom = (attr: Attribute<string> | undefined): Attribute<SecretProvider> | undefined =>
    attr ? { value: staticSecret(attr.value, attr.source), source: attr.source } : undefined;

  attrs.host ??= fromEnv('DATABRICKS_HOST');
  attrs.authType ??= fromEnv('DATABRICKS_AUTH_TYPE');
  attrs.token ??= secretFrom(fromEnv('DATABRICKS_TOKEN'));
  attrs.clientId ??= fromEnv('DATABRICKS_CLIENT_ID');
  attrs.clientSecret ??= secretFrom(fromEnv('DATABRICKS_CLIENT_SECRET'));
  attrs.cliPath ??= fromEnv('DATABRICKS_CLI_PATH');

  const requestedProfile = options.profile ?? env.DATABRICKS_CONFIG_PROFILE;
  const hasAuthAttribute = attrs.token || attrs.clientId || attrs.clientSecret;
  let usedProfile: string | undefined;
  if (requestedProfile || (!attrs.host && !hasAuthAttribute)) {
    usedProfile = await loadProfile(attrs, requestedProfile, env, options.homeDir ?? homedir(), secretFrom);
  }

  if (!attrs.host) {
    throw new ConfigError(
      'No Databricks host configured: set DATABRICKS_HOST, pass --databricks-host, or add host to a ~/.databrickscfg profile',
    );
  }
  const host = normalizeHost(attrs.host.value);
  const auth = chooseAuth(attrs, usedProfile);
  const result: ResolvedDatabricksConfig = { host, auth: auth.auth, credentialSource: auth.source };
  if (usedProfile) result.profile = usedProfile;
  return result;
}

async function loadProfile(
  attrs: Attributes,
  requested: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  secretFrom: (attr: Attribute<string> | undefined) => Attribute<SecretProvider> | undefined,
): Promise<string | undefined> {
  const configured = env.DATABRICKS_CONFIG_FILE;
  const path = configured ? configured.replace(/^~(?=$|[/\\])/, home) : join(home, '.databrickscfg');
  const shown = configured ?? '~/.databrickscfg';
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && !requested) return undefined;
    throw new ConfigError(
      missing
        ? `Databricks profile ${requested} was requested but ${shown} does not exist: create it or unset DATABRICKS_CONFIG_PROFILE`
        : `Could not read ${shown}: ${(error as Error).message}`,
    );
  }
  const cfg = parseDatabricksCfg(text);
  // Newer CLIs record the default profile in [__settings__] (`databricks auth switch`).
  const name = requested ?? cfg.get('__settings__')?.default_profile ?? 'DEFAULT';
  const section = cfg.get(name);
  if (!section) {
    if (name === 'DEFAULT') return undefined;
    throw new ConfigError(`Databricks profile ${name} is not in ${shown}: check the profile name`);
  }
  // Profiles are not merged with [DEFAULT]: only this section's keys apply.
  const source = `profile ${name} in ${shown}`;
  const pick = (key: string): Attribute<string> | undefined =>
    section[key] ? { value: section[key], source } : undefined;
  attrs.host ??= pick('host');
  attrs.authType ??= pick('auth_type');
  attrs.token ??= secretFrom(pick('token'));
  attrs.clientId ??= pick('client_id');
  attrs.clientSecret ??= secretFrom(pick('client_secret'));
  attrs.cliPath ??= pick('databricks_cli_path');
  return name;
}

function chooseAuth(
  attrs: Attributes,
  profile: string | undefined,
): { auth: DatabricksAuth; source: string } {
  const forced = attrs.authType?.value;
  if (forced !== undefined && !AUTH_TYPES.has(forced)) {
    throw new ConfigError(
      `Databricks auth_type ${forced} (${attrs.authType?.source}) is not supported by dagdeck: use pat, oauth-m2m or databricks-cli`,
    );
  }
  const hasPat = attrs.token !== undefined;
  const hasOAuth = attrs.clientId !== undefined || attrs.clientSecret !== undefined;
  if (!forced && hasPat && hasOAuth) {
    throw new ConfigError(
      `More than one Databricks authorization method configured: oauth (${attrs.clientId?.source ?? attrs.clientSecret?.source}) and pat (${attrs.token?.source}); set auth_type or DATABRICKS_AUTH_TYPE`,
    );
  }
  const kind = forced ?? (hasPat ? 'pat' : hasOAuth ? 'oauth-m2m' : 'databricks-cli');
  if (kind === 'pat') {
    if (!attrs.token)
      throw new ConfigError('auth_type pat needs a token: set DATABRICKS_TOKEN or token in the profile');
    return { auth: { kind: 'pat', token: attrs.token.value }, source: attrs.token.source };
  }
  if (kind === 'oauth-m2m') {
    if (!attrs.clientId || !attrs.clientSecret) {
      throw new ConfigError(
        'Databricks OAuth M2M needs both a client id and a client secret: set DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (or client_id and client_secret in the profile)',
      );
    }
    return {
      auth: { kind: 'oauth-m2m', clientId: attrs.clientId.value, clientSecret: attrs.clientSecret.value },
      source: `OAuth M2M ${attrs.clientId.value}, secret from ${attrs.clientSecret.source}`,
    };
  }
  const auth: DatabricksAuth = { kind: 'databricks-cli' };
  if (profile && profile !== 'DEFAULT') auth.profile = profile;
  if (attrs.cliPath) auth.cliPath = attrs.cliPath.value;
  return { auth, source: 'databricks auth token (Databricks CLI login)' };
}
