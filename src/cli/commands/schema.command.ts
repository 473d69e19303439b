import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { printHubSchema } from '../../server/schema.js';
import { CliError, print } from '../runtime.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Write the GraphQL schema (SDL) to schema.graphql, or check that the committed file is current.')
    .option('--check', 'fail if schema.graphql differs from the schema the code builds')
    .option('--out <file>', 'where to write it', 'schema.graphql')
    .action(async (opts: { check?: boolean; out: string }) => {
      const sdl = await printHubSchema();
      if (opts.check) {
        const current = await readFile(opts.out, 'utf8').catch(() => '');
        if (current !== sdl) throw new CliError(`${opts.out} is stale: run \`npm run gen:schema\` and commit it.`);
        print(`${opts.out} is up to date.`);
        return;
      }
      await writeFile(opts.out, sdl);
      print(`Wrote ${opts.out}.`);
    });
}
