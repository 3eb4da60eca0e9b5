// `dagdeck dags trigger DAG_ID`: a new run with a conf (--conf JSON, --conf-file, or -p key=value
// read by the DAG's declared param types), checked against the params' JSON schemas before anything
// is sent, through the one write flow (run-write.ts). Its run id is chosen here, so a re-send never
// makes a second run; --wait follows the run to its end.
import { type Command, Option } from 'commander';
import type { ParamSpec } from '../core/backend.js';
import { UsageError } from '../core/errors.js';
import type { GlobalOptions } from './global-options.js';
import { collectParam, parseJsonObject, splitParams } from './param-input.js';
import type { Prepared } from './run-write.js';
import { addWaitOptions, type WaitOptions, type WriteOptions, waitInterval } from './write-options.js';

interface TriggerOptions extends WriteOptions, WaitOptions {
  conf?: string;
  confFile?: string;
  param?: string[];
  /** An ISO date, or false for --no-logical-date. */
  logicalDate?: string | false;
  note?: string;
  runId?: string;
}

export function registerDagsTriggerCommand(dags: Command): void {
  addWaitOptions(
    dags
      .command('trigger')
      .description('trigger a run of a DAG (asks first; --dry-run shows what would be sent)')
      .argument('<DAG_ID>', 'the DAG to run')
      .addOption(new Option('--conf <json>', 'the run conf, a JSON object').conflicts('confFile'))
      .option('--conf-file <path>', 'read the conf (a JSON object) from a file, - for stdin')
      .option(
        '-p, --param <key=value>',
        'one param, read by its declared type (repeatable; on top of --conf)',
        collectParam,
      )
      .option('--logical-date <iso>', 'the logical date, ISO 8601 with a zone (default: none)')
      .option('--no-logical-date', 'no logical date (the default; Airflow 2 then uses now)')
      .option('--note <text>', 'a note on the run')
      .option(
        '--run-id <id>',
        'the run id (default: dagdeck__<time>__<random>); sending the same id again makes no second run',
      ),
  ).action(async (dagId: string, options: TriggerOptions, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    process.exitCode = await triggerDag(dagId, options, global);
  });
}

async function triggerDag(dagId: string, options: TriggerOptions, global: GlobalOptions): Promise<number> {
  const [{ runWrite }, { newRequestId }, { parseLogicalDate }] = await Promise.all([
    import('./run-write.js'),
    import('../core/actions.js'),
    import('../core/paramValues.js'),
  ]);
  const conf = await readConf(options);
  const given = splitParams(options.param ?? []);
  let logicalDate: string | null = null;
  if (typeof options.logicalDate === 'string') {
    const parsed = parseLogicalDate(options.logicalDate);
    if (!parsed.ok) throw new UsageError(`--logical-date ${options.logicalDate}: ${parsed.error}`);
    logicalDate = parsed.value;
  }
  const note = options.note?.trim() ? options.note.trim() : undefined;
  const base = {
    kind: 'trigger' as const,
    workflowId: dagId,
    requestId: options.runId ?? newRequestId(),
    logicalDate,
    ...(note ? { note } : {}),
  };
  return runWrite(
    { contextName: global.context, readOnlyFlag: global.readOnly === true, options },
    {
      // The policy only needs what is asked for: the -p texts stand in until they are typed.
      draft: { backend: 'airflow', action: { ...base, params: { ...conf, ...given } } },
      prepare: async (airflow, connected): Promise<Prepared> => {
        const { explainNotFound } = await import('./explain-not-found.js');
        const where = { context: connected.name, dagId };
        const [workflow, specs] = await explainNotFound(airflow, where, () =>
          Promise.all([airflow.getWorkflow(dagId), airflow.getTriggerParams(dagId)]),
        );
        const params = await typedParams(dagId, specs, conf, given);
        return {
          step: { backend: 'airflow', action: { ...base, params } },
          notes: workflow.paused
            ? [
                `${dagId} is paused: the run stays queued until it is unpaused (\`dagdeck dags unpause ${dagId}\`)`,
              ]
            : [],
        };
      },
      ...waitInterval(options),
      ...(options.runId !== undefined ? { claimTriggers: false } : {}),
    },
  );
}

async function readConf(options: TriggerOptions): Promise<Record<string, unknown>> {
  let text: string;
  let from: string;
  if (options.conf !== undefined) {
    text = options.conf;
    from = '--conf';
  } else if (options.confFile !== undefined) {
    from = `--conf-file ${options.confFile}`;
    const { readFileSync } = await import('node:fs');
    try {
      text = readFileSync(options.confFile === '-' ? 0 : options.confFile, 'utf8');
    } catch (error) {
      throw new UsageError(
        `${from}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  } else {
    return {};
  }
  return parseJsonObject(text, from);
}

/** The conf with each -p value read by its param's type, then every value checked by its schema. */
async function typedParams(
  dagId: string,
  specs: readonly ParamSpec[],
  conf: Record<string, unknown>,
  given: Record<string, string>,
): Promise<Record<string, unknown>> {
  const { parseParamText, validateParams } = await import('../core/paramValues.js');
  const params: Record<string, unknown> = { ...conf };
  const problems: string[] = [];
  for (const [name, text] of Object.entries(given)) {
    const spec = specs.find((candidate) => candidate.name === name);
    if (!spec) {
      const known = specs.map((candidate) => candidate.name).join(', ');
      throw new UsageError(
        known
          ? `-p ${name}: ${dagId} declares no param "${name}" (it has ${known}); put undeclared keys in --conf; nothing was sent`
          : `-p ${name}: ${dagId} declares no params; give the conf as --conf JSON; nothing was sent`,
      );
    }
    const parsed = parseParamText(spec, text);
    if (!parsed.ok) problems.push(`${name}: ${parsed.error}`);
    else if (parsed.value === undefined) delete params[name];
    else params[name] = parsed.value;
  }
  if (problems.length === 0) {
    for (const [name, problem] of Object.entries(await validateParams(specs, params))) {
      problems.push(`${name}: ${problem}`);
    }
  }
  if (problems.length > 0) {
    throw new UsageError(
      `the params of ${dagId} do not check out (${problems.join('; ')}): fix them with -p name=value or --conf; nothing was sent`,
    );
  }
  return params;
}
