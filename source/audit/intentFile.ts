// The claims of confirmed triggers, shared by every dagdeck of this user on this machine: one small
// file per claim in intents/ under the state directory, created with O_EXCL so two consoles that
// confirm the same trigger at the same moment agree on one request id. Stale claims are replaced.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { IntentClaim, IntentStore } from '../core/audit.js';

export function createIntentStore(dir: string, now: () => number = Date.now): IntentStore {
  const folder = join(dir, 'intents');
  const fileOf = (key: string) => join(folder, `${key.replace(/[^a-f0-9]/gi, '').slice(0, 64)}.json`);

  const read = (key: string): IntentClaim | undefined => {
    try {
      const claim = JSON.parse(readFileSync(fileOf(key), 'utf8')) as IntentClaim;
      return typeof claim.requestId === 'string' && typeof claim.at === 'number' ? claim : undefined;
    } catch {
      return undefined;
    }
  };

  const sweep = (ttlMs: number) => {
    // Claims older than a day are of no use to anyone: keep the folder small.
    try {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (now() - statSync(path).mtimeMs > Math.max(ttlMs, 86_400_000)) rmSync(path, { force: true });
      }
    } catch {
      // Nothing to sweep.
    }
  };

  return {
    lookup(key, ttlMs) {
      const claim = read(key);
      return claim && now() - claim.at < ttlMs ? claim : undefined;
    },
    claim(key, requestId, ttlMs) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      sweep(ttlMs);
      const mine: IntentClaim = { requestId, at: now(), pid: process.pid, host: hostname() };
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          writeFileSync(fileOf(key), JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
          return mine;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          const theirs = read(key);
          if (theirs && now() - theirs.at < ttlMs) return theirs;
          // Stale (or unreadable): replace it, then try the exclusive create again.
          rmSync(fileOf(key), { force: true });
        }
      }
      return mine;
    },
  };
}
