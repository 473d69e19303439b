import { cellCount } from '../../cells.js';
import { heatmap } from '../../charts.js';
import type { ReportBuilder, SectionBuilder } from '../builder.js';
import { cnt, fmt, type Block } from '../model.js';
import { describeSources } from '../sources.js';
import type { Priority } from './trends.js';

/** When: the busiest days and hours of the week for one topic, as a heatmap and a table. */
export function peakTimesSection(topic: Priority, key = 'peak-times', sectionTitle?: string): SectionBuilder {
  return async (b: ReportBuilder) => {
    const peak = await b.analyses.peakTimes(b.plan, {
      filter: { ...topic.filter, from: b.from, to: b.to },
      rounding: b.rounding,
    });
    b.suppressed += peak.suppressed;
    const coverage = b.coverage(topic.kinds, peak.sources);
    const title = sectionTitle ?? `Peak days and times: ${topic.title.charAt(0).toLowerCase()}${topic.title.slice(1)}`;
    const blocks: Block[] = [];
    if (!peak.sources.length) {
      blocks.push({ kind: 'p', text: 'No data with times of day is shared with you for this purpose.' });
      return { key, title, blocks, sources: describeSources(peak.sources, peak.excluded) };
    }
    b.count({ sources: peak.sources }, cellCount.peakTimes(peak));
    const busiest =
      peak.peaks
        .slice(0, 3)
        .map((x) => `${x.label} (${fmt(x.value)})`)
        .join(', ') || 'not available';
    if (sectionTitle) blocks.push({ kind: 'p', text: `Counted for ${topic.title.toLowerCase()}.` });
    blocks.push({
      kind: 'p',
      text: `Busiest day: **${peak.peakDay ?? 'n/a'}**; busiest hour: **${peak.peakHour ?? 'n/a'}**. The busiest hours of the week were ${busiest}. Records whose time is known only to the day are left out.`,
    });
    blocks.push(...coverage.notes.map((text): Block => ({ kind: 'p', text })));
    const shown = b.titled(topic.title, topic.kinds, coverage);
    if (peak.peakDay && peak.peakHour)
      b.find({
        theme: 'time',
        text: `${shown} is busiest on ${peak.peakDay}s and in the hour from ${peak.peakHour}; the busiest hours of the week were ${busiest}.`,
        caveat:
          'Records whose time is known only to the day are left out; times are when the event happened, as recorded.',
        weight: peak.peaks[0]?.value ?? 0,
      });
    blocks.push({
      kind: 'chart',
      alt: `${shown} by day of week and hour`,
      svg: await heatmap(`${shown} by day and hour`, peak.cells),
    });
    blocks.push({
      kind: 'table',
      caption: 'By day of week',
      header: ['Day', 'Records'],
      rows: peak.days.map((d) => [d.label, cnt(d)]),
    });
    return { key, title, blocks, sources: describeSources(peak.sources, peak.excluded) };
  };
}
