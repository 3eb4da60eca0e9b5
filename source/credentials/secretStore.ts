// Where `dagdeck login` keeps a secret and the credential chain finds it again. The OS keychain is
// the real one (keychain.ts); the memory store lets tests and `--demo` run the chain without one.
import { assertContextName } from '../config/contextName.js';

export interface SecretStore {
  /** Shown to the user as the credential source: "keychain", "memory". */
  readonly name: string;
  /** The secret stored under this account, or undefined when there is none. */
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

export function createMemoryStore(initial: Record<string, string> = {}): SecretStore {
  const secrets = new Map(Object.entries(initial));
  return {
    name: 'memory',
    get: async (account) => secrets.get(account),
    set: async (account, secret) => {
      secrets.set(account, secret);
    },
    delete: async (account) => secrets.delete(account),
  };
}

/** The keychain account of one backend of one context: "prod/airflow", "prod/databricks". */
export function keychainAccount(context: string, backend: 'airflow' | 'databricks'): string {
  return `${assertContextName(context)}/${backend}`;
}

/** The keychain service every dagdeck entry lives under. */
export const KEYCHAIN_SERVICE = 'dagdeck';
