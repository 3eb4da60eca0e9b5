// `--token-stdin`: the whole of stdin is the secret (`vault kv get ... | dagdeck login --token-stdin`).
// Only the trailing newline(s) and surrounding spaces are dropped.
import { ConfigError } from '../core/errors.js';

export async function readStdinSecret(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = '';
  input.setEncoding('utf8');
  for await (const chunk of input) text += String(chunk);
  const secret = text.trim();
  if (!secret) throw new ConfigError('--token-stdin was given but stdin was empty: pipe the secret in');
  return secret;
}
