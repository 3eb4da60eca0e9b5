// `dagdeck context remove NAME`: forgets the context and, when asked (or confirmed on a terminal),
// deletes its keychain entries and plaintext secret files too.
import type { Command } from 'commander';
import { openStore } from './open-store.js';
import { say } from './say.js';

interface RemoveOptions {
  deleteSecrets?: boolean;
  keepSecrets?: boolean;
}

export function registerContextRemoveCommand(context: Command): void {
  context
    .command('remove')
    .description('remove a context; on a terminal, offers to delete its keychain entries')
    .argument('<name>', 'the context name')
    .option('--delete-secrets', 'also delete its keychain entries and plaintext secret files, without asking')
    .option('--keep-secrets', 'keep its keychain entries, without asking')
    .action(async (name: string, options: RemoveOptions) => {
      await contextRemove(name, options);
    });
}

async function askYesNo(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function contextRemove(name: string, options: RemoveOptions): Promise<void> {
  const store = await openStore();
  const context = store.context(name);
  store.removeContext(name);
  say(`removed context ${name}`);
  if (!context || options.keepSecrets) return;
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  const remove =
    options.deleteSecrets === true ||
    (interactive && (await askYesNo(`Delete the keychain entries of ${name} too? [y/N] `)));
  if (!remove) {
    if (!options.deleteSecrets)
      say(
        `its keychain entries were kept; delete them with \`dagdeck context remove\` --delete-secrets next time, or your keychain tool (service dagdeck, account ${name}/...)`,
      );
    return;
  }
  const [{ createKeychainStore }, { keychainAccount }, { deleteInsecureSecret }, { errorLine }] =
    await Promise.all([
      import('../credentials/keychain.js'),
      import('../credentials/secretStore.js'),
      import('../credentials/insecureFile.js'),
      import('../core/errors.js'),
    ]);
  const keychain = createKeychainStore();
  for (const backend of ['airflow', 'databricks'] as const) {
    const endpoint = context[backend];
    if (!endpoint) continue;
    if (endpoint.credential.kind === 'insecure-file') {
      await deleteInsecureSecret(endpoint.credential.path);
      say(`deleted the plaintext secret file ${endpoint.credential.path}`);
    }
    try {
      const deleted = await keychain.delete(keychainAccount(name, backend));
      say(deleted ? `deleted keychain entry ${name}/${backend}` : `no keychain entry ${name}/${backend}`);
    } catch (error) {
      process.stderr.write(
        `dagdeck: could not delete keychain entry ${name}/${backend}: ${errorLine(error)}\n`,
      );
    }
  }
}
