// ~/.databrickscfg is INI. Rules follow the Go SDK's loader:
// `#` or `;` start a comment line; inside a value `#`/`;` start a comment only after whitespace,
// so tokens and URLs containing `#` survive; surrounding quotes are removed.

export type DatabricksCfg = Map<string, Record<string, string>>;

export function parseDatabricksCfg(text: string): DatabricksCfg {
  const sections: DatabricksCfg = new Map();
  let current: Record<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      const name = header[1].trim();
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    const eq = line.search(/[=:]/);
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const raw = line.slice(eq + 1).trim();
    // A quoted value keeps everything between its quotes, `#` included.
    const quoted = /^(["'])(.*?)\1(?:\s|$)/.exec(raw);
    const value = quoted ? (quoted[2] ?? '') : raw.replace(/\s[#;].*$/, '').trim();
    // Keys before any section belong to DEFAULT, as in Python's configparser and go-ini.
    if (!current) {
      current = sections.get('DEFAULT') ?? {};
      sections.set('DEFAULT', current);
    }
    current[key] = value;
  }
  return sections;
}
