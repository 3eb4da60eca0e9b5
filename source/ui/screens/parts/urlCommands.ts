// `y` copies and `O` opens the URL of what is selected (a run's or a task instance's page): URLs are
// long and cut at the terminal's width, and an on-call needs them whole in a browser or a ticket.
import type { CommandHandlers } from '../../keys/screenCommands.js';
import type { UrlActions } from '../ScreenProps.js';

export function urlCommands(
  urlOf: () => string | undefined,
  urls: UrlActions,
  flash: (message: string, kind?: 'info' | 'error') => void,
): CommandHandlers {
  const withUrl = (act: (url: string) => void) => () => {
    const url = urlOf();
    if (url) act(url);
    else flash('No URL for the selected row', 'info');
  };
  return { copyUrl: withUrl(urls.copy), openUrl: withUrl(urls.open) };
}
