import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { print, withRuntime } from '../runtime.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (the hub also does this at start).')
    .option('--list', 'list applied and pending migrations without applying any')
    .action(async (opts: { list?: boolean }) => {
      await withRuntime(
        async (rt) => {
          if (opts.list) {
            const executed = await rt.orm.migrator.getExecuted();
            const pending = await rt.orm.migrator.getPending();
            for (const m of executed) print(`applied  ${m.name}`);
            for (const m of pending) print(`pending  ${m.name}`);
            return;
          }
          print(rt.migrated.length ? `Applied: ${rt.migrated.join(', ')}` : 'The database is up to date.');
        },
        { migrate: !opts.list },
      );
    });

  program
    .command('migration:create')
    .description(
      'Write a new, empty migration file in src/db/migrations/ (then list it in src/db/migrations/index.ts).',
    )
    .argument('<name>', 'what the migration does, e.g. add_import_batches')
    .action(async (name: string) => {
      const safe = name.replace(/[^A-Za-z0-9_]/g, '_');
      const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
      const className = `Migration${stamp}_${safe}`;
      const dir = path.resolve('src/db/migrations');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${className}.ts`);
      await writeFile(
        file,
        `import { Migration } from '@mikro-orm/migrations';\n\n/** ${name.replace(/_/g, ' ')} */\nexport class ${className} extends Migration {\n  override up(): void {\n    this.addSql(\`\`);\n  }\n\n  override down(): void {\n    this.addSql(\`\`);\n  }\n}\n`,
        { flag: 'wx' },
      );
      print(`Created ${path.relative(process.cwd(), file)}`);
      print(`Now add it to src/db/migrations/index.ts:\n  { name: '${className}', class: ${className} },`);
    });
}
