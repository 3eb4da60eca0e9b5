// Runs `npm test` N times in a row (default 3) and says whether every run passed: a test that
// passes once and fails the next time is flaky, and `npm run test:load` runs this under a CPU
// load (scripts/cpu-load.mjs) where such tests show. Each run's output goes to the terminal as it
// comes; its closing "N passed, N failed, N skipped" line is repeated at the end.
import { spawn } from 'node:child_process';

const runs = Number(process.argv[2] ?? 3);
const SUMMARY = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m;
// Colour codes around the reporter's line would hide it from the pattern.
const plain = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');

function runOnce() {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('npm', ['test'], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('exit', (code) => resolve({ code: code ?? 1, summary: SUMMARY.exec(plain(output))?.[0] }));
  });
}

const results = [];
for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  const result = await runOnce();
  results.push({ ...result, seconds: Math.round((Date.now() - started) / 1000) });
}

process.stdout.write('\n');
results.forEach(({ code, summary, seconds }, index) => {
  process.stdout.write(
    `run ${index + 1}: ${summary ?? 'no summary line (npm test stopped early)'} (exit ${code}, ${seconds} s)\n`,
  );
});
const passed = results.every(({ code, summary }) => code === 0 && summary && / 0 failed,/.test(summary));
process.stdout.write(
  passed
    ? `verdict: PASS, ${runs} of ${runs} runs green\n`
    : `verdict: FAIL, ${results.filter((r) => r.code !== 0).length} of ${runs} runs failed\n`,
);
process.exit(passed ? 0 : 1);
