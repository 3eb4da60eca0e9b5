// Below the smallest layout the console says so (issue 14: a 40×12 terminal printed "None" where the
// panes should be), keeps taking keys, and draws the panes again once the terminal is larger.
import { describe, expect, it } from 'vitest';
import { MIN_COLUMNS, MIN_ROWS } from '../../source/ui/App.js';
import { startAirflowScenario } from '../support/airflowScenario.js';
import { waitFor } from '../support/wait.js';
import { renderConsole, session } from './support/renderConsole.js';

describe('a terminal below the minimum', () => {
  it('says what size it needs instead of drawing half the panes', async () => {
    const { backend: airflow } = await startAirflowScenario([{ dagId: 'alpha' }]);
    const app = await renderConsole({ session: session({ airflow }), size: { columns: 40, rows: 12 } });
    const frame = app.lastFrame() ?? '';
    expect(frame.replace(/\s+/g, ' ')).toContain(
      `terminal too small (need ${MIN_COLUMNS}×${MIN_ROWS}, this one is 40×12)`,
    );
    expect(frame).not.toContain('None');
    app.unmount();
    const large = await renderConsole({ session: session({ airflow }), size: { columns: 80, rows: 24 } });
    await waitFor(() => expect(large.lastFrame()).toContain('alpha'));
    large.unmount();
  });
});
