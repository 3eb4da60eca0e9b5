// runs/get-output as log lines (reference databricks-api.md §4): the error first (what the user
// is looking for), then its trace, then stdout/stderr, then the notebook's exit value.
import type { LogLine } from '../core/model.js';
import type { RunOutput } from './schemas.js';

function split(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function toLogLines(output: RunOutput): LogLine[] {
  const lines: LogLine[] = [];
  if (output.error) {
    for (const text of split(output.error)) lines.push({ text, level: 'error', source: 'error' });
  }
  if (output.error_trace) {
    for (const text of split(output.error_trace)) lines.push({ text, level: 'error', source: 'error_trace' });
  }
  if (output.logs) {
    for (const text of split(output.logs)) lines.push({ text, source: 'logs' });
    if (output.logs_truncated) {
      lines.push({
        text: '(Databricks returns only the last 5 MB of this log)',
        level: 'warning',
        source: 'dagdeck',
      });
    }
  }
  if (output.info) {
    for (const text of split(output.info)) lines.push({ text, level: 'info', source: 'info' });
  }
  if (output.notebook_output?.result !== undefined) {
    const [first = '', ...rest] = split(output.notebook_output.result);
    lines.push({ text: `notebook result: ${first}`, level: 'info', source: 'notebook_output' });
    for (const text of rest) lines.push({ text, level: 'info', source: 'notebook_output' });
    if (output.notebook_output.truncated) {
      lines.push({ text: '(notebook result truncated by Databricks)', level: 'warning', source: 'dagdeck' });
    }
  }
  return lines;
}
