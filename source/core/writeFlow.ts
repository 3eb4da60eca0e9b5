// The one way dagdeck writes, for the console and the command line alike:
//   plan → policy → preview → confirm → execute once → audit → (the caller refreshes what changed).
// A plan is one or more actions (a bulk clear is several); it is previewed as a whole (the server's
// own dry run where the API has one, our estimate otherwise, and says which), confirmed once, and
// each step is sent exactly once: a second execute() of the same plan returns the first one's
// outcome, run-creating steps carry a client-chosen id the server deduplicates on, and the same
// trigger confirmed in another console on this machine re-sends that console's id.
import { randomUUID } from 'node:crypto';
import {
  ACTION_LABELS,
  type Action,
  type ActionPreview,
  type ActionResult,
  changesRuns,
  describeTarget,
} from './actions.js';
import {
  type AuditRecord,
  type AuditResult,
  type AuditSink,
  type ConfirmMethod,
  type IntentStore,
  intentKey,
  maskParams,
} from './audit.js';
import type { Backend } from './backend.js';
import { DagdeckError, errorLine, Refused } from './errors.js';
import { ACTIVE_STATES, type BackendKind } from './model.js';

export type Protection = 'open' | 'protected' | 'read-only';

export interface WriteEnvironment {
  contextName: string;
  /** The context's protection ('read-only' refuses every write, 'protected' asks for the target typed back). */
  protection: Protection;
  /** `--read-only` for this session. */
  readOnlyFlag: boolean;
  backends: Partial<Record<BackendKind, Backend>>;
  /** The endpoint of each backend, for the audit trail. */
  endpoints: Partial<Record<BackendKind, string>>;
  audit: AuditSink;
  intents?: IntentStore;
  identity: { user: string; host: string; pid: number };
  now?: () => number;
}

export interface PlanStep {
  backend: BackendKind;
  action: Action;
}

export interface WritePlan {
  readonly id: string;
  readonly steps: readonly PlanStep[];
}

export function createPlan(steps: readonly PlanStep[]): WritePlan {
  if (steps.length === 0) throw new Refused('Nothing to do: the plan has no step');
  return { id: randomUUID(), steps };
}

export type PolicyDecision =
  | { kind: 'refused'; reason: string }
  | { kind: 'confirm' }
  /** The operator types `expected` back (a protected context). */
  | { kind: 'typed'; expected: string };

export interface StepPreview {
  step: PlanStep;
  preview: ActionPreview;
}

export interface PlanPreview {
  plan: WritePlan;
  steps: StepPreview[];
  /** One line: what will happen. */
  summary: string;
  /** Every affected thing, one per line, across the steps. */
  affected: string[];
  notes: string[];
  /** True when every step's list came from the server's own dry run. */
  serverDryRun: boolean;
  destructive: boolean;
  policy: Exclude<PolicyDecision, { kind: 'refused' }>;
}

export type StepStatus = 'ok' | 'error' | 'unknown' | 'not-sent';

export interface StepOutcome {
  step: PlanStep;
  status: StepStatus;
  result?: ActionResult;
  /** One line, for an error or an unknown outcome. */
  message?: string;
  /** What was thrown, for a caller that maps it (the command line's exit code). */
  error?: unknown;
}

export interface PlanOutcome {
  plan: WritePlan;
  steps: StepOutcome[];
  ok: boolean;
  /** One line for the flash or stderr. */
  summary: string;
}

export interface WriteFlow {
  readonly environment: WriteEnvironment;
  /** The policy for `plan`, decided before any request. */
  policy(plan: WritePlan): PolicyDecision;
  /** The policy, enforced: a refused plan is audited and throws Refused (one line: why, how to lift it). */
  check(plan: WritePlan): Exclude<PolicyDecision, { kind: 'refused' }>;
  /** check(), then the preview. */
  preview(plan: WritePlan, signal?: AbortSignal): Promise<PlanPreview>;
  /**
   * Sends each step once, auditing intent and outcome; a second call returns the first outcome.
   * `onStep` hears each step start and end (a plan that waits for a repair runs for minutes).
   */
  execute(
    preview: PlanPreview,
    confirm: ConfirmMethod,
    signal?: AbortSignal,
    onStep?: (event: StepEvent) => void,
  ): Promise<PlanOutcome>;
}

export interface StepEvent {
  index: number;
  step: PlanStep;
  /** 'started' before the step is sent; its StepStatus once it is over. */
  status: 'started' | StepStatus;
}

/** How long a confirmed trigger's id is re-used for the same trigger confirmed again. */
export const INTENT_TTL_MS = 10 * 60_000;

export function createWriteFlow(environment: WriteEnvironment): WriteFlow {
  const now = environment.now ?? Date.now;
  const executions = new WeakMap<WritePlan, Promise<PlanOutcome>>();

  const record = (
    plan: WritePlan,
    index: number,
    fields: Omit<
      AuditRecord,
      | 'time'
      | 'user'
      | 'host'
      | 'pid'
      | 'context'
      | 'backend'
      | 'url'
      | 'plan'
      | 'step'
      | 'steps'
      | 'action'
      | 'target'
      | 'params'
    >,
    step: PlanStep,
  ): void => {
    const { action } = step;
    const entry: AuditRecord = {
      time: new Date(now()).toISOString(),
      ...environment.identity,
      context: environment.contextName,
      backend: step.backend,
      url: environment.endpoints[step.backend] ?? '',
      plan: plan.id,
      step: index + 1,
      steps: plan.steps.length,
      action: action.kind,
      target: describeTarget(action),
      params: maskParams(action),
      ...('requestId' in action ? { requestId: action.requestId } : {}),
      ...fields,
    };
    if (fields.phase === 'intent') {
      // No write goes out unrecorded: an intent that cannot be written stops the step (the caller
      // sees the sink's one line, e.g. the state directory's permissions).
      environment.audit.append(entry);
      return;
    }
    try {
      environment.audit.append(entry);
    } catch {
      // The write has happened (or was refused) whatever the disk says; the outcome is shown anyway.
    }
  };

  const policy = (plan: WritePlan): PolicyDecision => {
    const { protection, readOnlyFlag, contextName } = environment;
    if (readOnlyFlag) {
      return {
        kind: 'refused',
        reason:
          'this session is read-only (--read-only): nothing was sent; start dagdeck without --read-only to write',
      };
    }
    if (protection === 'read-only') {
      return {
        kind: 'refused',
        reason: `context "${contextName}" is read-only: nothing was sent; to write, re-add it with \`dagdeck context add ${contextName} … --protection protected\``,
      };
    }
    for (const step of plan.steps) {
      const backend = environment.backends[step.backend];
      if (!backend) {
        return {
          kind: 'refused',
          reason: `context "${contextName}" has no ${step.backend === 'airflow' ? 'Airflow endpoint' : 'Databricks workspace'}: nothing was sent`,
        };
      }
      if (!backend.capabilities.actions.has(step.action.kind)) {
        return {
          kind: 'refused',
          reason: `${ACTION_LABELS[step.action.kind]} is not something ${step.backend === 'airflow' ? 'Airflow' : 'Databricks'} does: nothing was sent`,
        };
      }
    }
    if (protection === 'protected' && plan.steps.some((step) => changesRuns(step.action))) {
      const workflows = new Set(plan.steps.map((step) => step.action.workflowId));
      const [only] = workflows;
      return {
        kind: 'typed',
        expected: plan.steps.length === 1 && only !== undefined ? only : contextName,
      };
    }
    return { kind: 'confirm' };
  };

  const refuse = (plan: WritePlan, reason: string): never => {
    plan.steps.forEach((step, index) => {
      record(plan, index, { phase: 'refused', result: 'refused', summary: reason }, step);
    });
    throw new Refused(`Refused: ${reason}`);
  };

  /** A trigger confirmed before with the same content re-uses that id (no second run). */
  const reuseIntent = (step: PlanStep): { step: PlanStep; note?: string } => {
    const { action } = step;
    if (action.kind !== 'trigger' || !environment.intents) return { step };
    const claim = environment.intents.lookup(
      intentKey(environment.contextName, step.backend, action),
      INTENT_TTL_MS,
    );
    if (!claim || claim.requestId === action.requestId) return { step };
    const ago = Math.max(0, Math.round((now() - claim.at) / 1000));
    const who =
      claim.pid === process.pid && claim.host === environment.identity.host
        ? 'this console'
        : `pid ${claim.pid} on ${claim.host}`;
    return {
      step: { ...step, action: { ...action, requestId: claim.requestId } },
      note: `The same trigger was confirmed ${ago}s ago (${who}) as run ${claim.requestId}: confirming re-sends that id, so no second run is made. Change a parameter or the note to start another run.`,
    };
  };

  /** Active runs of a workflow about to be triggered: a second run may stack behind them. */
  const activeRunsNote = async (step: PlanStep, signal?: AbortSignal): Promise<string | undefined> => {
    const backend = environment.backends[step.backend];
    if (step.action.kind !== 'trigger' || !backend) return undefined;
    try {
      const runs = await backend.listRuns(step.action.workflowId, { limit: 10 }, signal);
      const active = runs.filter((run) => ACTIVE_STATES.has(run.state));
      if (active.length === 0) return undefined;
      const newest = active[0];
      return `${active.length} run${active.length === 1 ? ' is' : 's are'} already active (newest ${newest?.id ?? '?'}, ${newest?.rawState ?? '?'}): the new run may wait behind ${active.length === 1 ? 'it' : 'them'}`;
    } catch {
      return undefined;
    }
  };

  const check = (plan: WritePlan): Exclude<PolicyDecision, { kind: 'refused' }> => {
    const decision = policy(plan);
    return decision.kind === 'refused' ? refuse(plan, decision.reason) : decision;
  };

  return {
    environment,
    policy,
    check,

    async preview(plan, signal) {
      const decision = check(plan);
      const notes: string[] = [];
      const steps: PlanStep[] = plan.steps.map((step) => {
        const reused = reuseIntent(step);
        if (reused.note) notes.push(reused.note);
        return reused.step;
      });
      const effective: WritePlan = steps.every((step, i) => step === plan.steps[i])
        ? plan
        : { id: plan.id, steps };
      const previews = await Promise.all(
        steps.map(async (step) => {
          const backend = environment.backends[step.backend] as Backend;
          const [preview, active] = await Promise.all([
            backend.preview(step.action, signal),
            activeRunsNote(step, signal),
          ]);
          // The backend's own notes know more (Databricks says whether the run queues or is
          // skipped at the job's concurrency limit); the generic one stands in when it said nothing.
          if (preview.notes && preview.notes.length > 0) notes.push(...preview.notes);
          else if (active) notes.push(active);
          return { step, preview };
        }),
      );
      const affected = previews.flatMap(({ preview }) => preview.affected);
      const kinds = [...new Set(steps.map((step) => ACTION_LABELS[step.action.kind].toLowerCase()))];
      const summary =
        previews.length === 1
          ? (previews[0]?.preview.summary ?? '')
          : kinds.length === 1
            ? `${previews.length} steps (${kinds[0]}), ${affected.length} thing(s) affected`
            : `${previews.length} steps: ${kinds.join(', then ')}`;
      return {
        plan: effective,
        steps: previews,
        summary,
        affected,
        notes,
        serverDryRun: previews.every(({ preview }) => preview.serverDryRun),
        destructive: previews.some(({ preview }) => preview.destructive),
        policy: decision,
      };
    },

    execute(preview, confirm, signal, onStep) {
      const plan = preview.plan;
      const running = executions.get(plan);
      if (running) return running;
      const execution = runSteps(preview, confirm, signal, onStep);
      executions.set(plan, execution);
      return execution;
    },
  };

  async function runSteps(
    preview: PlanPreview,
    confirm: ConfirmMethod,
    signal?: AbortSignal,
    onStep?: (event: StepEvent) => void,
  ): Promise<PlanOutcome> {
    const tell = (event: StepEvent) => {
      try {
        onStep?.(event);
      } catch {
        // A listener's failure is not the write's.
      }
    };
    const { plan } = preview;
    // The policy is checked again at the moment of sending: the preview may be old.
    check(plan);
    const outcomes: StepOutcome[] = [];
    let failed = false;
    for (const [index, planned] of plan.steps.entries()) {
      const step = claimIntent(planned);
      if (failed) {
        record(
          plan,
          index,
          { phase: 'outcome', result: 'not-sent', summary: 'not sent: an earlier step failed' },
          step,
        );
        outcomes.push({ step, status: 'not-sent', message: 'not sent: an earlier step failed' });
        tell({ index, step, status: 'not-sent' });
        continue;
      }
      const stepPreview = preview.steps[index]?.preview;
      try {
        record(
          plan,
          index,
          {
            phase: 'intent',
            confirm,
            ...(stepPreview
              ? {
                  preview: {
                    summary: stepPreview.summary,
                    count: stepPreview.affected.length,
                    serverDryRun: stepPreview.serverDryRun,
                  },
                }
              : {}),
          },
          step,
        );
      } catch (error) {
        failed = true;
        outcomes.push({ step, status: 'not-sent', message: `not sent: ${errorLine(error)}`, error });
        tell({ index, step, status: 'not-sent' });
        continue;
      }
      tell({ index, step, status: 'started' });
      const started = now();
      const backend = environment.backends[step.backend] as Backend;
      try {
        const result = await backend.execute(step.action, signal);
        record(
          plan,
          index,
          { phase: 'outcome', result: 'ok', summary: result.summary, durationMs: now() - started },
          step,
        );
        outcomes.push({ step, status: 'ok', result });
        tell({ index, step, status: 'ok' });
      } catch (error) {
        failed = true;
        // A wait that ends badly is a known outcome (the repair failed, or took too long).
        const status = step.action.kind === 'awaitRepair' ? 'error' : outcomeOf(error);
        // The flash has one line: an unknown outcome says so first; the cause goes to the audit trail.
        const message =
          status === 'unknown'
            ? 'the answer was lost after sending: it may have been applied; look at the run before trying again'
            : errorLine(error);
        record(
          plan,
          index,
          {
            phase: 'outcome',
            result: status satisfies AuditResult,
            summary: status === 'unknown' ? `${message} (${errorLine(error)})` : message,
            durationMs: now() - started,
            ...(error instanceof DagdeckError
              ? {
                  errorCode: error.code,
                  ...(error.status !== undefined ? { httpStatus: error.status } : {}),
                  ...(error.requestId ? { serverRequestId: error.requestId } : {}),
                }
              : {}),
          },
          step,
        );
        outcomes.push({ step, status, message, error });
        tell({ index, step, status });
      }
    }
    const done = outcomes.filter((outcome) => outcome.status === 'ok');
    const ok = done.length === outcomes.length;
    return { plan, steps: outcomes, ok, summary: summarise(outcomes) };
  }

  /** At the moment of sending, a trigger claims its id; one claimed meanwhile elsewhere wins. */
  function claimIntent(step: PlanStep): PlanStep {
    const { action } = step;
    if (action.kind !== 'trigger' || !environment.intents) return step;
    try {
      const claim = environment.intents.claim(
        intentKey(environment.contextName, step.backend, action),
        action.requestId,
        INTENT_TTL_MS,
      );
      return claim.requestId === action.requestId
        ? step
        : { ...step, action: { ...action, requestId: claim.requestId } };
    } catch {
      // A state directory that cannot be written still lets the write go with its own id.
      return step;
    }
  }
}

/**
 * Whether a failed write may have been applied: a connection that dropped or timed out after the
 * request left is "unknown"; a server's refusal, or a connection that never opened, changed nothing.
 */
export function outcomeOf(error: unknown): 'error' | 'unknown' {
  if (!(error instanceof DagdeckError)) return 'error';
  if (error.status !== undefined) return 'error';
  if (error.code !== 'unavailable' && error.code !== 'timeout') return 'error';
  const code = causeCode(error);
  if (code && NEVER_SENT.has(code)) return 'error';
  return 'unknown';
}

const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code === code.toUpperCase() && code !== 'UND_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function summarise(outcomes: readonly StepOutcome[]): string {
  if (outcomes.length === 1) {
    const [only] = outcomes;
    if (!only) return '';
    if (only.status === 'ok') return only.result?.summary ?? 'Done';
    return `${ACTION_LABELS[only.step.action.kind]} failed: ${only.message ?? 'unknown error'}`;
  }
  const ok = outcomes.filter((outcome) => outcome.status === 'ok').length;
  const failed = outcomes.find((outcome) => outcome.status === 'error' || outcome.status === 'unknown');
  const notSent = outcomes.filter((outcome) => outcome.status === 'not-sent').length;
  if (!failed) return `${ok} of ${outcomes.length} steps done`;
  // What went wrong first (the flash has one line), then where the plan stopped.
  const where = `step ${outcomes.indexOf(failed) + 1} of ${outcomes.length}, ${describeTarget(failed.step.action)}`;
  return `${ACTION_LABELS[failed.step.action.kind]} failed: ${failed.message ?? 'unknown error'} (${where}; ${ok} done${notSent ? `, ${notSent} not sent` : ''})`;
}
