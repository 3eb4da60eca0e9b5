// The parameters a run-now of this job takes, for the trigger form: the job-level parameters, or
// for a job without any, the notebook parameters its tasks declare (run-now still takes those).
import type { ParamSpec } from '../core/backend.js';
import type { Job } from './schemas.js';

export function toParamSpecs(job: Job): ParamSpec[] {
  const jobParams = job.settings.parameters ?? [];
  if (jobParams.length > 0) {
    return jobParams.map(
      (p): ParamSpec => ({
        name: p.name,
        type: 'string',
        ...(p.default !== undefined ? { default: p.default } : {}),
        required: false,
      }),
    );
  }
  const specs = new Map<string, ParamSpec>();
  for (const task of job.settings.tasks ?? []) {
    for (const [name, value] of Object.entries(task.notebook_task?.base_parameters ?? {})) {
      if (!specs.has(name)) {
        specs.set(name, {
          name,
          type: 'string',
          default: value,
          required: false,
          description: `notebook parameter of task ${task.task_key}`,
        });
      }
    }
  }
  return [...specs.values()];
}
