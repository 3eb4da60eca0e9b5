// The OS keychain through @napi-rs/keyring (service "dagdeck", account "<context>/<backend>"),
// under this policy: skip the Secret Service when there is no D-Bus
// session, run every call in a child process with a hard timeout (3 s, as gh and the Databricks CLI
// do; the helper and anything it starts are ended as a group, runChild.ts), and after one timeout
// treat the keychain as unavailable for the rest of the session. On Linux
// the entry is pinned to the Secret Service: the kernel keyring fallback forgets secrets on reboot,
// so it is not storage.
import { createRequire } from 'node:module';
import { z } from 'zod';
import { KEYCHAIN_CHILD_SCRIPT } from './keychainChildScript.js';
import { KeychainUnavailable } from './keychainUnavailable.js';
import { minimalEnv, runChild } from './runChild.js';
import { KEYCHAIN_SERVICE, type SecretStore } from './secretStore.js';

export interface KeychainOptions {
  env?: NodeJS.ProcessEnv;
  /** Per call; default 3000 ms. */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
  service?: string;
}

const ChildReply = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    value: z.string().nullable().optional(),
    deleted: z.boolean().optional(),
  }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
type ChildReply = z.infer<typeof ChildReply>;

export const NO_DBUS_MESSAGE = 'keychain skipped: no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)';

/**
 * The session bus address to use, or undefined when there is none. Without one, libdbus would try
 * to autolaunch a bus, which spawned thousands of dbus-daemons for gh in containers (cli/cli#7582),
 * and a headless SSH session has nobody to answer an unlock prompt anyway.
 */
export function dbusSessionAddress(env: NodeJS.ProcessEnv): string | undefined {
  return env.DBUS_SESSION_BUS_ADDRESS || undefined;
}

function resolveKeyringModule(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@napi-rs/keyring');
  } catch {
    return undefined;
  }
}

export function createKeychainStore(options: KeychainOptions = {}): SecretStore {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const timeoutMs = options.timeoutMs ?? 3000;
  const service = options.service ?? KEYCHAIN_SERVICE;
  let unavailable: KeychainUnavailable | undefined;

  /** The helper needs the session bus (Linux) and the user's home; no other variable, no secret. */
  const childEnv = (): NodeJS.ProcessEnv => {
    if (platform !== 'linux') return minimalEnv(env);
    const address = dbusSessionAddress(env);
    if (!address) throw new KeychainUnavailable(NO_DBUS_MESSAGE);
    return { ...minimalEnv(env, ['XDG_RUNTIME_DIR']), DBUS_SESSION_BUS_ADDRESS: address };
  };

  const call = (op: 'get' | 'set' | 'delete', account: string, input?: string): Promise<ChildReply> => {
    if (unavailable) return Promise.reject(unavailable);
    let spawnEnv: NodeJS.ProcessEnv;
    try {
      spawnEnv = childEnv();
    } catch (error) {
      unavailable = error as KeychainUnavailable;
      return Promise.reject(unavailable);
    }
    const modulePath = resolveKeyringModule();
    if (!modulePath) {
      unavailable = new KeychainUnavailable(
        'no keychain support in this build (@napi-rs/keyring is missing)',
      );
      return Promise.reject(unavailable);
    }
    const store = platform === 'linux' ? 'secret-service' : '';
    return runChild({
      command: process.execPath,
      args: ['-e', KEYCHAIN_CHILD_SCRIPT, modulePath, op, service, account, store],
      env: spawnEnv,
      timeoutMs,
      ...(op === 'set' ? { input: input ?? '' } : {}),
    }).then((outcome) => {
      const fail = (message: string): never => {
        unavailable = new KeychainUnavailable(message);
        throw unavailable;
      };
      if (outcome.kind === 'not-started')
        return fail(`could not start the keychain helper: ${outcome.error.message}`);
      if (outcome.kind === 'timeout') {
        return fail(
          `the keychain did not answer within ${timeoutMs} ms (locked, or waiting for an unlock prompt nobody sees)`,
        );
      }
      try {
        return ChildReply.parse(JSON.parse(outcome.stdout));
      } catch {
        return fail('the keychain helper ended without an answer');
      }
    });
  };

  const unwrap = (reply: ChildReply): Extract<ChildReply, { ok: true }> => {
    if (!reply.ok) {
      // A store that answers with an error is unusable for this session; the chain moves on.
      unavailable = new KeychainUnavailable(`the keychain refused: ${reply.message}`);
      throw unavailable;
    }
    return reply;
  };

  return {
    name: 'keychain',
    async get(account) {
      const value = unwrap(await call('get', account)).value;
      return value ?? undefined;
    },
    async set(account, secret) {
      unwrap(await call('set', account, secret));
    },
    async delete(account) {
      return unwrap(await call('delete', account)).deleted === true;
    },
  };
}
