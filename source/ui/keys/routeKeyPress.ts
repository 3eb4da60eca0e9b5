// The one route every key takes: the innermost open mode sees it first (and nothing below it does);
// with no mode open, the screen on top handles the commands it registered and the console handles
// the global ones. In a text field, printable keys are text, never commands.
import type { Command, ScreenScope } from './commands.js';
import { typedText } from './keyNames.js';
import type { Mode } from './mode.js';
import { resolveCommand } from './resolveCommand.js';
import type { ScreenCommandRegistry } from './screenCommands.js';
import type { KeyPress } from './splitKeys.js';

export interface KeyTargets {
  mode: Mode | undefined;
  screenScope: ScreenScope;
  screen: ScreenCommandRegistry;
  /** The console's own commands (quit, help, filter, back...). */
  global(command: Command): void;
}

export function routeKeyPress(press: KeyPress, targets: KeyTargets): void {
  const { input, key } = press;
  const { mode } = targets;
  if (mode) {
    if (mode.takesText()) {
      const text = typedText(input, key);
      if (text !== '') {
        mode.onText(text);
        return;
      }
    }
    const command = resolveCommand([mode.scope()], input, key);
    if (command && mode.offers(command)) mode.onCommand(command);
    return;
  }
  const command = resolveCommand([targets.screenScope, 'global'], input, key);
  if (!command) return;
  const handler = targets.screen.handlerFor(command);
  if (handler) handler();
  else targets.global(command);
}
