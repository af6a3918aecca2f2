// Bundles the server into dist/main.js for `npm start`: Circle's own code and the shared
// protocol (TypeScript, compiled here) in one file; npm packages stay in node_modules.
// Running the bundle with plain node spares production tsx's loader thread (about 45 MB).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { dependencies } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outfile: new URL('./dist/main.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => name !== '@circle/shared'),
  sourcemap: true,
  logLevel: 'warning',
});
