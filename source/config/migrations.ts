// Explicit, ordered config migrations: a pure chain of migrations
// v1→v2→…, one step per schema version. conf's own semver-keyed migrations are not used: they are tied to the app version,
// and a failed one restores a backup behind our back. Each step here is a pure function from the
// raw JSON of one version to the raw JSON of the next; the result is validated with the zod
// ConfigFile afterwards, so a step never has to be defensive about the final shape.
import { CONFIG_SCHEMA_VERSION } from './schema.js';

export type RawConfig = Record<string, unknown>;

export interface Migration {
  from: number;
  to: number;
  description: string;
  migrate(raw: RawConfig): RawConfig;
}

function isRecord(value: unknown): value is RawConfig {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A version-0 context carried `readOnly: true` instead of a protection level. */
function migrateContextV0(context: RawConfig): RawConfig {
  const { readOnly, ...rest } = context;
  if (rest.protection === undefined && readOnly === true) return { ...rest, protection: 'read-only' };
  return rest;
}

function looksLikeContext(value: unknown): value is RawConfig {
  return isRecord(value) && (isRecord(value.airflow) || isRecord(value.databricks));
}

/**
 * Version 0 is any file without `schemaVersion`: the pre-release layout kept contexts flat at the
 * top level next to `current`, and marked read-only contexts with a boolean.
 */
const flatContextsToV1: Migration = {
  from: 0,
  to: 1,
  description: 'move flat top-level contexts under "contexts", rename "current" to "currentContext"',
  migrate(raw) {
    const contexts: RawConfig = {};
    const rest: RawConfig = {};
    const nested = isRecord(raw.contexts) ? raw.contexts : {};
    for (const [name, value] of Object.entries(nested)) {
      contexts[name] = looksLikeContext(value) ? migrateContextV0(value) : value;
    }
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'contexts' || key === 'current') continue;
      if (looksLikeContext(value)) contexts[key] = migrateContextV0(value);
      else rest[key] = value;
    }
    const current = raw.currentContext ?? raw.current;
    return {
      ...rest,
      schemaVersion: 1,
      ...(current === undefined ? {} : { currentContext: current }),
      contexts,
    };
  },
};

/** Every migration, in order; the last one's `to` is CONFIG_SCHEMA_VERSION. */
export const MIGRATIONS: readonly Migration[] = [flatContextsToV1];

/** The file's version: 0 when it has none, a number when it has one, undefined when it is not a version. */
export function schemaVersionOf(raw: RawConfig): number | undefined {
  const version = raw.schemaVersion;
  if (version === undefined) return 0;
  if (typeof version === 'number' && Number.isInteger(version) && version >= 0) return version;
  return undefined;
}

export interface MigrationResult {
  raw: RawConfig;
  applied: Migration[];
}

/** Applies every migration from `fromVersion` up to CONFIG_SCHEMA_VERSION, in order. */
export function migrateConfig(raw: RawConfig, fromVersion: number): MigrationResult {
  let current = raw;
  let version = fromVersion;
  const applied: Migration[] = [];
  while (version < CONFIG_SCHEMA_VERSION) {
    const step = MIGRATIONS.find((migration) => migration.from === version);
    if (!step) throw new Error(`no migration from schemaVersion ${version}`);
    current = step.migrate(current);
    applied.push(step);
    version = step.to;
  }
  return { raw: current, applied };
}
