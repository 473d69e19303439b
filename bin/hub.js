#!/usr/bin/env node
// The `hub` command. Runs the compiled CLI, rebuilding it first when the sources are newer.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildServerIfStale } from './build.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(
    `hub needs Node 22 (this is ${process.version}). Run it as \`npx hub\` or \`npm run hub --\` from the project, which use the pinned Node in node_modules.\n`,
  );
  process.exit(2);
}

buildServerIfStale({ quiet: true });
const { run } = await import(pathToFileURL(path.join(root, 'dist', 'cli', 'main.js')).href);
process.exitCode = await run(process.argv.slice(2));
