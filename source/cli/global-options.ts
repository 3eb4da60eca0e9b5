// The options of the root command, which every subcommand reads with `command.optsWithGlobals()`.
// In a file of its own so that the commands and the program that registers them do not import
// each other.

export interface GlobalOptions {
  demo?: boolean;
  context?: string;
  readOnly?: boolean;
  /** False with --no-alt-screen. */
  altScreen: boolean;
  /** False with --no-cache: neither read nor write the last-known lists of the context. */
  cache?: boolean;
  debug?: boolean;
}
