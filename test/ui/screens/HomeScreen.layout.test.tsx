// Polish found in the end-to-end captures (screenshots/home-80x24.txt): at 80 columns the stacked
// Databricks jobs pane gives the job name room before the 16-digit id, and the header's refresh
// time says it is the home lists' (they stop polling on drill-down screens, which show their own
// "updated" time under the title).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../source/core/backend.js';
import { createListStatusStore } from '../../../source/core/listStatus.js';
import { createResource } from '../../../source/core/resource.js';
import type { DatabricksSim } from '../../../source/sim/databricks/server.js';
import { Header } from '../../../source/ui/components/Header.js';
import { type Column, layoutColumns } from '../../../source/ui/components/WindowedTable.js';
import { JOB_NAME_IDEAL, jobColumns } from '../../../source/ui/screens/home/homeColumns.js';
import { clockTime } from '../../../source/ui/text.js';
import { createPlansStore } from '../../../source/ui/writes/plansStore.js';
import { startAirflowScenario } from '../../support/airflowScenario.js';
import { KEY, press, renderInk } from '../../support/ink.js';
import { waitFor } from '../../support/wait.js';
import { renderConsole, session, startDatabricks } from '../support/renderConsole.js';

let sim: DatabricksSim;
let databricks: Backend;

beforeAll(async () => {
  ({ sim, backend: databricks } = await startDatabricks());
});
afterAll(async () => {
  await sim.close();
});

const frameOf = (instance: { lastFrame(): string | undefined }) => instance.lastFrame() ?? '';
const ids = <T,>(layout: { column: Column<T> }[]) => layout.map(({ column }) => column.id);
const widthOf = <T,>(layout: { column: Column<T>; width: number }[], id: string) =>
  layout.find(({ column }) => column.id === id)?.width;

describe('job name priority in the Databricks jobs pane', () => {
  it('80 columns (stacked panes): the id column goes and the name gets at least its ideal width', () => {
    const layout = layoutColumns(
      jobColumns(() => 0),
      80,
    );
    expect(ids(layout)).not.toContain('id');
    expect(ids(layout)).toEqual(['name', 'schedule', 'runs', 'dur', 'last', 'tags']);
    expect(widthOf(layout, 'name')).toBeGreaterThanOrEqual(JOB_NAME_IDEAL);
    // The name fills first, so it ends wider than the other growing column (tags).
    expect(widthOf(layout, 'name')).toBeGreaterThan(widthOf(layout, 'tags') ?? 0);
  });

  it('59 columns (half of 120, side by side): tags go before the age, the name keeps its ideal', () => {
    const layout = layoutColumns(
      jobColumns(() => 0),
      59,
    );
    expect(ids(layout)).toEqual(['name', 'schedule', 'runs', 'dur', 'last']);
    expect(widthOf(layout, 'name')).toBeGreaterThanOrEqual(JOB_NAME_IDEAL);
  });

  it('wide enough for everything: the id stays, nothing is dropped for the name', () => {
    const layout = layoutColumns(
      jobColumns(() => 0),
      120,
    );
    expect(ids(layout)).toEqual(['name', 'id', 'schedule', 'runs', 'dur', 'last', 'tags']);
  });

  it('an ideal width only matters on a growing column; a table without one lays out as before', () => {
    const plain: Column<string>[] = [
      { id: 'a', title: 'a', width: 10, grow: true, cell: (row) => row },
      { id: 'b', title: 'b', width: 10, grow: true, cell: (row) => row },
      { id: 'c', title: 'c', width: 10, dropPriority: 1, cell: (row) => row },
    ];
    // 2 marker + 3×(10+1) = 35 needed; 5 spare split 3/2 between the growers.
    expect(layoutColumns(plain, 40).map(({ width }) => width)).toEqual([13, 12, 10]);
    const withIdeal = plain.map((c) => (c.id === 'b' ? { ...c, ideal: 14 } : c));
    // At 40 there is room for b's 4 more: nothing is dropped, b fills first, a gets the 1 left.
    const laid = (w: number) =>
      layoutColumns(withIdeal, w).map(({ column, width }) => `${column.id}${width}`);
    expect(laid(40)).toEqual(['a11', 'b14', 'c10']);
    // At 38 b would fall short: c is dropped (11 freed), b reaches 14, the 10 left are shared 5/5.
    expect(laid(38)).toEqual(['a15', 'b19']);
  });

  it('renders whole job names at 80×24 where the id column used to cut them to 17 characters', async () => {
    const airflow = (await startAirflowScenario([{ dagId: 'customer_etl' }])).backend;
    const app = await renderConsole({
      session: session({ airflow, databricks }),
      size: { columns: 80, rows: 24 },
    });
    await waitFor(() => expect(frameOf(app)).toContain('eod_risk_models'));
    const lines = frameOf(app).split('\n');
    const header = lines.find((line) => line.includes('job▲'));
    expect(header).toBeDefined();
    expect(header).not.toMatch(/\bid\b/);
    // Both names are longer than 17 characters (screenshots/home-80x24.txt showed them cut).
    expect(frameOf(app)).toContain('customer_360_refresh');
    expect(frameOf(app)).toContain('gdpr_erasure_requests');
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    app.unmount();
  });
});

describe('header refresh time', () => {
  it('names what it refers to: the home lists', async () => {
    const at = Date.UTC(2026, 10, 20, 12, 3, 4);
    // Both lists of the Databricks pane read at `at`: the header shows that time.
    const list = () => createResource<never[]>({ fetch: async () => [], now: () => at });
    const workflows = list();
    const recentRuns = list();
    await Promise.all([workflows.refresh(), recentRuns.refresh()]);
    const status = createListStatusStore({ databricks: { workflows, recentRuns } });
    const app = renderInk(
      <Header
        setup={session({ databricks })}
        probes={{}}
        status={status}
        width={100}
        plans={createPlansStore()}
      />,
    );
    expect(frameOf(app)).toContain(`lists refreshed ${clockTime(at)}`);
    app.unmount();
  });

  it('on a drill-down screen the header still says "lists refreshed" and the screen shows its own update', async () => {
    const airflow = (await startAirflowScenario([{ dagId: 'customer_etl' }])).backend;
    const app = await renderConsole({ session: session({ airflow, databricks }) });
    await waitFor(() => expect(frameOf(app)).toContain('eod_risk_models'));
    await waitFor(() => expect(frameOf(app)).toMatch(/lists refreshed \d\d:\d\d:\d\d/));
    await press(app.stdin, KEY.tab, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/updated \d\d:\d\d:\d\d UTC/));
    const frame = frameOf(app);
    expect(frame).toMatch(/lists refreshed \d\d:\d\d:\d\d/);
    expect(frame).not.toMatch(/(^|[^s]) refreshed \d/m);
    app.unmount();
  });
});
