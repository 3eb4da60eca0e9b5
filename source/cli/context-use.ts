// `dagdeck context use NAME`: the context the console and the commands open without --context.
import type { Command } from 'commander';
import { openStore } from './open-store.js';
import { say } from './say.js';

export function registerContextUseCommand(context: Command): void {
  context
    .command('use')
    .description('make a context the current one')
    .argument('<name>', 'the context name')
    .action(async (name: string) => {
      await contextUse(name);
    });
}

async function contextUse(name: string): Promise<void> {
  const store = await openStore();
  // biome-ignore lint/correctness/useHookAtTopLevel: ConfigStore.useContext is not a React hook.
  store.useContext(name);
  say(`current context is now ${name}`);
}
