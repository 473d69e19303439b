import { GroupBy } from '../../../domain/api-enums.js';
import { londonDate } from '../../../domain/uk-time.js';
import { choroplethSvg, type MapValue } from '../../../geography/map-svg.js';
import type { AggregateSource, Exclusion } from '../../aggregate.service.js';
import type { HotspotsResult } from '../../analyses.service.js';
import { cellCount } from '../../cells.js';
import type { ReportBuilder, SectionBuilder } from '../builder.js';
import { fmt, type Block } from '../model.js';
import { lastYearFrom } from '../periods.js';
import { describeSources } from '../sources.js';
import type { Priority } from './trends.js';

const SMALL_AREA_CAVEAT =
  'Counts in small areas vary from year to year by chance; a rise on small numbers may not last. The previous figure is for the same length of time just before.';

/** Where: for each topic, the ten LSOAs with most records in the last twelve months, mapped and tabled. */
export function hotspotsSection(
  topics: readonly Priority[],
  key = 'hotspots',
  sectionTitle = 'Hotspot locations',
): SectionBuilder {
  return async (b: ReportBuilder) => {
    const since = lastYearFrom(b.from, b.toText);
    const blocks: Block[] = [];
    const srcs: AggregateSource[] = [];
    const ex: Exclusion[] = [];
    for (const p of topics) {
      const hs = await b.analyses.hotspots(b.plan, {
        filter: { ...p.filter, from: since, to: b.to },
        level: GroupBy.LSOA,
        top: 10,
        rounding: b.rounding,
      });
      b.suppressed += hs.suppressed;
      ex.push(...hs.excluded);
      if (!hs.rows.length) {
        blocks.push({ kind: 'p', text: `${p.title}: no area-level data is shared with you for this purpose.` });
        continue;
      }
      srcs.push(...hs.sources);
      b.cells += cellCount.hotspots(hs);
      const coverage = b.coverage(p.kinds, hs.sources);
      const title = b.titled(p.title, p.kinds, coverage);
      blocks.push(...coverage.notes.map((text): Block => ({ kind: 'p', text: `${p.title}: ${text}` })));
      const map = await hotspotMap(b, hs, p, title, since);
      if (map) blocks.push(map);
      blocks.push({
        kind: 'table',
        caption: `${title}: top LSOAs, ${londonDate(since)} to ${b.toText}, against the same length of time before`,
        header: ['LSOA', 'Name', 'Records', 'Previous', 'Change', 'Per 1,000 residents'],
        rows: hs.rows.map((r) => [
          r.area,
          r.name,
          fmt(r.current, r.currentSuppressed),
          fmt(r.previous, r.previousSuppressed),
          r.changePercent === null ? 'n/a' : `${r.changePercent > 0 ? '+' : ''}${r.changePercent.toFixed(1)}%`,
          r.rate === null ? 'n/a' : r.rate.toFixed(1),
        ]),
      });
      emerging(b, hs, title);
    }
    b.sources.push(...srcs);
    return { key, title: sectionTitle, blocks, sources: describeSources(srcs, ex) };
  };
}

/** Fewer records than this in an area are too few to call it an emerging hotspot. */
const EMERGING_MIN = 10;

/**
 * The top area whose count rose most on the period before (in records, among areas with
 * at least EMERGING_MIN now and a rise of at least a quarter): an emerging hotspot for
 * the summary. A rise from 2 to 8 is noise, not a finding.
 */
function emerging(b: ReportBuilder, hs: HotspotsResult, title: string): void {
  const rising = hs.rows
    .filter(
      (r) =>
        r.current !== null &&
        r.previous !== null &&
        r.current >= EMERGING_MIN &&
        r.changePercent !== null &&
        r.changePercent >= 25,
    )
    .sort((x, y) => y.current! - y.previous! - (x.current! - x.previous!))[0];
  if (!rising) return;
  b.find({
    theme: 'hotspot',
    text: `${rising.name} (${rising.area}) is among the ten areas with most ${title.charAt(0).toLowerCase()}${title.slice(1)}, with ${fmt(rising.current)} in the last twelve months, up ${rising.changePercent!.toFixed(1)}% from ${fmt(rising.previous)}.`,
    caveat: SMALL_AREA_CAVEAT,
    weight: rising.current! - rising.previous!,
  });
}

async function hotspotMap(
  b: ReportBuilder,
  hs: HotspotsResult,
  p: Priority,
  title: string,
  since: Date,
): Promise<Block | null> {
  const lsoas = await b.opts.boundaries?.(GroupBy.LSOA);
  if (!lsoas) return null;
  const values = new Map<string, MapValue>(
    hs.rows.map((r) => [
      r.area,
      r.currentSuppressed || r.current === null ? { suppressed: true } : { value: r.current },
    ]),
  );
  const alt = `Map: ${title.toLowerCase()}, the top ${hs.rows.length} LSOAs by records, ${londonDate(since)} to ${b.toText}; other LSOAs grey. The table below has the figures.`;
  return {
    kind: 'chart',
    alt,
    svg: choroplethSvg(lsoas, values, {
      id: `map-hotspots-${p.key}`,
      title: `${title}: top LSOAs`,
      description: alt,
      measure: 'Records',
      noDataLabel: `Not in the top ${hs.rows.length}`,
    }),
  };
}
