import { GroupBy } from '../../../domain/api-enums.js';
import { categoryLabel } from '../../../domain/labels.js';
import { londonDate } from '../../../domain/uk-time.js';
import type { AggregateFilter, AreaGroup } from '../../aggregate.service.js';
import { cellCount } from '../../cells.js';
import type { RepeatLocationsResult } from '../../repeat-analyses.js';
import type { ReportBuilder, SectionBuilder } from '../builder.js';
import { cnt, fmt, type Block } from '../model.js';
import { describeSources } from '../sources.js';

type Scope = Pick<AggregateFilter, 'kinds' | 'categories' | 'subcategories'>;

/** Repeat locations at 100 m where the reader may see that grain, by LSOA otherwise. */
async function repeatLocations(
  b: ReportBuilder,
  scope: Scope,
): Promise<{ level: AreaGroup; rl: RepeatLocationsResult }> {
  const ask = (level: AreaGroup, minCount: number) =>
    b.analyses.repeatLocations(b.plan, {
      filter: { ...scope, from: b.from, to: b.to },
      level,
      minCount,
      withinDays: 28,
      limit: 10,
    });
  const fine = await ask(GroupBy.GRID_100M, 5);
  if (fine.sources.length) return { level: GroupBy.GRID_100M, rl: fine };
  return { level: GroupBy.LSOA, rl: await ask(GroupBy.LSOA, 10) };
}

function placeBlocks(level: AreaGroup, rl: RepeatLocationsResult): Block[] {
  const place = level === GroupBy.GRID_100M ? '100 m grid square' : 'LSOA';
  if (!rl.rows.length)
    return [
      {
        kind: 'p',
        text: rl.sources.length
          ? `No place (${place}) had ${rl.minCount} or more records of the same category within ${rl.withinDays} days in the data shared with you for this purpose.`
          : 'No repeat locations could be assessed with the data shared with you for this purpose.',
      },
    ];
  return [
    {
      kind: 'p',
      text: `Places (${place}s) with at least ${rl.minCount} records of the same category within ${rl.withinDays} days.`,
    },
    {
      kind: 'table',
      caption: 'Repeat locations',
      header: ['Dataset', 'Place', 'Category', `Most in ${rl.withinDays} days`, 'Total', 'First', 'Last'],
      rows: rl.rows.map((r) => [
        r.dataset,
        r.name,
        categoryLabel(r.category),
        fmt(r.peakInWindow),
        fmt(r.total),
        r.firstAt ? londonDate(r.firstAt) : '-',
        r.lastAt ? londonDate(r.lastAt) : '-',
      ]),
    },
  ];
}

/**
 * Repeat locations (and, unless `victims` is false, repeat victims and patients, counts
 * only), for all data or one topic's.
 */
export function repeatsSection(
  opts: { key?: string; title?: string; intro?: string; scope?: Scope; victims?: boolean } = {},
): SectionBuilder {
  return async (b: ReportBuilder) => {
    const scope = opts.scope ?? {};
    const { level, rl } = await repeatLocations(b, scope);
    b.count({ sources: rl.sources }, cellCount.repeatLocations(rl));
    const blocks: Block[] = [
      ...(opts.intro ? [{ kind: 'p' as const, text: opts.intro }] : []),
      ...placeBlocks(level, rl),
    ];
    for (const n of rl.notes) blocks.push({ kind: 'p', text: n });
    const sources = [...rl.sources];
    const excluded = [...rl.excluded];
    if (opts.victims !== false) {
      const rv = await b.analyses.repeatVictims(b.plan, {
        filter: { ...scope, from: b.from, to: b.to },
        rounding: b.rounding,
      });
      b.count(rv, cellCount.repeatVictims(rv));
      sources.push(...rv.sources);
      excluded.push(...rv.excluded);
      if (rv.rows.length) {
        blocks.push({
          kind: 'table',
          caption: 'Repeat victims and patients (counts only)',
          header: ['Dataset', 'People', 'With more than one record', 'Their records', 'Share of all records'],
          rows: rv.rows.map((r) => [
            r.dataset,
            cnt(r.subjects),
            cnt(r.repeatSubjects),
            cnt(r.repeatRecords),
            r.repeatShare === null ? '*' : `${r.repeatShare.toFixed(1)}%`,
          ]),
        });
        blocks.push({ kind: 'p', text: rv.notes.join(' ') });
      }
    }
    return {
      key: opts.key ?? 'repeats',
      title: opts.title ?? 'Repeat locations and repeat victims',
      blocks,
      sources: describeSources(sources, excluded),
    };
  };
}
