// Runs a command while every core is kept busy, to shake out tests that only pass on an idle
// machine: a test that races a timer or sleeps "long enough" fails here, one that waits for the
// state it means does not. One worker thread per core spins until the command ends; the command's
// exit code is this script's.
//
//   node scripts/cpu-load.mjs npm test
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const SPIN = 'for (;;) {}';

/** Starts one spinning worker per core; the returned function stops them. */
function startCpuLoad(workers = availableParallelism()) {
  const spinning = Array.from({ length: workers }, () => new Worker(SPIN, { eval: true }));
  return () => Promise.all(spinning.map((worker) => worker.terminate()));
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node scripts/cpu-load.mjs <command> [args...]\n');
  process.exit(2);
}

const stopLoad = startCpuLoad();
process.stderr.write(
  `cpu-load: ${availableParallelism()} busy workers while \`${[command, ...args].join(' ')}\` runs\n`,
);
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', async (code, signal) => {
  await stopLoad();
  process.exit(code ?? (signal ? 1 : 0));
});
child.on('error', async (error) => {
  await stopLoad();
  process.stderr.write(`cpu-load: ${error.message}\n`);
  process.exit(1);
});
