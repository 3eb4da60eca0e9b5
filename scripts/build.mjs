// Bundles cli.tsx and everything it imports: start-up time matters to users who open dagdeck
// mid-incident, and a few bundled files load much faster than hundreds of node_modules files.
// Code splitting keeps what the dynamic imports in source/cli load (ink, React, the UI, conf, the
// clients) out of dist/dagdeck.js, so `dagdeck --version` and `--help` parse only commander and
// the argument handling (see bench/startup.mjs). Native and optional modules stay external.
import { chmod, rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { dagdeck: 'cli.tsx' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.18',
  jsx: 'automatic',
  sourcemap: 'linked',
  legalComments: 'none',
  external: ['@napi-rs/keyring', '@lydell/node-pty', 'react-devtools-core'],
  // Some bundled CommonJS dependencies call require(); give every ESM output file one.
  banner: {
    js: "import { createRequire as __dagdeckCreateRequire } from 'node:module'; const require = __dagdeckCreateRequire(import.meta.url);",
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
await chmod('dist/dagdeck.js', 0o755);
