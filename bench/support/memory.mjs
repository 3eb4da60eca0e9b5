// The memory of a process the bench started, in MiB. Linux /proc gives the current (VmRSS) and the
// peak (VmHWM) resident size while the process lives; a process timed to its exit is measured by GNU
// time instead, since its /proc entry is gone by the time the number is wanted.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { round } from './stats.mjs';

function statusKb(pid, field) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) || undefined;
  } catch {
    return undefined; // exited, or not Linux
  }
}

/** Resident memory now (VmRSS; `ps` where there is no /proc), or undefined once it has exited. */
export function rssMiB(pid) {
  const kb = statusKb(pid, 'VmRSS');
  if (kb) return round(kb / 1024);
  try {
    const ps = Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
        .toString()
        .trim(),
    );
    return ps ? round(ps / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** The highest resident memory so far (VmHWM), or undefined once it has exited. */
export function peakRssMiB(pid) {
  const kb = statusKb(pid, 'VmHWM');
  return kb ? round(kb / 1024) : undefined;
}

/**
 * Polls the peak every 20 ms while the process runs (the last poll before it exits wins);
 * returns a function that stops polling and gives the peak (0 if never read).
 */
export function watchPeakRss(pid) {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, peakRssMiB(pid) ?? 0);
  }, 20);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

const TIME = '/usr/bin/time';
/** Whether GNU time is there to report peaks; without it the peaks are null. */
export const hasGnuTime = existsSync(TIME);

/**
 * Spawns `command` under GNU time (when installed), which appends the peak RSS to its stderr; read
 * it with `gnuTimePeak`. Detached: its own process group, so a limit can end the command with
 * `process.kill(-child.pid)` and not only GNU time.
 */
export function spawnTimed(command, args, options) {
  const detached = { ...options, detached: true };
  return hasGnuTime
    ? spawn(TIME, ['-f', 'PEAK_RSS_KB %M', command, ...args], detached)
    : spawn(command, args, detached);
}

/** The peak RSS (whole MiB) GNU time appended to `stderr`, and `stderr` without that line. */
export function gnuTimePeak(stderr) {
  const kb = /PEAK_RSS_KB (\d+)/.exec(stderr)?.[1];
  return {
    peakRssMiB: kb ? Math.round(Number(kb) / 1024) : null,
    stderr: stderr.replace(/PEAK_RSS_KB \d+\s*/, ''),
  };
}
