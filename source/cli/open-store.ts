// The config store for a command that reads or changes contexts: a broken or newer config file
// stops the command with its one-line ConfigError (exit 3) instead of being overwritten.
import type { ConfigStore } from '../config/store.js';

export async function openStore(): Promise<ConfigStore> {
  const { openConfigStore } = await import('../config/store.js');
  const store = openConfigStore();
  if (store.problem) throw store.problem;
  return store;
}
