// Where and how a bench records its results: bench/results/NAME.json, headed by the machine it ran
// on (numbers from two machines or two Node versions are not comparable), skipped with --no-write
// so a trial run at a small size does not replace the committed numbers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { has } from './args.mjs';
import { root } from './paths.mjs';

/** When and on what the numbers were taken. */
export function machine() {
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  };
}

/** Writes bench/results/`file` (machine first, then `results`) unless --no-write was given. */
export function writeResults(file, results) {
  if (has('--no-write')) return;
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), `${JSON.stringify({ ...machine(), ...results }, null, 2)}\n`);
  console.log(`wrote bench/results/${file}`);
}
