// The review against the real loopback simulators: both started on one frozen clock (the demo
// story, or the clean workspace), the Airflow and Databricks backends built over HTTP as a context
// would, and the facts read once.
import { createAirflowBackend } from '../../../../source/airflow/backend.js';
import type { Backend } from '../../../../source/core/backend.js';
import { readReviewFacts } from '../../../../source/core/review/readReviewFacts.js';
import type { ReviewFacts } from '../../../../source/core/review/reviewFacts.js';
import { DEFAULT_REVIEW_OPTIONS } from '../../../../source/core/review/reviewOptions.js';
import { staticSecret } from '../../../../source/databricks/auth/staticSecret.js';
import type { DatabricksAuth } from '../../../../source/databricks/auth/types.js';
import { createDatabricksBackend } from '../../../../source/databricks/backend.js';
import { createHttpClient } from '../../../../source/http/client.js';
import { type Simulators, startSimulators } from '../../../../source/sim/index.js';

export interface ReviewSims {
  sims: Simulators;
  backends: { airflow: Backend; databricks: Backend };
  facts: ReviewFacts;
  close(): Promise<void>;
}

export async function startReviewSims(
  options: {
    clean?: boolean;
    flavour?: 2 | 3;
    /** Airflow as the Viewer role, which may not read connections. */
    viewer?: boolean;
    /** How the backend reaches Databricks (default a personal token, as the demo). */
    databricksAuth?: 'pat' | 'oauth-m2m';
  } = {},
): Promise<ReviewSims> {
  const sims = await startSimulators({
    speed: 0,
    seed: 1,
    epoch: Date.UTC(2026, 11, 3, 12, 0),
    airflowFlavour: options.flavour ?? 3,
    ...(options.clean ? { clean: true } : {}),
  });
  const http = createHttpClient();
  const user = options.viewer
    ? sims.airflow.viewer
    : { username: sims.airflow.username, password: sims.airflow.password };
  const airflow = createAirflowBackend({
    baseUrl: sims.airflow.url,
    http,
    auth: { kind: 'password', username: user.username, password: staticSecret(user.password, 'test') },
  });
  const auth: DatabricksAuth =
    options.databricksAuth === 'oauth-m2m'
      ? {
          kind: 'oauth-m2m',
          clientId: sims.databricks.clientId,
          clientSecret: staticSecret(sims.databricks.clientSecret, 'test'),
        }
      : { kind: 'pat', token: staticSecret(sims.databricks.token, 'test') };
  const databricks = createDatabricksBackend({ host: sims.databricks.url, http, auth });
  const facts = await readReviewFacts([airflow, databricks], {
    review: DEFAULT_REVIEW_OPTIONS,
    now: () => sims.clock.now(),
  });
  return {
    sims,
    backends: { airflow, databricks },
    facts,
    close: async () => {
      await http.close();
      await sims.close();
    },
  };
}
