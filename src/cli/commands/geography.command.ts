import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { GeographyFileKind, ReleaseSummary } from '../../geography/release.js';

/** The loaders (proj4, stream-json, csv-parse) are imported only when a geography command runs. */
const loaders = () => import('../../geography/geography-import.service.js');
import { CliError, parsePositiveInt, print, withRuntime } from '../runtime.js';
import { resolveActor } from '../acting-account.js';

export const GEOGRAPHY_DESCRIPTION =
  "Load the Office for National Statistics' geography files (LSOA best-fit lookup, LSOA 2011 to 2021 lookup, mid-year population estimates, boundaries) for the partnership's areas. See docs/geography.md.";

/** The kinds as typed on the command line. */
const KINDS: Record<string, GeographyFileKind> = {
  lookup: 'LOOKUP',
  lsoa2011: 'LSOA_2011',
  lsoa_2011: 'LSOA_2011',
  population: 'POPULATION',
  boundaries: 'BOUNDARIES',
};

const AS = [
  '--as <username>',
  'act as this account (it must be an administrator); default: the partnership administrator at the console',
] as const;

function parseKind(value: string): GeographyFileKind {
  const kind = KINDS[value.trim().toLowerCase()];
  if (!kind) throw new CliError(`Unknown kind "${value}": choose lookup, lsoa2011, population or boundaries.`, 2);
  return kind;
}

/** A release summary as lines for a person. */
export function describeRelease(s: ReleaseSummary): string[] {
  const lines = [
    `Loaded ${s.release} (${s.kind.toLowerCase()}${s.fileName ? `, ${s.fileName}` : ''}): ${s.kept} of ${s.read} rows kept, ${s.outside} outside the partnership.`,
  ];
  for (const [change, n] of Object.entries(s.counts).sort()) {
    const codes = s.codes[change];
    lines.push(`  ${change}: ${n}${codes?.length ? ` (${codes.join(', ')}${n > codes.length ? ', ...' : ''})` : ''}`);
  }
  for (const note of s.notes) lines.push(`  ${note}`);
  return lines;
}

export function registerGeography(program: Command): void {
  const geography = program.command('geography').description(GEOGRAPHY_DESCRIPTION).enablePositionalOptions();
  importCommand(geography);
  keepCommand(geography);
  releasesCommand(geography);
}

function importCommand(geography: Command): void {
  geography
    .command('import')
    .description(
      'Load one ONS file as a release, replacing the previous release of its kind in one transaction (codes records still use are retired, not deleted), and report what changed.',
    )
    .argument('<kind>', 'lookup (LSOA best-fit lookup), lsoa2011 (LSOA 2011 to 2021 lookup), population, boundaries')
    .argument('<file>', 'the CSV (lookups, population) or GeoJSON (boundaries) file, as downloaded')
    .option(
      '--keep <codes>',
      'lookup: keep the areas in these Community Safety Partnership, local authority, county or police force area codes (comma-separated); default: the stored setting (geography keep)',
    )
    .option('--all', 'lookup: keep every row of the file')
    .option(
      '--year <year>',
      'population: the mid-year of the estimates (default: read from the file name)',
      parsePositiveInt('--year'),
    )
    .option('--release <name>', 'a name for the release (default: read from the columns, e.g. "LSOA21 WD24 LAD24")')
    .option(...AS)
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        kindArg: string,
        file: string,
        opts: { keep?: string; all?: boolean; year?: number; release?: string; as?: string; json?: boolean },
      ) => {
        const kind = parseKind(kindArg);
        await checkImportOptions(kind, file, opts);
        const { GeographyFileError, GeographyImportService } = await loaders();
        await withRuntime(async (rt) => {
          const service = new GeographyImportService(rt.pool, rt.services.audit);
          const actor = await resolveActor(rt.orm.em.fork(), opts.as);
          try {
            const summary = await service.importFile({
              kind,
              source: createReadStream(file),
              fileName: file,
              keep: opts.keep ? [opts.keep] : null,
              all: opts.all ?? false,
              year: opts.year ?? null,
              release: opts.release ?? null,
              actor,
            });
            if (opts.json) print(JSON.stringify(summary));
            else for (const line of describeRelease(summary)) print(line);
          } catch (err) {
            if (err instanceof GeographyFileError) throw new CliError(err.message, 2);
            throw err;
          }
        });
      },
    );
}

/** Usage errors of `geography import`, found before the database is opened. */
async function checkImportOptions(
  kind: GeographyFileKind,
  file: string,
  opts: { keep?: string; all?: boolean; year?: number },
): Promise<void> {
  if (opts.keep && opts.all) throw new CliError('Give --keep or --all, not both.', 2);
  if ((opts.keep || opts.all) && kind !== 'LOOKUP')
    throw new CliError('--keep and --all apply to the lookup: the other files keep the areas the lookup loaded.', 2);
  if (opts.year && kind !== 'POPULATION') throw new CliError('--year applies to population estimates.', 2);
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    throw new CliError(`Cannot read ${file}: no such file.`, 2);
  }
}

function keepCommand(geography: Command): void {
  geography
    .command('keep')
    .description(
      'Show or set the areas the partnership keeps from national lookups: its Community Safety Partnership, local authority, county or police force area codes (a county hub can give several).',
    )
    .argument('[codes...]', 'codes, e.g. E22000123 or E07000001,E07000002; none: show the setting')
    .option(...AS)
    .action(async (codes: string[], opts: { as?: string }) => {
      const { GeographyFileError, GeographyImportService } = await loaders();
      await withRuntime(async (rt) => {
        const service = new GeographyImportService(rt.pool, rt.services.audit);
        if (!codes.length) {
          const kept = await service.keep();
          print(
            kept
              ? `The partnership keeps the areas in ${kept.join(', ')}.`
              : 'No areas are set: `npx hub geography keep <codes>`.',
          );
          return;
        }
        try {
          const saved = await service.setKeep(await resolveActor(rt.orm.em.fork(), opts.as), codes);
          print(`The partnership keeps the areas in ${saved.join(', ')}. Load the lookup again to apply it.`);
        } catch (err) {
          if (err instanceof GeographyFileError) throw new CliError(err.message, 2);
          throw err;
        }
      });
    });
}

function releasesCommand(geography: Command): void {
  geography
    .command('releases')
    .description('The geography releases loaded, newest first, with what each changed.')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { GeographyImportService } = await loaders();
      await withRuntime(async (rt) => {
        const releases = await new GeographyImportService(rt.pool, rt.services.audit).releases();
        if (opts.json) {
          print(JSON.stringify(releases));
          return;
        }
        if (!releases.length) print('No geography loaded yet: see docs/geography.md.');
        for (const r of releases) {
          print(`${r.loadedAt.toISOString()} by ${r.loadedBy}`);
          for (const line of describeRelease(r)) print(`  ${line}`);
        }
      });
    });
}
