// The context store: contexts and preferences in `conf` (JSON, 0600, in a 0700 directory). The
// file is read and checked by readConfigFile first; a broken or newer file is reported, left
// byte-for-byte untouched and the store turns read-only, so a bad edit or a newer dagdeck's file is never lost.
// Writes re-read the file first, so two consoles editing different contexts do not undo each other
// (last writer still wins on the same context, which is documented in the README).
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { ConfigError } from '../core/errors.js';
import { configDir } from './config-dir.js';
import { assertContextName } from './contextName.js';
import { type ConfigFileState, readConfigFile } from './read-config-file.js';
import { CONFIG_SCHEMA_VERSION, ConfigFile, Context, type ContextInput, type Preferences } from './schema.js';

export interface ConfigStore {
  readonly path: string;
  readonly dir: string;
  /** False when the file is corrupt, unreadable or from a newer dagdeck: every write throws. */
  readonly writable: boolean;
  /** Why the store is read-only, as a one-line ConfigError naming the file. */
  readonly problem: ConfigError | undefined;
  /** Where the pre-migration copy went, when opening migrated the file. */
  readonly migrationBackup: string | undefined;
  contexts(): Record<string, Context>;
  context(name: string): Context | undefined;
  currentContextName(): string | undefined;
  useContext(name: string): void;
  /** Validates with the zod Context (filling its defaults) before writing. */
  upsertContext(name: string, context: ContextInput): void;
  removeContext(name: string): void;
  preferences(): Preferences;
}

export interface OpenConfigStoreOptions {
  /** The config directory; else DAGDECK_CONFIG_DIR, else ~/.config/dagdeck (conf's default). */
  dir?: string | undefined;
}

function emptyConfig(): ConfigFile {
  return ConfigFile.parse({ schemaVersion: CONFIG_SCHEMA_VERSION });
}

/** Creates the directory 0700, and tightens it if we own it and it is open to others. */
function ensurePrivateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = statSync(dir);
  if ((stat.mode & 0o077) !== 0 && stat.uid === process.getuid?.()) chmodSync(dir, 0o700);
}

/** A backup name that never overwrites an earlier backup. */
function writeBackup(path: string, version: number, bytes: Buffer): string {
  const base = `${path}.v${version}.bak`;
  for (let attempt = 0; ; attempt += 1) {
    const candidate = attempt === 0 ? base : `${base}.${attempt}`;
    try {
      writeFileSync(candidate, bytes, { mode: 0o600, flag: 'wx' });
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

class ConfStore implements ConfigStore {
  readonly path: string;
  readonly dir: string;
  #data: ConfigFile = emptyConfig();
  #problem: ConfigError | undefined;
  #conf: Conf<ConfigFile> | undefined;
  #migrationBackup: string | undefined;

  constructor(dir: string) {
    this.dir = dir;
    this.path = join(dir, 'config.json');
    ensurePrivateDirectory(dir);
    this.#load(readConfigFile(this.path));
  }

  get writable(): boolean {
    return this.#problem === undefined;
  }
  get problem(): ConfigError | undefined {
    return this.#problem;
  }
  get migrationBackup(): string | undefined {
    return this.#migrationBackup;
  }

  contexts(): Record<string, Context> {
    return { ...this.#data.contexts };
  }
  context(name: string): Context | undefined {
    return Object.hasOwn(this.#data.contexts, name) ? this.#data.contexts[name] : undefined;
  }
  currentContextName(): string | undefined {
    return this.#data.currentContext;
  }
  preferences(): Preferences {
    return { ...this.#data.preferences };
  }

  useContext(name: string): void {
    this.#write((data) => {
      if (!Object.hasOwn(data.contexts, name)) {
        throw new ConfigError(
          `no context named "${name}" in ${this.path}; list them with \`dagdeck context list\``,
        );
      }
      return { ...data, currentContext: name };
    });
  }

  upsertContext(name: string, context: ContextInput): void {
    assertContextName(name);
    const checked = Context.safeParse(context);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ConfigError(
        `context "${name}" is invalid (${issue?.path.join('.') || 'context'}: ${issue?.message}); fix it and retry`,
      );
    }
    this.#write((data) => ({ ...data, contexts: { ...data.contexts, [name]: checked.data } }));
  }

  removeContext(name: string): void {
    this.#write((data) => {
      if (!Object.hasOwn(data.contexts, name)) {
        throw new ConfigError(`no context named "${name}" in ${this.path}; nothing removed`);
      }
      const { [name]: _removed, ...contexts } = data.contexts;
      const { currentContext, ...rest } = data;
      return currentContext === name ? { ...rest, contexts } : { ...rest, currentContext, contexts };
    });
  }

  #load(state: ConfigFileState): void {
    if (state.kind === 'problem') {
      this.#problem = state.error;
      return;
    }
    if (state.kind === 'missing') {
      this.#data = emptyConfig();
      return;
    }
    this.#data = state.data;
    if (state.applied.length > 0) {
      // Copy the old bytes aside before the first write in the new format, so a downgrade or a
      // faulty migration can always be undone by hand.
      this.#migrationBackup = writeBackup(this.path, state.fromVersion, state.bytes);
      this.#conf_().store = state.data;
      return;
    }
    const mode = statSync(this.path).mode;
    if ((mode & 0o077) !== 0) chmodSync(this.path, 0o600);
  }

  #write(change: (data: ConfigFile) => ConfigFile): void {
    if (this.#problem) {
      throw new ConfigError(`config is read-only until fixed: ${this.#problem.message}`);
    }
    const fresh = readConfigFile(this.path);
    this.#load(fresh);
    if (this.#problem) {
      throw new ConfigError(`config is read-only until fixed: ${(this.#problem as ConfigError).message}`);
    }
    const next = ConfigFile.parse(change(this.#data));
    this.#conf_().store = next;
    this.#data = next;
  }

  #conf_(): Conf<ConfigFile> {
    this.#conf ??= new Conf<ConfigFile>({
      projectName: 'dagdeck',
      projectSuffix: '',
      cwd: this.dir,
      configName: 'config',
      configFileMode: 0o600,
      clearInvalidConfig: false,
      // Context names may contain dots ("prod.eu"); conf must not read them as paths.
      accessPropertiesByDotNotation: false,
    });
    return this.#conf;
  }
}

/** Opens the store; never throws for a bad file (see `problem`), only for an unusable directory. */
export function openConfigStore(options: OpenConfigStoreOptions = {}): ConfigStore {
  return new ConfStore(configDir({ dir: options.dir }));
}
