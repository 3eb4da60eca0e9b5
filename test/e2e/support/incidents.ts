// From any screen, the incident view narrowed with / as an on-call would: which failure is the
// newest (the row the cursor starts on) depends on when the demo was started, so tests that act on
// one incident filter to it first and then wait for the cursor on its row.
import { KEY } from '../../support/keys.js';
import type { PtyConsole } from './ptyConsole.js';

export async function filterIncidents(session: PtyConsole, filter: string): Promise<void> {
  await session.press('!');
  await session.waitFor('Incidents ·');
  await session.press('/');
  await session.type(filter);
  await session.press(KEY.enter);
}
