// The environment of every process a bench starts: only what a process needs to run, plus what the
// bench sets. Numbers then do not depend on the shell the bench was started from (NODE_EXTRA_CA_CERTS,
// for one, makes every Node start read a certificate bundle), and the user's own DAGDECK_*,
// DATABRICKS_* or AIRFLOW_* variables never steer dagdeck away from the bench's context.
const KEEP = /^(PATH|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR)$/;

export function benchEnv(vars = {}) {
  const kept = Object.entries(process.env).filter(([name]) => KEEP.test(name));
  return { ...Object.fromEntries(kept), DAGDECK_DEBUG: '', ...vars };
}
