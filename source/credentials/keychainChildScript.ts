// The program a keychain child process runs (`node -e`, CommonJS). The native keyring calls are
// synchronous and a Secret Service that never answers (locked collection, a GUI unlock prompt
// nobody sees over SSH) would block whatever thread makes them; in a child process the parent can
// always kill it. The secret travels on stdin (set) or
// stdout (get), never in argv where `ps` would show it.
export const KEYCHAIN_CHILD_SCRIPT = `
const [modulePath, op, service, account, store] = process.argv.slice(1);
const reply = (value) => process.stdout.write(JSON.stringify(value));
const run = (input) => {
  try {
    const { Entry } = require(modulePath);
    const entry = new Entry(service, account, store ? { linux: { store } } : undefined);
    if (op === 'get') {
      const value = entry.getPassword();
      reply({ ok: true, value: value === null || value === undefined ? null : value });
    } else if (op === 'set') {
      entry.setPassword(input);
      reply({ ok: true });
    } else if (op === 'delete') {
      reply({ ok: true, deleted: entry.deletePassword() });
    } else {
      reply({ ok: false, message: 'unknown operation' });
    }
  } catch (error) {
    const message = String((error && error.message) || error).split('\\n')[0].slice(0, 300);
    reply({ ok: false, message });
  }
};
if (op === 'set') {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { input += chunk; });
  process.stdin.on('end', () => run(input));
} else {
  run('');
}
`;
