// The reads a platform review makes on Airflow, the same in both API versions but for what each
// shows: connections (v1 lists them without extra, so the Databricks ones are read one by one for
// it; v2 lists the whole object), a DAG's run timeout and, from Airflow 3.2, its default_args (the
// only place the API shows a failure callback), and the stored size of each XCom of a run.
import { z } from 'zod';
import type { Backend } from '../core/backend.js';
import type { Connection, WorkflowSettings, XComSize } from '../core/platformSettings.js';
import { zodItem } from '../http/listReader.js';
import type { AirflowApi } from './airflowApi.js';
import { apiPath } from './apiPath.js';
import { fetchAllPages, type RawPage } from './fetchAllPages.js';
import { ConnectionItem, DagReviewDetails, XComListItem, XComValue } from './schemas-review.js';
import { toConnection } from './toConnection.js';
import { timeDeltaMs } from './toTaskDefinitions.js';

type ReviewReads = Pick<Backend, 'listConnections' | 'getWorkflowSettings' | 'listXComSizes'>;

const total_entries = z.number().nullish();
const ConnectionPage = z.object({ connections: z.array(z.unknown()), total_entries });
const XComPage = z.object({ xcom_entries: z.array(z.unknown()), total_entries });
type XComEntry = z.output<typeof XComListItem>;

/** XCom values read at once: a large value is downloaded whole. */
const XCOM_READS_IN_FLIGHT = 4;
/** A value that names where the payload is (a custom XCom backend) rather than holding it. */
const REFERENCE = /^(s3a?|gs|gcs|abfss?|wasbs?|hdfs|dbfs|file):\/\/\S+$/i;

export function createAirflowReviewReads(options: { api: AirflowApi; apiVersion: 'v1' | 'v2' }): ReviewReads {
  const { api, apiVersion } = options;
  const source = `Airflow at ${api.baseUrl}`;

  const readExtra = async (item: ConnectionItem, signal?: AbortSignal): Promise<ConnectionItem> => {
    const one = await api.find(
      {
        method: 'GET',
        path: apiPath`/connections/${item.connection_id}`,
        what: `Read connection ${item.connection_id}`,
        signal,
      },
      ConnectionItem,
    );
    return one ?? item;
  };

  return {
    async listConnections(signal) {
      const what = 'List connections';
      const items = await fetchAllPages<ConnectionItem>(
        async (offset, limit, pageSignal): Promise<RawPage> => {
          const page = await api.call(
            {
              method: 'GET',
              path: '/connections',
              what,
              query: { limit, offset, order_by: 'connection_id' },
              signal: pageSignal,
            },
            ConnectionPage,
          );
          return { items: page.connections, total: page.total_entries };
        },
        {
          what,
          source,
          noun: 'connection',
          parse: zodItem(
            ConnectionItem,
            (item) => item,
            (raw) => raw.connection_id,
          ),
          keyOf: (item) => item.connection_id,
          limits: api.lists,
          signal,
        },
      );
      // API v1 shows extra only on the single object; only the Databricks ones are judged by it.
      const complete =
        apiVersion === 'v1'
          ? await Promise.all(
              items.map((item) => (item.conn_type === 'databricks' ? readExtra(item, signal) : item)),
            )
          : items;
      return complete.map((item): Connection => toConnection(item, apiVersion));
    },

    async getWorkflowSettings(workflowId, signal): Promise<WorkflowSettings> {
      const details = await api.call(
        {
          method: 'GET',
          path: apiPath`/dags/${workflowId}/details`,
          what: `Read the settings of ${workflowId}`,
          signal,
        },
        DagReviewDetails,
      );
      const settings: WorkflowSettings = { clusters: [] };
      const timeoutMs = timeDeltaMs(details.dag_run_timeout);
      if (timeoutMs) settings.timeoutMs = timeoutMs;
      if (details.default_args) {
        const callback = details.default_args.on_failure_callback;
        settings.failureAlerts = callback !== undefined && callback !== null && callback !== '';
      }
      return settings;
    },

    async listXComSizes(workflowId, runId, signal) {
      const what = `List the XComs of ${workflowId} / ${runId}`;
      const entries = await fetchAllPages<XComEntry>(
        async (offset, limit, pageSignal): Promise<RawPage> => {
          const page = await api.call(
            {
              method: 'GET',
              path: apiPath`/dags/${workflowId}/dagRuns/${runId}/taskInstances/~/xcomEntries`,
              what,
              query: { limit, offset },
              signal: pageSignal,
            },
            XComPage,
          );
          return { items: page.xcom_entries, total: page.total_entries };
        },
        {
          what,
          source,
          noun: 'XCom',
          parse: zodItem(
            XComListItem,
            (item) => item,
            (raw) => raw.key,
          ),
          keyOf: (item) => `${item.task_id}/${item.map_index ?? -1}/${item.key}`,
          limits: api.lists,
          signal,
        },
      );
      const sizes: XComSize[] = [];
      for (let start = 0; start < entries.length; start += XCOM_READS_IN_FLIGHT) {
        const batch = entries.slice(start, start + XCOM_READS_IN_FLIGHT);
        const read = await Promise.all(
          batch.map(async (entry) => {
            // stringify=false: the stored JSON, not Python's str() of it (v1's default).
            const answer = await api.find(
              {
                method: 'GET',
                path: apiPath`/dags/${workflowId}/dagRuns/${runId}/taskInstances/${entry.task_id}/xcomEntries/${entry.key}`,
                what: `Read XCom ${entry.key} of ${entry.task_id}`,
                query: { map_index: entry.map_index ?? -1, stringify: false },
                signal,
              },
              XComValue,
            );
            return answer ? toSize(entry, answer.value) : undefined;
          }),
        );
        for (const size of read) if (size) sizes.push(size);
      }
      return sizes;
    },
  };
}

function toSize(entry: XComEntry, value: unknown): XComSize {
  const size: XComSize = {
    taskId: entry.task_id,
    key: entry.key,
    bytes: Buffer.byteLength(JSON.stringify(value ?? null), 'utf8'),
  };
  if (entry.map_index !== undefined && entry.map_index !== null && entry.map_index >= 0)
    size.mapIndex = entry.map_index;
  if (typeof value === 'string' && REFERENCE.test(value.trim())) size.external = true;
  return size;
}
