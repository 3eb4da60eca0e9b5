// Plaintext storage, only after an explicit --insecure-storage (the keychain is always preferred):
// one file per context and backend under <config dir>/secrets, 0600 in a 0700 directory, apart from
// the config file, which never holds a secret.
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertContextName } from '../config/contextName.js';
import { ConfigError } from '../core/errors.js';

/** The file of one context's secret; the name is checked first, so it can never leave the directory. */
export function insecureSecretPath(
  configDir: string,
  context: string,
  backend: 'airflow' | 'databricks',
): string {
  return join(configDir, 'secrets', `${assertContextName(context)}.${backend}`);
}

export const INSECURE_STORAGE_WARNING =
  'warning: storing the secret in PLAINTEXT (--insecure-storage); anyone with your account can read it';

export async function writeInsecureSecret(path: string, secret: string): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  // writeFile keeps the mode of an existing file.
  await chmod(path, 0o600);
}

export async function readInsecureSecret(path: string): Promise<string> {
  try {
    const mode = (await stat(path)).mode;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new ConfigError(`plaintext secret file ${path} is readable by others: run \`chmod 600 ${path}\``);
    }
    const secret = (await readFile(path, 'utf8')).trim();
    if (!secret) throw new ConfigError(`plaintext secret file ${path} is empty: run \`dagdeck login\` again`);
    return secret;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `cannot read plaintext secret file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}): run \`dagdeck login\` again`,
    );
  }
}

export async function deleteInsecureSecret(path: string): Promise<void> {
  await rm(path, { force: true });
}
