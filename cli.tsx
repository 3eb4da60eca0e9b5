#!/usr/bin/env node
// Composition root: parses arguments, loads the context, builds the backends and credentials,
// then starts the console or runs a command.
import { Command } from 'commander';
import { VERSION } from './source/version.js';

const program = new Command()
  .name('dagdeck')
  .description('A terminal console for Apache Airflow and Databricks Jobs')
  .version(VERSION, '-V, --version');

await program.parseAsync(process.argv);
