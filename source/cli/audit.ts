// `dagdeck audit [--since 1h] [--json]` (with the global --context NAME as a filter): the audit
// trail the writes of the console and the command line leave in the state directory, one entry per
// write step (its intent and outcome joined, refusals included), newest first. A table by default;
// --json prints one JSON array of the entries, each with the raw records it joins.
import { type Command, InvalidArgumentError } from 'commander';
import { parseDuration } from '../core/parseDuration.js';
import type { GlobalOptions } from './global-options.js';

interface AuditOptions {
  /** Epoch ms, parsed from a duration back from now or an ISO 8601 time. */
  since?: number;
  json?: boolean;
}

/** `30m`, `1h`, `2d` back from now, or an ISO 8601 time: the epoch ms to read from. */
export function parseSince(value: string, now: number = Date.now()): number {
  const ms = parseDuration(value);
  if (ms !== undefined) return now - ms;
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return at;
  }
  throw new InvalidArgumentError('expected a duration back from now like 30m, 1h, 2d, or an ISO 8601 time.');
}

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description(
      'show the audit trail of writes (console and command line), newest first; --context NAME keeps one context',
    )
    .option(
      '--since <when>',
      'only entries since then: 30m, 1h, 2d... back from now, or an ISO 8601 time',
      (value) => parseSince(value),
    )
    .option('--json', 'print JSON (an array of entries, newest first, each with its raw records)')
    .action(async (options: AuditOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await showAudit(options, global.context);
    });
}

async function showAudit(options: AuditOptions, context: string | undefined): Promise<void> {
  const [{ readAuditLog }, { stateDir }, { auditEntries }] = await Promise.all([
    import('../audit/auditLog.js'),
    import('../audit/stateDir.js'),
    import('../core/auditEntries.js'),
  ]);
  const entries = auditEntries(
    readAuditLog(stateDir(), {
      ...(options.since !== undefined ? { since: options.since } : {}),
      ...(context !== undefined ? { context } : {}),
    }),
  );
  if (options.json) {
    const { printJson } = await import('./printJson.js');
    printJson(entries);
    return;
  }
  if (entries.length === 0) {
    process.stdout.write('no writes recorded\n');
    return;
  }
  const [{ renderTable }, { timeCell }] = await Promise.all([import('./table.js'), import('./time-cell.js')]);
  process.stdout.write(
    renderTable(
      ['TIME', 'CONTEXT', 'ACTION', 'TARGET', 'RESULT', 'BY', 'SUMMARY'],
      entries.map((entry) => [
        timeCell(entry.time),
        entry.context,
        entry.action,
        entry.target,
        entry.result,
        `${entry.user}@${entry.host}`,
        entry.summary,
      ]),
      { maxWidth: 100 },
    ),
  );
}
