import { readFileSync } from 'node:fs';

/**
 * The flags `npm start` gives node before the bundle, read from server/package.json's start
 * script, so that the bench and the tests run the server exactly as users do.
 */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const match = /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/main\.js\b/.exec(pkg.scripts.start);
  if (!match) throw new Error(`server/package.json's start script does not run "node [flags] dist/main.js": ${pkg.scripts.start}`);
  return match[1]!.trim().split(' ').filter(Boolean);
}
