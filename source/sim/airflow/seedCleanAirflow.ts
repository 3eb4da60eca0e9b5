// A small Airflow that follows every practice the platform review checks, for `dagdeck sim
// --clean` and the tests that expect no finding: the task that starts a Databricks run retries
// with exponential backoff and has a timeout, failures call back, XComs are ids, the Databricks
// connection uses a service principal, and every recent run succeeded.
import type { AirflowState } from './airflowState.js';
import { dag, daily, task, tellStory } from './seedAirflow.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function seedCleanAirflow(state: AirflowState): void {
  state.connections.push({
    id: 'databricks_default',
    type: 'databricks',
    description: 'Lakehouse (service principal)',
    host: 'https://dbc-lakehouse.cloud.databricks.com',
    login: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    password: 'dose-clean-client-secret',
    extra: JSON.stringify({ service_principal_oauth: true }),
  });
  tellStory(state, {
    def: dag('orders_daily', {
      ...daily,
      description: 'Orders in, enriched on Databricks, loaded into the warehouse.',
      owners: ['orders-data'],
      tags: ['orders'],
      tasks: [
        task('extract_orders', 'PythonOperator', [], { retries: 2, backoff: true, timeoutMinutes: 30 }),
        task('enrich_orders', 'DatabricksRunNowOperator', ['extract_orders'], {
          minutes: [6, 10],
          retries: 3,
          backoff: true,
          timeoutMinutes: 90,
          databricksJob: 'orders_enrichment',
        }),
        task('load_orders', 'SQLExecuteQueryOperator', ['enrich_orders'], { retries: 2, backoff: true }),
      ],
    }),
    paused: false,
    runs: 8,
    newestAgo: 6 * HOUR,
  });
  state.sealStory();
}
