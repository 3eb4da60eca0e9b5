// Runs inside `dbus-run-session` with an unlocked gnome-keyring (see keychain.test.ts): stores,
// reads, finds through the chain, deletes, and prints what it saw as one JSON line.
import { createSecretProvider } from '../../../source/credentials/createSecretProvider.js';
import { createKeychainStore } from '../../../source/credentials/keychain.js';

const secret = process.argv[2] ?? 'missing';
const store = createKeychainStore({ service: 'dagdeck-test', timeoutMs: 10_000 });
const account = 'roundtrip/airflow';
const before = await store.get(account);
await store.set(account, secret);
const after = await store.get(account);
// A second store (a fresh process in real life) finds it through the chain, named "keychain".
const chain = createSecretProvider({
  context: 'roundtrip',
  backend: 'airflow',
  purpose: 'airflow-password',
  env: process.env,
  store: createKeychainStore({ service: 'dagdeck-test', timeoutMs: 10_000 }),
  prompt: false,
});
const viaChain = await chain.get();
const deleted = await store.delete(account);
const gone = await store.get(account);
process.stdout.write(
  `${JSON.stringify({ before: before ?? null, after, viaChain, deleted, gone: gone ?? null })}\n`,
);
