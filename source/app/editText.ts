// `e` in the trigger form: the conf as a file in a private temporary directory, opened in $VISUAL or
// $EDITOR (vi when neither is set), run without a shell, on the whole terminal; what the editor saved
// is read back and the file removed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { splitArgv } from '../credentials/splitArgv.js';
import { handOverTerminal } from './terminalHandover.js';

export function createEditText(env: NodeJS.ProcessEnv = process.env) {
  return async (text: string, extension: string): Promise<string> => {
    const editor = env.VISUAL || env.EDITOR || 'vi';
    const [command, ...args] = splitArgv(editor);
    if (!command) throw new ConfigError('$EDITOR is empty: set EDITOR to your editor, e.g. EDITOR=vim');
    const dir = mkdtempSync(join(tmpdir(), 'dagdeck-edit-'));
    const file = join(dir, `conf${extension}`);
    try {
      writeFileSync(file, text, { mode: 0o600 });
      const result = handOverTerminal(() => spawnSync(command, [...args, file], { stdio: 'inherit', env }));
      if (result.error) {
        throw new ConfigError(
          `$EDITOR (${command}) could not start (${(result.error as NodeJS.ErrnoException).code ?? result.error.message}): set EDITOR to an installed editor`,
        );
      }
      if (result.status !== 0) {
        throw new ConfigError(
          `$EDITOR (${command}) exited with ${result.status ?? result.signal}: nothing changed`,
        );
      }
      return readFileSync(file, 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
