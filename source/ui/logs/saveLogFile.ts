// `s` in a log pane: the whole log held (not just the window) written to a new file named after the
// task and the time, in the directory the console was given (DAGDECK_LOG_DIR, else where dagdeck was
// started). A file that exists is never replaced: the name gets -2, -3... instead.
import { join } from 'node:path';
import type { LogBuffer, SavedLog } from '../../core/logBuffer.js';
import type { LogTarget } from './logTarget.js';

const MAX_PART = 60;
const MAX_TRIES = 100;

/** A file-name-safe part: runs of anything but letters, digits, `.`, `_` and `-` become one `_`. */
function part(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return (safe || 'x').slice(0, MAX_PART);
}

/**
 * "fintech_eod_risk.risk_modelling.run_risk_models.try2.20261120-103000.log": the workflow, the task,
 * the try and when (UTC). The run id (long, and in the log's own header) is left out so the path
 * stays short enough to read in the one line that reports it.
 */
export function logFileName(target: LogTarget, tryNumber: number | undefined, at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const task =
    target.taskId === undefined
      ? []
      : [
          part(target.taskId) +
            (target.mapIndex !== undefined && target.mapIndex >= 0 ? `_${target.mapIndex}` : ''),
        ];
  const attempt = tryNumber !== undefined && tryNumber > 0 ? [`try${tryNumber}`] : [];
  const what = target.taskId === undefined ? [`run${part(target.runId)}`] : [];
  return `${[part(target.workflowId || target.backend), ...what, ...task, ...attempt, stamp].join('.')}.log`;
}

/** Saves every line held into `dir` under `name`, or name-2, name-3... when taken. */
export async function saveLogFile(buffer: LogBuffer, dir: string, name: string): Promise<SavedLog> {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? name : `${stem}-${n}${extension}`);
    try {
      return await buffer.save(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= MAX_TRIES) throw error;
    }
  }
}
