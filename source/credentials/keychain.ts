// The OS keychain through @napi-rs/keyring (service "dagdeck", account "<context>/<backend>"),
// under the policy of security-reliability.md §1.4: skip the Secret Service when there is no D-Bus
// session, run every call in a child process with a hard timeout (3 s, as gh and the Databricks CLI
// do), and after one timeout treat the keychain as unavailable for the rest of the session. On Linux
// the entry is pinned to the Secret Service: the kernel keyring fallback forgets secrets on reboot,
// so it is not storage.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { KEYCHAIN_CHILD_SCRIPT } from './keychainChildScript.js';
import { KeychainUnavailable } from './keychainUnavailable.js';
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

  const childEnv = (): NodeJS.ProcessEnv => {
    if (platform !== 'linux') return env;
    const address = dbusSessionAddress(env);
    if (!address) throw new KeychainUnavailable(NO_DBUS_MESSAGE);
    return { ...env, DBUS_SESSION_BUS_ADDRESS: address };
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
    return new Promise<ChildReply>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['-e', KEYCHAIN_CHILD_SCRIPT, modulePath, op, service, account, store],
        {
          stdio: [op === 'set' ? 'pipe' : 'ignore', 'pipe', 'ignore'],
          env: spawnEnv,
          shell: false,
          windowsHide: true,
        },
      );
      let stdout = '';
      let settled = false;
      const finish = (error: KeychainUnavailable | undefined, reply?: ChildReply) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          unavailable = error;
          reject(error);
        } else if (reply) resolve(reply);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish(
          new KeychainUnavailable(
            `the keychain did not answer within ${timeoutMs} ms (locked, or waiting for an unlock prompt nobody sees)`,
          ),
        );
      }, timeoutMs);
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.on('error', (error) =>
        finish(new KeychainUnavailable(`could not start the keychain helper: ${error.message}`)),
      );
      child.on('close', () => {
        let parsed: ChildReply | undefined;
        try {
          parsed = ChildReply.parse(JSON.parse(stdout));
        } catch {
          finish(new KeychainUnavailable('the keychain helper ended without an answer'));
          return;
        }
        finish(undefined, parsed);
      });
      if (op === 'set' && child.stdin) {
        child.stdin.on('error', () => {});
        child.stdin.end(input ?? '');
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
