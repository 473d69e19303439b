import type { AggregateSource, Exclusion } from '../../aggregate.service.js';
import { cellCount } from '../../cells.js';
import type { ReportBuilder, SectionBuilder } from '../builder.js';
import { fmt, type Block } from '../model.js';
import { lastYearFrom } from '../periods.js';
import { describeSources } from '../sources.js';

/** The partnership's indicators, quarter by quarter over the last twelve months, against their targets. */
export const performanceSection: SectionBuilder = async (b: ReportBuilder) => {
  const perf = await b.analyses.indicators.results(b.plan, {
    from: lastYearFrom(b.from, b.toText),
    to: b.to,
    rounding: b.rounding,
  });
  const blocks: Block[] = [];
  const srcs: AggregateSource[] = [];
  const ex: Exclusion[] = [];
  if (!perf.length)
    blocks.push({ kind: 'p', text: 'No performance indicators have been set by the partnership administrator.' });
  for (const ind of perf) {
    srcs.push(...ind.sources);
    ex.push(...ind.excluded);
    b.suppressed += ind.suppressed;
    b.cells += cellCount.indicator(ind);
    blocks.push({
      kind: 'table',
      caption: `${ind.indicator.name} (${ind.indicator.better === 'LOWER' ? 'lower is better' : 'higher is better'})`,
      header: ['Quarter', 'Value', 'Target', 'Status', 'Against previous quarter'],
      rows: ind.quarters.map((q) => [
        q.label,
        fmt(q.value, q.suppressed),
        q.target === null ? 'none' : fmt(q.target),
        q.status.replace('_', ' ').toLowerCase(),
        q.direction.replace('_', ' ').toLowerCase(),
      ]),
    });
    for (const n of ind.notes) blocks.push({ kind: 'p', text: `${ind.indicator.name}: ${n}` });
  }
  b.sources.push(...srcs);
  return { key: 'performance', title: 'Performance against targets', blocks, sources: describeSources(srcs, ex) };
};
