import type { Command } from 'commander';
import { Cadence, DatasetKind } from '../../domain/vocabulary.js';
import type { Dataset } from '../../entities/dataset.entity.js';
import type { DatasetTemplate } from '../../ingest/template.js';
import { ALL_TEMPLATES, publishTemplate, templateFor } from '../../ingest/templates.js';
import type { Runtime } from '../../runtime.js';
import { DatasetAdminService } from '../../admin/datasets-admin.service.js';
import { print, withRuntime } from '../runtime.js';
import { resolveActor } from '../acting-account.js';
import { parseOne } from '../option-parsers.js';
import { runAdmin } from '../run-admin.js';

const DATASETS_DESCRIPTION =
  "List the datasets and the templates partners' files must follow (columns, accepted values, what the hub keeps); register a dataset for an agency (create) or rename it (update).";

const datasetAdmin = new DatasetAdminService();

const AS = [
  '--as <username>',
  'act as this account (its roles and agency are checked); default: the partnership administrator at the console',
] as const;

const datasetLine = (d: Dataset) =>
  `${d.key.padEnd(22)} ${d.agency.code.padEnd(6)} ${d.kind.padEnd(18)} ${d.cadence.padEnd(10)} ${d.name}`;
const datasetJson = (d: Dataset) => ({
  id: d.id,
  key: d.key,
  name: d.name,
  kind: d.kind,
  cadence: d.cadence,
  agency: d.agency.code,
});

export function registerDatasets(program: Command): void {
  const datasets = program
    .command('datasets')
    .description(DATASETS_DESCRIPTION)
    // `datasets create --kind ...`: the subcommand's options are its own, not the listing's.
    .enablePositionalOptions()
    .option(
      '--json',
      'print {templates, datasets} as JSON: every template in full, and each dataset with its template kind',
    )
    .option('--kind <kind>', 'show one template in full, e.g. AE_ASSAULT')
    .action(async (opts: { json?: boolean; kind?: string }) => {
      await withRuntime((rt) => listDatasets(rt, opts));
    });
  createCommand(datasets);
  updateCommand(datasets);
}

function createCommand(datasets: Command): void {
  datasets
    .command('create')
    .description(
      'Register a dataset of an agency: its systems can then import into it (POST /import/<key>, `hub import`) and its agreements share it.',
    )
    .argument('<key>', "stable key, starting with the agency's code in lower case, e.g. wfrs-fires")
    .requiredOption('--agency <code>', 'the agency whose data it is')
    .requiredOption(
      '--kind <kind>',
      `the prescribed kind (its template): ${Object.values(DatasetKind).join(', ')}`,
      parseOne('--kind', Object.values(DatasetKind)),
    )
    .requiredOption('--name <name>', 'full name, e.g. "Wessex Fire and Rescue deliberate fires"')
    .option(
      '--cadence <cadence>',
      `when submissions fall due: ${Object.values(Cadence).join(', ')} (default: the template's; another needs an administrator)`,
      parseOne('--cadence', Object.values(Cadence)),
    )
    .option(...AS)
    .option('--json', 'print JSON')
    .action(
      async (
        key: string,
        opts: { agency: string; kind: DatasetKind; name: string; cadence?: Cadence; as?: string; json?: boolean },
      ) => {
        await runAdmin(async (_rt, em) => {
          const d = await datasetAdmin.createDataset(em, await resolveActor(em, opts.as), {
            agency: opts.agency,
            key,
            kind: opts.kind,
            name: opts.name,
            cadence: opts.cadence ?? null,
          });
          print(opts.json ? JSON.stringify(datasetJson(d)) : `Registered ${datasetLine(d)}`);
        });
      },
    );
}

function updateCommand(datasets: Command): void {
  datasets
    .command('update')
    .description('Rename a dataset, or (administrators) change its cadence. Its key, kind and agency never change.')
    .argument('<key>')
    .option('--name <name>')
    .option('--cadence <cadence>', Object.values(Cadence).join(', '), parseOne('--cadence', Object.values(Cadence)))
    .option(...AS)
    .option('--json', 'print JSON')
    .action(async (key: string, opts: { name?: string; cadence?: Cadence; as?: string; json?: boolean }) => {
      await runAdmin(async (_rt, em) => {
        const d = await datasetAdmin.updateDataset(em, await resolveActor(em, opts.as), key, {
          name: opts.name ?? null,
          cadence: opts.cadence ?? null,
        });
        print(opts.json ? JSON.stringify(datasetJson(d)) : `Updated ${datasetLine(d)}`);
      });
    });
}

/** `hub datasets`: every template in full as JSON, one template explained, or the datasets with their columns. */
async function listDatasets(rt: Runtime, opts: { json?: boolean; kind?: string }): Promise<void> {
  const { rows } = await rt.pool.query<{
    key: string;
    name: string;
    kind: string;
    cadence: string;
    agency: string;
  }>(
    `select d.key, d.name, d.kind, d.cadence, a.code as agency from dataset d join agency a on a.id = d.agency_id order by d.key`,
  );
  if (opts.json) {
    print(JSON.stringify({ templates: ALL_TEMPLATES.map(publishTemplate), datasets: rows }, null, 2));
    return;
  }
  if (opts.kind) {
    const t = ALL_TEMPLATES.find((x) => x.kind === opts.kind!.toUpperCase());
    if (!t) print(`No template "${opts.kind}". Kinds: ${ALL_TEMPLATES.map((x) => x.kind).join(', ')}.`);
    else printTemplate(t);
    return;
  }
  if (!rows.length)
    print('No datasets yet. `npx hub datasets create KEY --agency CODE --kind KIND --name NAME` registers one.');
  for (const d of rows) {
    const t = templateFor(d.kind as never);
    print(
      `${d.key.padEnd(22)} ${d.agency.padEnd(6)} ${d.kind.padEnd(18)} ${d.cadence.padEnd(10)} ${t.columns.map((c) => (c.required ? `${c.name}*` : c.name)).join(',')}`,
    );
  }
  print('');
  print('Columns marked * are required. `npx hub datasets --kind <KIND>` explains a template; --json prints them all.');
}

/** One template in words: what it keeps, its columns and its rules. */
function printTemplate(t: DatasetTemplate): void {
  print(`${t.title} (${t.kind}), due ${t.cadence.toLowerCase()}`);
  print(t.description);
  print(
    `Keeps at finest: location ${t.precision.location ?? 'none'}, time ${t.precision.time}${t.precision.ageBand ? ', age band' : ''}.`,
  );
  print('');
  for (const c of t.columns) {
    print(`  ${c.name}${c.required ? ' (required)' : ''}: ${c.type} [${c.treatment}]`);
    print(`      ${c.description}`);
    print(`      ${c.note}`);
    if (c.allowedValues) print(`      values: ${c.allowedValues.join(', ')}`);
  }
  print('');
  for (const r of t.rules) print(`  - ${r}`);
}
