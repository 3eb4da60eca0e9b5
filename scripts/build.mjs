// Bundles cli.tsx and everything it imports into one ESM file: start-up time matters to users who
// open dagdeck mid-incident, and one file loads much faster than hundreds of node_modules files.
// Native and optional modules stay external.
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';

await build({
  entryPoints: ['cli.tsx'],
  outfile: 'dist/dagdeck.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.18',
  jsx: 'automatic',
  sourcemap: 'linked',
  legalComments: 'none',
  external: ['@napi-rs/keyring', '@lydell/node-pty', 'react-devtools-core'],
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __dagdeckCreateRequire } from 'node:module'; const require = __dagdeckCreateRequire(import.meta.url);",
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
await chmod('dist/dagdeck.js', 0o755);
