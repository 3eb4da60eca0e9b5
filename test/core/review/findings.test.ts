// The checks the simulators cannot stage: a server that returns secrets unmasked, a workflow whose
// reads failed, and the severities `--fail-on` gates on.
import { describe, expect, it } from 'vitest';
import type { ReviewFacts } from '../../../source/core/review/reviewFacts.js';
import { failsAt, reviewPlatform } from '../../../source/core/review/reviewPlatform.js';

const base = (extra: Partial<ReviewFacts>): ReviewFacts => ({
  now: Date.UTC(2026, 11, 3),
  backends: [{ kind: 'airflow', endpoint: 'http://airflow.test', authKind: 'password' }],
  workflows: [],
  ...extra,
});

describe('reviewPlatform', () => {
  it('a clear-text password or extra from the API is an error; a masked one is not', () => {
    const report = reviewPlatform(
      base({
        connections: {
          read: true,
          connections: [
            { id: 'leaky', type: 'postgres', password: 'exposed' },
            {
              id: 'leaky_extra',
              type: 'http',
              password: 'set',
              extra: { api_key: '***' },
              extraExposed: true,
            },
            { id: 'fine', type: 'postgres', password: 'set' },
          ],
        },
      }),
    );
    expect(report.findings.map((f) => [f.check, f.object.connectionId, f.severity])).toEqual([
      ['airflow-connection-secret-exposed', 'leaky', 'error'],
      ['airflow-connection-secret-exposed', 'leaky_extra', 'error'],
    ]);
  });

  it('connections that could not be read for another reason say so, without blaming the role', () => {
    const report = reviewPlatform(
      base({ connections: { read: false, forbidden: false, reason: 'Airflow did not answer' } }),
    );
    expect(report.findings).toMatchObject([
      { check: 'airflow-connections-unreadable', title: 'could not check the Airflow connections' },
    ]);
  });

  it('a workflow whose reads failed is a note naming them, and its checks are skipped', () => {
    const report = reviewPlatform(
      base({
        workflows: [
          {
            workflow: { backend: 'databricks', id: '7', name: 'nightly', tags: [], owners: [] },
            runs: [],
            runTasks: [],
            unreadable: ['Read job 7 failed: 403 PERMISSION_DENIED'],
          },
        ],
      }),
    );
    expect(report.findings).toMatchObject([
      {
        check: 'workflow-unreadable',
        severity: 'info',
        object: { label: 'job nightly', workflowId: '7' },
        evidence: [{ field: 'read 1', value: 'Read job 7 failed: 403 PERMISSION_DENIED' }],
      },
    ]);
    expect(failsAt(report, 'warning')).toBe(false);
    expect(failsAt(report, 'info')).toBe(true);
  });

  it('a continuous job is never judged by its duration or for missing timeouts', () => {
    const running = { backend: 'databricks' as const, workflowId: '9', rawState: 'RUNNING' };
    const report = reviewPlatform(
      base({
        workflows: [
          {
            workflow: {
              backend: 'databricks',
              id: '9',
              name: 'stream',
              tags: [],
              owners: [],
              schedule: 'continuous',
            },
            tasks: [{ taskId: 'score', upstream: [], downstream: [], retries: 0 }],
            settings: { clusters: [], failureAlerts: true },
            runs: [
              { ...running, id: '4', state: 'running', startedAt: '2026-11-01T00:00:00Z' },
              ...[1, 2, 3].map((i) => ({
                ...running,
                id: String(i),
                state: 'success' as const,
                rawState: 'TERMINATED',
                durationMs: 60_000,
              })),
            ],
            runTasks: [],
            unreadable: [],
          },
        ],
      }),
    );
    expect(report.findings).toEqual([]);
  });
});
