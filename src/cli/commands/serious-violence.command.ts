import type { Command } from 'commander';
import {
  DEFAULT_SERIOUS_VIOLENCE_DEFINITION,
  entryInWords,
  seriousViolenceFilters,
  type SeriousViolenceDefinitionInput,
} from '../../analytics/serious-violence.js';
import {
  loadSeriousViolenceDefinition,
  setSeriousViolenceDefinition,
  type StoredSeriousViolenceDefinition,
} from '../../analytics/serious-violence.service.js';
import { CliError, print, readJsonFile } from '../runtime.js';
import { resolveActor } from '../acting-account.js';
import { runAdmin } from '../run-admin.js';

/*
 * `hub serious-violence show|set`: the partnership's serious violence definition, the
 * same service as the API's seriousViolenceDefinition and setSeriousViolenceDefinition.
 */

function describe(d: StoredSeriousViolenceDefinition): string[] {
  const source = d.adopted
    ? `set by ${d.updatedBy ?? 'unknown'} on ${d.updatedAt?.toISOString() ?? '-'}${d.isDefault ? " (the same as the hub's default)" : ''}`
    : "the hub's default (no partnership definition set)";
  return [`Serious violence definition: ${source}`, ...d.definition.entries.map((e) => `  ${entryInWords(e)}`)];
}

const asJson = (d: StoredSeriousViolenceDefinition) => ({
  entries: d.definition.entries,
  isDefault: d.isDefault,
  adopted: d.adopted,
  updatedAt: d.updatedAt?.toISOString() ?? null,
  updatedBy: d.updatedBy,
  filters: seriousViolenceFilters(d.definition),
});

export function registerSeriousViolence(program: Command): void {
  const sv = program
    .command('serious-violence')
    .description(
      "The partnership's serious violence definition (Serious Violence Duty): which categories of which kinds of data count. See docs/analytics.md.",
    );

  sv.command('show')
    .description("Print the definition in force (the hub's default until one is set), in words or as JSON.")
    .option('--json', 'print JSON: the entries, whether it is the default, and the filters analyses count by')
    .action(async (opts: { json?: boolean }) => {
      await runAdmin(async (rt) => {
        const d = await loadSeriousViolenceDefinition(rt.pool);
        if (opts.json) print(JSON.stringify(asJson(d)));
        else for (const l of describe(d)) print(l);
      });
    });

  sv.command('set')
    .description(
      'Set the definition from a JSON file: {"entries": [{"kind": "POLICE_CRIME", "category": "VIOLENCE_AGAINST_THE_PERSON", "subcategories": ["HOMICIDE", "VIOLENCE_WITH_INJURY"]}, {"kind": "AE_ASSAULT", "category": "ASSAULT"}, ...]} (leave "subcategories" out to count the whole category), or go back to the default with --default. Audited.',
    )
    .option('--file <definition.json>', 'the definition')
    .option('--default', "set the hub's default")
    .option('--as <username>', 'act as this account (a partnership administrator)')
    .option('--json', 'print JSON')
    .action(async (opts: { file?: string; default?: boolean; as?: string; json?: boolean }) => {
      if (!opts.file === !opts.default) throw new CliError('Give either --file <definition.json> or --default.', 2);
      const input = opts.file
        ? await readJsonFile<SeriousViolenceDefinitionInput>(opts.file)
        : DEFAULT_SERIOUS_VIOLENCE_DEFINITION;
      await runAdmin(async (_rt, em) => {
        const d = await setSeriousViolenceDefinition(em, await resolveActor(em, opts.as), input);
        if (opts.json) print(JSON.stringify(asJson(d)));
        else for (const l of describe(d)) print(l);
      });
    });
}
