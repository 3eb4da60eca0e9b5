// What a run-now sends and what the new run gets. Jobs with job-level parameters take
// `job_parameters`, and a name the job does not declare is refused here, before anything is sent:
// the service may accept it silently and the run would not use it. Jobs without them still take
// the deprecated `notebook_params`, which reach the notebooks as widgets (a widget need not have a
// base parameter, so any name goes).
import { createHash } from 'node:crypto';
import { InvalidRequest } from '../core/errors.js';
import { jobLabel, quoteList } from './describeNames.js';
import { idValue } from './idValue.js';
import type { Job } from './schemas.js';

export interface RunNowBody {
  job_id: number | string;
  idempotency_token: string;
  job_parameters?: Record<string, string>;
  notebook_params?: Record<string, string>;
}

export interface RunNowPlan {
  body: RunNowBody;
  /** Every parameter the run will see, "name = value", defaults filled in and marked. */
  parameters: string[];
  /** Which kind of parameters the job takes, for the preview. */
  kind: 'job parameters' | 'notebook parameters';
}

export function planRunNow(job: Job, params: Record<string, unknown>, requestId: string): RunNowPlan {
  const body: RunNowBody = { job_id: idValue(job.job_id), idempotency_token: idempotencyToken(requestId) };
  const given = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)] as const);
  const values = new Map(given);
  const declared = job.settings.parameters ?? [];

  if (declared.length > 0) {
    const names = new Set(declared.map((p) => p.name));
    const unknown = given.map(([name]) => name).filter((name) => !names.has(name));
    if (unknown.length > 0) {
      throw new InvalidRequest(
        `Job ${jobLabel(job)} has no parameter ${quoteList(unknown)}: its parameters are ${quoteList([...names])}`,
      );
    }
    if (given.length > 0) body.job_parameters = Object.fromEntries(given);
    return {
      body,
      kind: 'job parameters',
      parameters: declared.map((p) => describe(p.name, values.get(p.name), p.default)),
    };
  }

  const defaults = new Map<string, string>();
  const notebooks = (job.settings.tasks ?? []).filter((task) => task.notebook_task !== undefined);
  for (const task of notebooks) {
    for (const [name, value] of Object.entries(task.notebook_task?.base_parameters ?? {})) {
      if (!defaults.has(name)) defaults.set(name, value);
    }
  }
  if (given.length > 0 && notebooks.length === 0) {
    throw new InvalidRequest(
      `Job ${jobLabel(job)} declares no parameters and has no notebook task to pass them to: run it without ${quoteList(given.map(([name]) => name))}`,
    );
  }
  if (given.length > 0) body.notebook_params = Object.fromEntries(given);
  const names = [...new Set([...defaults.keys(), ...values.keys()])];
  return {
    body,
    kind: 'notebook parameters',
    parameters: names.map((name) => describe(name, values.get(name), defaults.get(name))),
  };
}

/** The token is at most 64 characters; longer request ids are hashed so the mapping stays stable. */
export function idempotencyToken(requestId: string): string {
  return requestId.length <= 64 ? requestId : createHash('sha256').update(requestId).digest('hex');
}

function describe(name: string, value: string | undefined, fallback: string | undefined): string {
  if (value !== undefined) return `${name} = ${shown(value)}`;
  return fallback === undefined ? `${name} (no value)` : `${name} = ${shown(fallback)} (default)`;
}

const shown = (value: string) => (value === '' ? '""' : value);
