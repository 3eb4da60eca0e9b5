// What a backend needs to know about a credential: a way to get it, where it came from (shown to
// the user), and a way to ask for a fresh one after the server rejected it (a token command is
// re-run once after a 401). The secret itself never leaves the auth code of the backend.

export interface Secret {
  value: string;
  /** Human description of the source: "keychain", "env DATABRICKS_TOKEN", "token command vault", "prompt". */
  source: string;
}

export interface SecretProvider {
  /** Where the secret comes from, without resolving it (for the header and `context test`). */
  readonly description: string;
  get(signal?: AbortSignal): Promise<Secret>;
  /** Forget any cached value; the next get() resolves again (re-runs a token command). */
  invalidate(): void;
}
