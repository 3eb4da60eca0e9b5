// Renders the App on a fixed-size terminal, with the Databricks simulator (real HTTP on loopback);
// the Airflow side comes from the story harness or a seeded scenario (test/support/airflowScenario.ts).
import { tmpdir } from 'node:os';
import type { AuditRecord, AuditSink } from '../../../source/core/audit.js';
import type { Backend } from '../../../source/core/backend.js';
import { createConsoleSession } from '../../../source/core/consoleSession.js';
import type { HomeResourceTiming } from '../../../source/core/homeResources.js';
import { createWriteFlow } from '../../../source/core/writeFlow.js';
import { staticSecret } from '../../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../../source/databricks/backend.js';
import { createSimClock } from '../../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../../source/sim/databricks/server.js';
import { App, type AppProps } from '../../../source/ui/App.js';
import type { ConsoleSetup } from '../../../source/ui/consoleSetup.js';
import { renderInk, settle } from '../../support/ink.js';
import { createRecordingHttpClient } from '../../support/recordingHttpClient.js';

export async function startDatabricks(jobs = 0): Promise<{ sim: DatabricksSim; backend: Backend }> {
  const clock = createSimClock({ speed: 0, start: Date.UTC(2026, 10, 20, 12, 0, 0) });
  const sim = await startDatabricksSim({ clock, seed: 42, jobs });
  const backend = createDatabricksBackend({
    host: sim.url,
    http: createRecordingHttpClient(),
    auth: { kind: 'pat', token: staticSecret(sim.token, 'test') },
    credentialSource: 'env DATABRICKS_TOKEN',
  });
  return { sim, backend };
}

/** An audit sink that keeps the records in memory, for the test to read. */
export function memoryAudit(): AuditSink & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return { records, append: (record) => void records.push(record) };
}

export function session(
  backends: ConsoleSetup['backends'],
  extra: Partial<ConsoleSetup> = {},
  audit: AuditSink = memoryAudit(),
): ConsoleSetup {
  const base = {
    contextName: 'prod-eu',
    protection: 'protected' as const,
    readOnly: false,
    demo: false,
    backends,
    credentialSources: { airflow: 'keychain', databricks: 'env DATABRICKS_TOKEN' },
    contextNames: ['prod-eu', 'staging'],
    logDir: tmpdir(),
    ...extra,
  };
  return {
    writes: createWriteFlow({
      contextName: base.contextName,
      protection: base.protection,
      readOnlyFlag: base.readOnly,
      backends,
      endpoints: {},
      audit,
      identity: { user: 'tester', host: 'test-host', pid: process.pid },
    }),
    ...base,
  };
}

export async function renderConsole(
  props: Omit<AppProps, 'size' | 'consoleSession'> & {
    size?: AppProps['size'] | undefined;
    /** Poll intervals of the console session (tests shorten them). */
    timing?: HomeResourceTiming | undefined;
  },
) {
  // `size: undefined` follows the test stdout (100 columns, resizable); default: a fixed 120×30.
  const size = 'size' in props ? props.size : { columns: 120, rows: 30 };
  const { size: _ignored, timing, ...rest } = props;
  // The composition root's part: the session is made for the App and disposed when it unmounts.
  const consoleSession = createConsoleSession({
    backends: props.session.backends,
    timing,
    lastKnown: props.session.lastKnown,
  });
  const instance = renderInk(
    <App env={{}} {...rest} consoleSession={consoleSession} {...(size ? { size } : {})} />,
  );
  await settle();
  return {
    ...instance,
    unmount() {
      instance.unmount();
      consoleSession.dispose();
    },
  };
}
