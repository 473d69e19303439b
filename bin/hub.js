#!/usr/bin/env node
// The `hub` command. Runs the compiled CLI, rebuilding it first when the sources are newer.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(`hub needs Node 22 (this is ${process.version}). Run it as \`npx hub\` or \`npm run hub --\` from the project, which use the pinned Node in node_modules.\n`);
  process.exit(2);
}

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stamp = path.join(root, 'dist', '.tsbuildinfo');
if (!existsSync(stamp) || newest(path.join(root, 'src')) > statSync(stamp).mtimeMs) {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  // tsc leaves its build info untouched when nothing changed: mark the build as current.
  const now = new Date();
  utimesSync(stamp, now, now);
}
const { run } = await import(pathToFileURL(path.join(root, 'dist', 'cli', 'main.js')).href);
process.exitCode = await run(process.argv.slice(2));
