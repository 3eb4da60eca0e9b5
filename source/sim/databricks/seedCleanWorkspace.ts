// A small workspace that follows every practice the platform review checks, for `dagdeck sim
// --clean`: job clusters that autoscale from a pool, retries and timeouts on every task, a job
// timeout, failure alerts, and a history of runs that all succeeded. `orders_enrichment` is the
// job the clean Airflow's DAG runs now.

import { addJob, type JobSpec } from './seedWorkspace.js';
import type { SimState } from './simState.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const wellKept = (spec: JobSpec): JobSpec => ({
  instancePoolId: '0101-120000-pool-clean',
  timeoutSeconds: 4 * 3600,
  ...spec,
});

export function seedCleanWorkspace(state: SimState): void {
  const now = state.clock.now();
  const created = now - 90 * DAY;
  addJob(
    state,
    wellKept({
      name: 'orders_enrichment',
      description: 'Joins the day’s orders with customer and product data. Run by Airflow orders_daily.',
      tags: { team: 'orders-data' },
      tasks: {
        join_customers: { kind: 'python', minutes: [2, 4], retries: 2 },
        join_products: { deps: ['join_customers'], minutes: [2, 4], retries: 2 },
      },
    }),
    created,
  );
  const snapshot = addJob(
    state,
    wellKept({
      name: 'inventory_snapshot',
      description: 'Nightly snapshot of stock levels.',
      tags: { team: 'inventory' },
      schedule: { quartz_cron_expression: '0 0 1 * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
      tasks: { snapshot_stock: { kind: 'python', minutes: [5, 8], retries: 2 } },
    }),
    created,
  );
  for (let daysAgo = 8; daysAgo >= 1; daysAgo--) {
    state.startRun(snapshot, { at: now - daysAgo * DAY + HOUR, trigger: 'PERIODIC' });
  }
}
