import { GroupBy } from '../../../domain/api-enums.js';
import type { DatasetKind } from '../../../domain/vocabulary.js';
import type { AggregateFilter } from '../../aggregate.service.js';
import { describeChange } from '../../analyses.service.js';
import { cellCount } from '../../cells.js';
import { lineChart } from '../../charts.js';
import type { ReportBuilder, SectionBuilder } from '../builder.js';
import { cnt, type Block } from '../model.js';
import { rollUp, yearly } from '../periods.js';
import { describeSources } from '../sources.js';

export interface Priority {
  key: string;
  /** The topic, in words; the section's title adds the kinds of data that answered it. */
  title: string;
  filter: Pick<AggregateFilter, 'kinds' | 'categories' | 'subcategories'>;
  /** The kinds of data the topic is counted from, as the section promises them. */
  kinds: readonly DatasetKind[];
  /** What a reader must keep in mind about a change in these figures. */
  caveat: string;
}

export const RECORDING_CAVEAT =
  'Recorded figures reflect how often people report and how agencies record, as well as how often things happen.';

/**
 * One section per priority: the direction of travel over whole years, the monthly line,
 * and the yearly table; a key finding for the summary when there is a change to report.
 */
export function trendSection(p: Priority, keyPrefix = 'trend'): SectionBuilder {
  return async (b: ReportBuilder) => {
    const monthly = await b.analyses.trend(b.plan, {
      filter: { ...p.filter, from: b.from, to: b.to },
      period: GroupBy.MONTH,
      rounding: b.rounding,
    });
    b.suppressed += monthly.suppressed;
    const key = `${keyPrefix}-${p.key}`;
    const coverage = b.coverage(p.kinds, monthly.sources);
    if (!monthly.sources.length) {
      const text = 'No data for this priority is shared with you for this purpose, so it is not assessed here.';
      return { key, title: p.title, blocks: [{ kind: 'p', text }], sources: describeSources([], monthly.excluded) };
    }
    const blocks: Block[] = coverage.notes.map((text) => ({ kind: 'p', text }));
    b.count({ sources: monthly.sources }, cellCount.trend(monthly));
    const title = b.titled(p.title, p.kinds, coverage);
    blocks.unshift(...directionOfTravel(b, p, title, monthly.series));
    blocks.push({
      kind: 'chart',
      alt: `${title}: records per month`,
      svg: await lineChart(
        `${title}: records per month`,
        monthly.series.map((m) => ({ label: m.label, value: m.value })),
      ),
    });
    const period = yearly(b.from);
    blocks.push({
      kind: 'table',
      caption: `${title} by ${period === GroupBy.YEAR ? 'calendar year' : 'financial year'}`,
      header: ['Year', 'Records', 'Note'],
      rows: rollUp(monthly.series, period, b.from, b.to).map((y) => [y.label, cnt(y), y.partial ? 'part year' : '']),
    });
    return { key, title, blocks, sources: describeSources(monthly.sources, monthly.excluded) };
  };
}

function directionOfTravel(
  b: ReportBuilder,
  p: Priority,
  title: string,
  series: Parameters<typeof rollUp>[0],
): Block[] {
  const complete = rollUp(series, yearly(b.from), b.from, b.to).filter((y) => !y.partial);
  if (complete.length < 2)
    return [{ kind: 'p', text: 'The period holds fewer than two complete years, so no direction of travel is given.' }];
  const first = complete[0];
  const last = complete[complete.length - 1];
  const change = describeChange(first, last);
  const yoy = describeChange(complete[complete.length - 2], last);
  if (change.percent !== null)
    b.find({
      theme: 'change',
      text: `${title}: ${change.text} between ${first.label} and ${last.label}.`,
      caveat: p.caveat,
      weight: Math.abs(change.percent),
    });
  return [
    {
      kind: 'p',
      text: `**Direction of travel:** ${change.text} between ${first.label} and ${last.label}.${complete.length > 2 ? ` Year on year: ${yoy.text}.` : ''}`,
    },
  ];
}
