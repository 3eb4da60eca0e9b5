// Splits a streamed text body into lines as it arrives: on the newline byte, so a UTF-8 character
// cut between two chunks is decoded whole (invalid bytes become U+FFFD). Yields the complete lines
// of each chunk; returns the text after the last newline (a line still being written).

export async function* textLines(body: AsyncIterable<Buffer>): AsyncGenerator<string[], string> {
  let carry: Buffer[] = [];
  for await (const chunk of body) {
    const lines: string[] = [];
    let from = 0;
    for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, from)) {
      const piece = chunk.subarray(from, at);
      const bytes = carry.length > 0 ? Buffer.concat([...carry, piece]) : piece;
      carry = [];
      lines.push(withoutCr(bytes.toString('utf8')));
      from = at + 1;
    }
    if (from < chunk.length) carry.push(chunk.subarray(from));
    if (lines.length > 0) yield lines;
  }
  return Buffer.concat(carry).toString('utf8');
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
