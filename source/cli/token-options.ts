// --token-stdin and --token-file <path>: step 1 of the credential chain (explicit
// per-invocation input; never a --token VALUE flag, which `ps` and shell history
// would show). Declared here once, so every command that takes them spells and explains them alike.
import { type Command, InvalidArgumentError } from 'commander';
import type { ExplicitSecretInput } from '../credentials/createSecretProvider.js';

/** The parsed options; commander camel-cases the flags. */
export interface TokenOptions {
  tokenStdin?: boolean;
  tokenFile?: string;
}

/**
 * Adds both options to `command`. `role` says what the secret is for: by default the first source
 * of the credential chain for this run; `login` reads the secret it stores.
 */
export function addTokenOptions(command: Command, role = 'first in the credential chain'): Command {
  return command
    .option('--token-stdin', `read the secret from stdin (${role})`)
    .option('--token-file <path>', `read the secret from a file only you can read, mode 0600 (${role})`);
}

/** The chain's explicit input, or undefined when neither option was given. */
export function explicitSecret(options: TokenOptions): ExplicitSecretInput | undefined {
  if (!options.tokenStdin && !options.tokenFile) return undefined;
  return {
    ...(options.tokenStdin ? { tokenStdin: true } : {}),
    ...(options.tokenFile ? { tokenFile: options.tokenFile } : {}),
  };
}

/** `VAULT_ADDR,VAULT_NAMESPACE`: environment variable names, comma-separated. */
export function envNamesOption(value: string): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const bad = names.find((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
  if (bad !== undefined || names.length === 0) {
    throw new InvalidArgumentError(
      'expected environment variable names separated by commas, e.g. VAULT_ADDR,VAULT_NAMESPACE.',
    );
  }
  return names;
}
