// The log buffer on one saved log (run by bench/logs.mjs through tsx): reads the file as the pane
// would receive it (batches of 2,000 lines), then times the first search hit of a line that occurs
// once (case-insensitive and case-sensitive), counting every match, the next error block, a
// filter with context, and saving the whole buffer. Prints one JSON object.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogBuffer } from '../source/core/logBuffer.js';
import type { LogLine } from '../source/core/model.js';

const [file, needle = 'Marking task as SUCCESS'] = process.argv.slice(2);
if (!file) throw new Error('usage: logBufferSearch.ts FILE [NEEDLE]');

const round = (ms: number) => Math.round(ms * 10) / 10;
const time = <T>(work: () => T): { ms: number; value: T } => {
  const started = performance.now();
  const value = work();
  return { ms: round(performance.now() - started), value };
};

const text = readFileSync(file, 'utf8');
const raw = text.split('\n');
if (raw.at(-1) === '') raw.pop();
const lines: LogLine[] = raw.map((line) => ({ text: line }));
const rssBefore = process.memoryUsage().rss;

const buffer = createLogBuffer();
const append = time(() => {
  for (let i = 0; i < lines.length; i += 2000) buffer.append(lines.slice(i, i + 2000));
});
const insensitive = time(() => buffer.search(needle.toLowerCase()).next(-1));
const sensitive = time(() => buffer.search(needle).next(-1));
const count = time(() => buffer.search('processed batch').count());
const nextError = time(() => buffer.findLevel(-1, 1));
const filter = time(() => buffer.filter('Slow response', 2).size);
const savedPath = join(tmpdir(), `dagdeck-bench-${process.pid}.log`);
const started = performance.now();
const saved = await buffer.save(savedPath);
const saveMs = round(performance.now() - started);
rmSync(savedPath, { force: true });

process.stdout.write(
  `${JSON.stringify({
    lines: buffer.size,
    bufferMiB: round(buffer.bytes / 1024 / 1024),
    appendMs: append.ms,
    rssMiB: round(process.memoryUsage().rss / 1024 / 1024),
    rssGrowthMiB: round((process.memoryUsage().rss - rssBefore) / 1024 / 1024),
    firstMatch: {
      query: needle,
      line: insensitive.value,
      caseInsensitiveMs: insensitive.ms,
      caseSensitiveMs: sensitive.ms,
    },
    countAll: { query: 'processed batch', matches: count.value, ms: count.ms },
    firstErrorBlock: { line: nextError.value, ms: nextError.ms },
    filterWithContext: { query: 'Slow response', kept: filter.value, ms: filter.ms },
    saveWhole: { bytes: saved.bytes, ms: saveMs },
  })}\n`,
);
