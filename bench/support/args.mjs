// Command-line flags of the bench scripts, read one way: `--name value` pairs, `--no-write` to keep
// the committed results file, `--bin` for another build. The scripts parse nothing else.
import { join, resolve } from 'node:path';
import { root } from './paths.mjs';

/** The value after `name` on the command line, or `fallback` when the flag is absent. */
export function flag(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}

/** Whether a switch without a value (`--live-only`) was given. */
export function has(name) {
  return process.argv.includes(name);
}

/** The built dagdeck the bench runs: dist/dagdeck.js, or the build given with `--bin`. */
export const binary = resolve(flag('--bin', join(root, 'dist', 'dagdeck.js')));
