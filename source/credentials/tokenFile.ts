// `--token-file PATH`: the file must be readable by its owner only (0600 or stricter), as ssh
// insists for private keys. A file others can read has
// probably leaked already; refusing makes the user notice.
import { readFile, stat } from 'node:fs/promises';
import { ConfigError } from '../core/errors.js';

export async function readTokenFile(
  path: string,
  platform: NodeJS.Platform = process.platform,
): Promise<string> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    throw new ConfigError(
      `cannot read token file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}): check the path`,
    );
  }
  // Windows has no POSIX modes; ACLs are the user's business there.
  if (platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new ConfigError(
      `token file ${path} is readable by others (mode ${(mode & 0o777).toString(8).padStart(3, '0')}): run \`chmod 600 ${path}\` and retry`,
    );
  }
  const token = (await readFile(path, 'utf8')).trim();
  if (!token) throw new ConfigError(`token file ${path} is empty: put the secret in it`);
  return token;
}
