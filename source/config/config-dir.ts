// Where dagdeck keeps its config file, debug log and audit trail. The default mirrors what conf
// (through env-paths) picks for projectName 'dagdeck' with an empty suffix, so the path is the same
// whether or not conf has been loaded yet; computing it here keeps conf off the start-up path of
// commands that only need the directory (the debug log, --help).
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ConfigDirOptions {
  /** An explicit directory (tests, `--config-dir`); wins over everything else. */
  dir?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export function configDir(options: ConfigDirOptions = {}): string {
  if (options.dir) return options.dir;
  const env = options.env ?? process.env;
  if (env.DAGDECK_CONFIG_DIR) return env.DAGDECK_CONFIG_DIR;
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Preferences', 'dagdeck');
  if (process.platform === 'win32') {
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'dagdeck', 'Config');
  }
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'dagdeck');
}
