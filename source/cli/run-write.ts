// The command line's side of the write flow, shared by every write command of both backends: the
// same plan → policy → preview → confirm → execute once → audit as the console (core/writeFlow.ts,
// built by app/createConsoleWrites.ts), with the confirmation taken from --yes / --confirm or asked
// on the terminal. The order matters:
//   1. the policy is checked on the step the arguments describe, before any request (--read-only
//      and read-only contexts refuse here, audited);
//   2. without a terminal, --yes or --confirm nothing could be confirmed: refuse before reading;
//   3. the server is read to check the input (an unknown DAG, job, run or task; params) and the
//      preview is made (the server's dry run where Airflow has one, our own checks otherwise);
//   4. --dry-run stops after printing it; otherwise it is confirmed, sent once and audited;
//   5. --wait follows the run the write made or changed (or the repair it started) to its end.

import type { ConnectedContext } from '../app/connectContext.js';
import { ExitCode, exitCodeForError } from '../app/exitCodes.js';
import type { ActionResult } from '../core/actions.js';
import type { ConfirmMethod } from '../core/audit.js';
import type { Backend } from '../core/backend.js';
import { Conflict, InvalidRequest, NotFound, UsageError } from '../core/errors.js';
import type { BackendKind, Run } from '../core/model.js';
import { sanitizeName } from '../core/sanitize.js';
import {
  createPlan,
  type PlanOutcome,
  type PlanPreview,
  type PlanStep,
  type WriteFlow,
} from '../core/writeFlow.js';
import { ask } from './ask.js';
import { followRun, repairFinished, runFinished } from './follow-run.js';
import { withContextBackend } from './list.js';
import { printJson } from './printJson.js';
import type { WriteOptions } from './write-options.js';

export interface Prepared {
  step: PlanStep;
  /** What the operator should know besides the preview's own notes (a paused DAG...). */
  notes?: string[];
  /**
   * Set when the server already is as asked (a paused DAG asked to pause, a job with no active run
   * to cancel): nothing is previewed or sent.
   */
  nothingToDo?: string;
}

export interface WriteRequest {
  /**
   * The step as the arguments alone describe it: the policy is checked on it before any request.
   * Its backend is the one the write goes to.
   */
  draft: PlanStep;
  /** Reads what the write needs, checks the input against the server and returns the step to send. */
  prepare(backend: Backend, connected: ConnectedContext): Promise<Prepared>;
  /** --wait: follow the run the write made or changed, polling at this interval. */
  waitIntervalMs?: number;
  /**
   * False when the operator named the run id or idempotency token (--run-id, --idempotency-token):
   * that one is sent as it is.
   */
  claimTriggers?: boolean;
}

/** How each backend's words differ in what the command line says. */
interface Words {
  /** What a protected context wants typed back for one workflow. */
  workflowId: string;
  /** The option that names a trigger's client-chosen id. */
  requestIdOption: string;
  /** Said after a trigger found the run an earlier send of the same id made. */
  anotherRun: string;
  /** Said under a preview that is our own estimate. */
  noDryRun: string;
  /** "run X of Y" for a followed run. */
  runName(run: Run): string;
  /** Where to look, or what to do, when a followed run did not succeed. */
  afterFailure(run: Run): string;
}

const WORDS: Record<BackendKind, Words> = {
  airflow: {
    workflowId: 'the DAG id',
    requestIdOption: '--run-id',
    anotherRun: 'To start another run, pass --run-id with a new id or change --note or the conf.',
    noDryRun: '(our estimate: Airflow has no dry run for this)',
    runName: (run) => `run ${run.id} of ${run.workflowId}`,
    afterFailure: (run) => `see \`dagdeck tasks list ${run.workflowId} ${run.id}\``,
  },
  databricks: {
    workflowId: 'the job id',
    requestIdOption: '--idempotency-token',
    anotherRun: 'To start another run, pass --idempotency-token with a new token or change the parameters.',
    noDryRun: '(our estimate: the Databricks Jobs API has no dry run)',
    runName: (run) => `run ${run.id} of job ${run.workflowId}`,
    afterFailure: (run) => `rerun what failed with \`dagdeck jobs repair-run ${run.id}\``,
  },
};

export interface WriteCall {
  contextName: string | undefined;
  readOnlyFlag: boolean;
  options: WriteOptions;
  /** Whether a question can be asked (stdin is a terminal); the tests' pty says yes. */
  interactive?: boolean;
}

/** Runs one write from the command line; resolves with the process exit code. */
export async function runWrite(call: WriteCall, request: WriteRequest): Promise<number> {
  const { options } = call;
  const interactive = call.interactive ?? process.stdin.isTTY === true;
  // Human lines go to stdout, unless stdout is the JSON document's.
  const say = (text: string) => (options.json ? process.stderr : process.stdout).write(text);
  let code: number = ExitCode.ok;
  const kind = request.draft.backend;
  await withContextBackend(kind, call.contextName, options, async (backend, connected) => {
    const { createWrites } = await import('../app/createConsoleWrites.js');
    const endpoint = kind === 'airflow' ? connected.context.airflow?.url : connected.context.databricks?.host;
    const { flow } = createWrites({
      contextName: connected.name,
      protection: connected.context.protection,
      readOnlyFlag: call.readOnlyFlag,
      backends: { [kind]: backend },
      endpoints: { [kind]: endpoint ?? '' },
      ...(request.claimTriggers === false ? { claimTriggers: false } : {}),
    });
    flow.check(createPlan([request.draft]));
    if (!options.dryRun && !options.yes && options.confirm === undefined && !interactive) {
      throw new UsageError(
        'no terminal to confirm on: nothing was sent; add --yes (and --confirm NAME on a protected context) to write, or --dry-run to see the preview',
      );
    }
    const prepared = await request.prepare(backend, connected);
    if (prepared.nothingToDo !== undefined) {
      sayNothingToDo(prepared.nothingToDo, connected.name, options);
      return;
    }
    const preview = await flow.preview(createPlan([prepared.step])).catch((error: unknown) => {
      throw asInputProblem(error, backend, prepared.step) ?? error;
    });
    const notes = [...(prepared.notes ?? []), ...preview.notes];
    const nothingToDo = preview.serverDryRun && preview.affected.length === 0 ? preview.summary : undefined;

    if (options.dryRun) {
      if (options.json) printJson(previewJson(preview, connected.name, notes, nothingToDo));
      else process.stdout.write(previewText(preview, WORDS[kind], notes, nothingToDo));
      return;
    }
    if (nothingToDo !== undefined) {
      sayNothingToDo(nothingToDo, connected.name, options);
      return;
    }
    say(previewText(preview, WORDS[kind], notes));
    const method = await confirmation(preview, connected.name, options, interactive, WORDS[kind].workflowId);
    if (method === undefined) {
      process.stderr.write('dagdeck: not confirmed: nothing was sent\n');
      code = ExitCode.failure;
      return;
    }
    const outcome = await flow.execute(preview, method);
    code = await report(outcome, { backend, flow, request, options, say, context: connected.name });
  });
  return code;
}

/** Nothing will be sent: one line, or under --json an object with no step (exit 0). */
function sayNothingToDo(summary: string, context: string, options: WriteOptions): void {
  if (options.json) {
    printJson({
      ...(options.dryRun ? { dryRun: true, willChange: false } : { ok: true }),
      context,
      summary,
      steps: [],
    });
  } else {
    process.stdout.write(`${sanitizeName(summary)}\n`);
  }
}

/**
 * Where the backend has no dry run for a write, the preview is our own check of the input against
 * what the server has (an unknown job or run, a parameter the job does not declare, a run that
 * cannot be repaired or has already ended): nothing was sent, so it is a usage error (exit 2),
 * like the checks the commands make themselves. A refusal of the server's own dry run stays one.
 */
function asInputProblem(error: unknown, backend: Backend, step: PlanStep): UsageError | undefined {
  if (backend.capabilities.serverDryRun.has(step.action.kind)) return undefined;
  if (!(error instanceof NotFound || error instanceof InvalidRequest || error instanceof Conflict)) {
    return undefined;
  }
  return new UsageError(`${error.message.replace(/\.$/, '')}; nothing was sent`, { cause: error });
}

/** What must be typed or flagged, and how it was given; undefined when the operator said no. */
async function confirmation(
  preview: PlanPreview,
  context: string,
  options: WriteOptions,
  interactive: boolean,
  workflowWord: string,
): Promise<ConfirmMethod | undefined> {
  const { policy } = preview;
  const workflows = new Set(preview.plan.steps.map((step) => step.action.workflowId));
  const [only] = workflows;
  const expected = policy.kind === 'typed' ? policy.expected : workflows.size === 1 && only ? only : context;
  const what = workflows.size === 1 && expected === only ? workflowWord : 'the context name';
  if (options.confirm !== undefined) {
    if (options.confirm !== expected) {
      throw new UsageError(
        `--confirm "${options.confirm}" does not match: confirm with ${what}, --confirm ${expected}; nothing was sent`,
      );
    }
    return 'confirm-flag';
  }
  if (policy.kind === 'typed') {
    if (options.yes || !interactive) {
      throw new UsageError(
        `context "${context}" is protected: --yes is not enough, add --confirm ${expected} (${what}); nothing was sent`,
      );
    }
    const typed = await ask(`Context "${context}" is protected: type ${what} (${expected}) to confirm: `);
    return typed?.trim() === expected ? 'typed' : undefined;
  }
  if (options.yes) return 'yes-flag';
  const answer = await ask('Go ahead? [y/N] ');
  return /^y(es)?$/i.test(answer?.trim() ?? '') ? 'dialog' : undefined;
}

interface ReportContext {
  backend: Backend;
  flow: WriteFlow;
  request: WriteRequest;
  options: WriteOptions;
  say(text: string): void;
  context: string;
}

/** Prints the outcome (and follows the run under --wait); the exit code. */
async function report(outcome: PlanOutcome, on: ReportContext): Promise<number> {
  const words = WORDS[on.backend.kind];
  const failed = outcome.steps.find((step) => step.status !== 'ok');
  if (failed) {
    if (on.options.json) printJson(outcomeJson(outcome, on.context));
    const { action } = failed.step;
    // A trigger carries its own id: sending that id again can only find the run, never add one.
    const resend =
      failed.status === 'unknown' && action.kind === 'trigger'
        ? `; sending it again with ${words.requestIdOption} ${action.requestId} makes no second run`
        : '';
    process.stderr.write(`dagdeck: ${sanitizeName(outcome.summary + resend)}\n`);
    return failed.error === undefined ? ExitCode.failure : exitCodeForError(failed.error);
  }
  const result = outcome.steps[0]?.result;
  on.say(`${sanitizeName(outcome.summary)}\n`);
  if (result?.alreadyDone && result.action.kind === 'trigger') {
    on.say(`${words.anotherRun}\n`);
  }
  const runId = result?.runId;
  if (on.request.waitIntervalMs === undefined || !result || runId === undefined) {
    if (on.options.json) printJson(outcomeJson(outcome, on.context));
    return ExitCode.ok;
  }
  const run = await followRun(on.backend, result.action.workflowId, runId, {
    intervalMs: on.request.waitIntervalMs,
    write: (line) => on.say(`${line}\n`),
    ...(result.repairId !== undefined ? { finished: repairFinished(result.repairId) } : {}),
  });
  if (on.options.json) printJson(outcomeJson(outcome, on.context, run));
  if (run.state === 'success') return ExitCode.ok;
  process.stderr.write(
    `dagdeck: ${sanitizeName(`${words.runName(run)} ended ${run.rawState}: ${words.afterFailure(run)}`)}\n`,
  );
  return ExitCode.failure;
}

function previewText(
  preview: PlanPreview,
  words: Words,
  notes: readonly string[],
  nothingToDo?: string,
): string {
  const lines = [sanitizeName(preview.summary)];
  for (const item of preview.affected) lines.push(`  ${sanitizeName(item)}`);
  lines.push(preview.serverDryRun ? '(listed by the server’s own dry run)' : words.noDryRun);
  if (preview.destructive) lines.push('warning: this interrupts or fails work in progress');
  for (const note of notes) lines.push(`note: ${sanitizeName(note)}`);
  if (nothingToDo !== undefined && nothingToDo !== preview.summary) lines.push(sanitizeName(nothingToDo));
  if (preview.policy.kind === 'typed') {
    const expected = sanitizeName(preview.policy.expected);
    lines.push(`protected context: the confirmation is ${expected} (typed, or --confirm ${expected})`);
  }
  return `${lines.join('\n')}\n`;
}

/** --dry-run --json: what would be sent and what it would touch. */
function previewJson(
  preview: PlanPreview,
  context: string,
  notes: readonly string[],
  nothingToDo: string | undefined,
) {
  return {
    dryRun: true,
    context,
    summary: preview.summary,
    willChange: nothingToDo === undefined,
    serverDryRun: preview.serverDryRun,
    destructive: preview.destructive,
    confirmation: preview.policy,
    affected: preview.affected,
    notes,
    steps: preview.steps.map(({ step, preview: stepPreview }) => ({
      backend: step.backend,
      action: step.action,
      summary: stepPreview.summary,
      affected: stepPreview.affected,
    })),
  };
}

/** The result: every step with what it did, and the run's end under --wait. */
function outcomeJson(outcome: PlanOutcome, context: string, run?: Run) {
  return {
    ok: outcome.ok && (run === undefined || run.state === 'success'),
    context,
    summary: outcome.summary,
    steps: outcome.steps.map((step) => ({
      backend: step.step.backend,
      action: step.step.action,
      status: step.status,
      ...(step.result ? resultFields(step.result) : {}),
      ...(step.message !== undefined ? { error: step.message } : {}),
    })),
    ...(run ? { run: { ...run, finished: runFinished(run) } } : {}),
  };
}

function resultFields(result: ActionResult) {
  return {
    summary: result.summary,
    ...(result.runId !== undefined ? { runId: result.runId } : {}),
    ...(result.repairId !== undefined ? { repairId: result.repairId } : {}),
    affected: result.affected,
    alreadyDone: result.alreadyDone === true,
  };
}
