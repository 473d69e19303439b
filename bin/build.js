#!/usr/bin/env node
// Builds what is out of date, and nothing else: the server (tsc, into dist/) when src/
// is newer than its last build, the console (vite, into web/dist/) when web/ is newer
// than its last build. `npm start` runs this, so a restart with no change starts at once.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time of any file under `dir`, skipping build outputs. */
export function newest(dir, skip = new Set(['dist', 'node_modules'])) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p, skip) : statSync(p).mtimeMs);
  }
  return t;
}

const stale = (output, ...inputs) =>
  !existsSync(output) ||
  Math.max(...inputs.map((i) => (statSync(i).isDirectory() ? newest(i) : statSync(i).mtimeMs))) >
    statSync(output).mtimeMs;

function touch(file) {
  const now = new Date();
  utimesSync(file, now, now);
}

/** Compiles the server when its sources changed since the last build. */
export function buildServerIfStale({ quiet = false } = {}) {
  const stamp = path.join(root, 'dist', '.tsbuildinfo');
  if (!stale(stamp, path.join(root, 'src'), path.join(root, 'tsconfig.json'), path.join(root, 'tsconfig.build.json')))
    return false;
  if (!quiet)
    process.stderr.write(
      existsSync(stamp)
        ? 'Compiling the hub (src/ changed since the last build)...\n'
        : 'Compiling the hub (first build)...\n',
    );
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  // tsc leaves its build info untouched when nothing changed: mark the build as current.
  touch(stamp);
  return true;
}

/** Builds the console when web/ changed since the last build. */
export function buildConsoleIfStale({ quiet = false } = {}) {
  const web = path.join(root, 'web');
  const index = path.join(web, 'dist', 'index.html');
  if (!stale(index, web, path.join(root, 'package-lock.json'))) return false;
  if (!quiet)
    process.stderr.write(
      existsSync(index)
        ? 'Building the web console (web/ changed since the last build)...\n'
        : 'Building the web console (first build)...\n',
    );
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      path.join(web, 'vite.config.ts'),
      '--logLevel',
      'warn',
    ],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
  touch(index);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildServerIfStale();
  buildConsoleIfStale();
}
