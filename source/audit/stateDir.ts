// Where dagdeck keeps what it records as it works (the audit trail, the claims of confirmed
// triggers): $DAGDECK_STATE_DIR, else the config directory when $DAGDECK_CONFIG_DIR moves it (a
// test or a second installation keeps everything together), else $XDG_STATE_HOME/dagdeck
// (~/.local/state/dagdeck) on Linux and the config directory elsewhere.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../config/config-dir.js';

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DAGDECK_STATE_DIR) return env.DAGDECK_STATE_DIR;
  if (env.DAGDECK_CONFIG_DIR) return env.DAGDECK_CONFIG_DIR;
  if (process.platform === 'darwin' || process.platform === 'win32') return configDir({ env });
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'dagdeck');
}
