// `--token-command "vault kv get -field=token secret/airflow"` arrives as one string; it is split
// here like a POSIX shell would split words (quotes and backslashes), but nothing is expanded and
// no shell ever runs it, so a token command cannot inject or expand anything.
import { ConfigError } from '../core/errors.js';

export function splitArgv(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < command.length; index += 1) {
    const char = command[index] as string;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (
        char === '\\' &&
        index + 1 < command.length &&
        '"\\$`'.includes(command[index + 1] as string)
      ) {
        index += 1;
        word += command[index];
      } else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < command.length) {
      index += 1;
      word += command[index];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new ConfigError(`the token command has an unclosed ${quote} quote: check --token-command`);
  if (inWord) words.push(word);
  if (words.length === 0)
    throw new ConfigError('the token command is empty: pass the program and its arguments');
  return words;
}
