// `dagdeck context add|list|use|remove|test`: the group; each subcommand lives in its own file.
import type { Command } from 'commander';
import { registerContextAddCommand } from './context-add.js';
import { registerContextListCommand } from './context-list.js';
import { registerContextRemoveCommand } from './context-remove.js';
import { registerContextTestCommand } from './context-test.js';
import { registerContextUseCommand } from './context-use.js';

export function registerContextCommands(program: Command): void {
  const context = program
    .command('context')
    .description(
      'manage contexts: an Airflow deployment and/or a Databricks workspace, and their credentials',
    );
  registerContextAddCommand(context);
  registerContextListCommand(context);
  registerContextUseCommand(context);
  registerContextRemoveCommand(context);
  registerContextTestCommand(context);
}
