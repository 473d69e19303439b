import type { Command } from 'commander';
import { ALL_TEMPLATES, publishTemplate, templateFor } from '../../ingest/templates.js';
import { print, withRuntime } from '../runtime.js';

export function registerDatasets(program: Command): void {
  program
    .command('datasets')
    .description('List the datasets and the templates partners\' files must follow (columns, accepted values, what the hub keeps).')
    .option('--json', 'print {templates, datasets} as JSON: every template in full, and each dataset with its template kind')
    .option('--kind <kind>', 'show one template in full, e.g. AE_ASSAULT')
    .action(async (opts: { json?: boolean; kind?: string }) => {
      await withRuntime(async (rt) => {
        const { rows } = await rt.pool.query<{ key: string; name: string; kind: string; cadence: string; agency: string }>(
          `select d.key, d.name, d.kind, d.cadence, a.code as agency from dataset d join agency a on a.id = d.agency_id order by d.key`,
        );
        if (opts.json) {
          print(JSON.stringify({ templates: ALL_TEMPLATES.map(publishTemplate), datasets: rows }, null, 2));
          return;
        }
        if (opts.kind) {
          const t = ALL_TEMPLATES.find((x) => x.kind === opts.kind!.toUpperCase());
          if (!t) {
            print(`No template "${opts.kind}". Kinds: ${ALL_TEMPLATES.map((x) => x.kind).join(', ')}.`);
            return;
          }
          print(`${t.title} (${t.kind}), due ${t.cadence.toLowerCase()}`);
          print(t.description);
          print(`Keeps at finest: location ${t.precision.location ?? 'none'}, time ${t.precision.time}${t.precision.ageBand ? ', age band' : ''}.`);
          print('');
          for (const c of t.columns) {
            print(`  ${c.name}${c.required ? ' (required)' : ''}: ${c.type} [${c.treatment}]`);
            print(`      ${c.description}`);
            print(`      ${c.note}`);
            if (c.allowedValues) print(`      values: ${c.allowedValues.join(', ')}`);
          }
          print('');
          for (const r of t.rules) print(`  - ${r}`);
          return;
        }
        if (!rows.length) print('No datasets yet. `npx hub demo` loads a demo partnership.');
        for (const d of rows) {
          const t = templateFor(d.kind as never);
          print(`${d.key.padEnd(22)} ${d.agency.padEnd(6)} ${d.kind.padEnd(18)} ${d.cadence.padEnd(10)} ${t.columns.map((c) => (c.required ? `${c.name}*` : c.name)).join(',')}`);
        }
        print('');
        print('Columns marked * are required. `npx hub datasets --kind <KIND>` explains a template; --json prints them all.');
      });
    });
}
