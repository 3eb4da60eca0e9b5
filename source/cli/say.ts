// One line of a command's human output, on stdout.
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
