// Progressive lists (issue 14 "Nothing until everything"): the DAGs pane shows the rows of the
// first pages while the rest are still being read, says how many of how many are in, sorts and
// filters what is there, and becomes the whole list when the last page lands. The Airflow simulator
// answers the first page of 100 and holds the second until the test lets it go.
import { describe, expect, it, onTestFinished } from 'vitest';
import { startAirflowScenario } from '../support/airflowScenario.js';
import { keyOf, type renderInk } from '../support/ink.js';
import { renderConsole, session } from './support/renderConsole.js';

type Console = ReturnType<typeof renderInk>;

/** The DAG rows on screen, top to bottom (name column only). */
const dagRows = (frame: string) =>
  frame
    .split('\n')
    .map((line) => /^[› ] (\S+) +(?:on|off) +@/.exec(line)?.[1])
    .filter((name) => name !== undefined);

describe('a long DAG list arriving page by page', () => {
  it('shows the first page at once, marked partial, then the whole list', async () => {
    // 153 DAGs in dag_id order: alpha, delta, generated_dag_00000…00149, zulu_echo. Page one (100)
    // ends at generated_dag_00097; zulu_echo is on page two.
    const airflow = await startAirflowScenario(
      [{ dagId: 'delta' }, { dagId: 'alpha' }, { dagId: 'zulu_echo' }],
      {
        generated: { dags: 150, runsPerDag: 0 },
      },
    );
    let release: () => void = () => {};
    airflow.faults.hold = {
      pattern: /\/dags\?.*\boffset=100\b/,
      until: new Promise<void>((resolve) => {
        release = resolve;
      }),
    };
    // A test that fails before the release must not leave the page held (and the client waiting).
    onTestFinished(() => release());
    const app: Console = await renderConsole({
      session: session({ airflow: airflow.backend }),
      size: { columns: 120, rows: 20 },
    });
    const firstPage = await app.waitFor('Airflow DAGs 1:100 · partial: 100 of 153 loaded');
    expect(firstPage).not.toContain('Loading…');
    expect(dagRows(firstPage).slice(0, 2)).toEqual(['alpha', 'delta']);
    // Sorted among what is there: reversed, the top row is the last DAG of page one, not zulu_echo.
    const sortName = keyOf('sortName', 'home');
    const reversed = await app.pressAndWaitFor(sortName, (frame) => dagRows(frame)[0] !== 'alpha');
    expect(dagRows(reversed)[0]).toBe('generated_dag_00097');
    expect(reversed).toContain('partial: 100 of 153 loaded');
    await app.pressAndWaitFor(sortName, (frame) => dagRows(frame)[0] === 'alpha');
    // Filtered among what is there.
    await app.pressAndWaitFor(
      ['/', ...'echo', '\r'],
      'Nothing matches /echo yet · partial: 100 of 153 loaded',
    );
    release();
    const whole = await app.waitFor('Airflow DAGs 1:1/153');
    expect(dagRows(whole)).toEqual(['zulu_echo']);
    expect(whole).not.toContain('partial');
    app.unmount();
  });
});
