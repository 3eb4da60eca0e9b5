// `dagdeck review [--json] [--fail-on warning|error]`: the platform review of a context (or of the
// demo), both sides at once: security, cost, resilience, XCom and health findings, each with the
// fields read and what to change. --fail-on makes a deployment pipeline gate on it (exit 6); the
// JSON is a documented contract (docs/review-json.md): fields are only ever added.
import { type Command, Option } from 'commander';
import { ExitCode } from '../app/exitCodes.js';
import type { Backend } from '../core/backend.js';
import type { Finding, Severity } from '../core/review/finding.js';
import type { ReviewReport } from '../core/review/reviewPlatform.js';
import type { GlobalOptions } from './global-options.js';

interface ReviewCommandOptions {
  json?: boolean;
  failOn?: 'warning' | 'error';
  runs: number;
}

/** The JSON's schema name; a change that is not an addition would get a new one. */
export const REVIEW_SCHEMA = 'dagdeck.review/v1';

const positive = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`expected a whole number above 0, got "${value}"`);
  return number;
};

export function registerReviewCommand(program: Command): void {
  program
    .command('review')
    .description(
      'check Airflow and Databricks against the platform best practices (auth, clusters, retries, timeouts, XCom, run health)',
    )
    .option('--json', `print the report as JSON (schema ${REVIEW_SCHEMA}, see docs/review-json.md)`)
    .addOption(
      new Option('--fail-on <level>', 'exit 6 when a finding at this level or worse exists').choices([
        'warning',
        'error',
      ]),
    )
    .option('--runs <n>', 'the latest runs per DAG or job the health figures are taken over', positive, 20)
    .action(async (options: ReviewCommandOptions, command: Command) => {
      process.exitCode = await runReview(command.optsWithGlobals<GlobalOptions>(), options);
    });
}

async function runReview(global: GlobalOptions, options: ReviewCommandOptions): Promise<number> {
  const connected = await connect(global);
  try {
    const [{ readReviewFacts }, { reviewPlatform, failsAt }, { DEFAULT_REVIEW_OPTIONS }] = await Promise.all([
      import('../core/review/readReviewFacts.js'),
      import('../core/review/reviewPlatform.js'),
      import('../core/review/reviewOptions.js'),
    ]);
    const progress = process.stderr.isTTY && !options.json;
    const facts = await readReviewFacts(connected.backends, {
      review: { ...DEFAULT_REVIEW_OPTIONS, runs: options.runs },
      ...(progress
        ? {
            onProgress: (done: number, total: number) => process.stderr.write(`\rreviewing ${done}/${total}`),
          }
        : {}),
    });
    if (progress) process.stderr.write('\r\u001b[K');
    const report = reviewPlatform(facts);
    if (options.json) {
      const { printJson } = await import('./printJson.js');
      printJson({ schema: REVIEW_SCHEMA, context: connected.name, ...report });
    } else {
      process.stdout.write(await renderReport(connected.name, report));
    }
    return options.failOn && failsAt(report, options.failOn) ? ExitCode.findings : ExitCode.ok;
  } finally {
    await connected.close();
  }
}

async function connect(
  global: GlobalOptions,
): Promise<{ name: string; backends: Backend[]; close(): Promise<void> }> {
  const connected = global.demo
    ? await (await import('../app/connectDemo.js')).connectDemo()
    : await (await import('../app/connectContext.js')).connectContext(global.context);
  return { name: connected.name, backends: present(connected), close: () => connected.close() };
}

function present(backends: { airflow?: Backend | undefined; databricks?: Backend | undefined }): Backend[] {
  return [backends.airflow, backends.databricks].filter((backend) => backend !== undefined);
}

const LABEL: Record<Severity, string> = { error: 'ERROR', warning: 'WARNING', info: 'NOTE' };

/** The report for a terminal: one block per finding, server text sanitised. */
async function renderReport(context: string, report: ReviewReport): Promise<string> {
  const { sanitizeName } = await import('../core/sanitize.js');
  const lines: string[] = [];
  const clean = (text: string | number | boolean | null) => sanitizeName(String(text));
  const block = (finding: Finding) => {
    lines.push(
      `${LABEL[finding.severity].padEnd(8)}${finding.kind.padEnd(11)}${clean(finding.object.label)}`,
    );
    lines.push(`${' '.repeat(19)}${clean(finding.title)}`);
    const evidence = finding.evidence.map((item) => `${clean(item.field)}=${clean(item.value)}`).join('  ');
    if (evidence) lines.push(`${' '.repeat(19)}evidence: ${evidence}`);
    lines.push(`${' '.repeat(19)}fix: ${finding.fix}`, '');
  };
  for (const finding of report.findings) block(finding);
  const { error, warning, info } = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    report.findings.length === 0
      ? `context ${context}: no findings over ${plural(report.health.length, 'workflow')}`
      : `context ${context}: ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(info, 'note')} over ${plural(report.health.length, 'workflow')}`,
  );
  return `${lines.join('\n')}\n`;
}
