// Databricks job and run ids are decimal int64s: anything else is refused while the arguments are
// parsed (exit 2), before any request, instead of coming back as a 400 from the workspace.
import { InvalidArgumentError } from 'commander';

/** A commander parser for a job or run id. */
export function databricksId(kind: 'job' | 'run'): (value: string) => string {
  return (value) => {
    if (!/^\d{1,19}$/.test(value)) {
      throw new InvalidArgumentError(
        `a Databricks ${kind} id is a number, e.g. 1000180 (see \`dagdeck jobs ${kind === 'job' ? 'list' : 'list-runs'}\`).`,
      );
    }
    return value;
  };
}
