import { GroupBy } from '../../../domain/api-enums.js';
import { DatasetKind } from '../../../domain/vocabulary.js';
import { choroplethSvg, type MapValue } from '../../../geography/map-svg.js';
import type { CrossAgencyResult } from '../../cross-agency.js';
import { cellCount } from '../../cells.js';
import type { ReportBuilder, SectionBuilder } from '../builder.js';
import { cnt, pct, type Block } from '../model.js';
import { describeSources } from '../sources.js';

const LOWER_BOUND =
  'a lower bound, ward by ward: in each ward at most as many attendances as police-recorded injuries can have been reported; the two are not linked record by record';

/** The Cardiff Model question: assault attendances at A&E against police-recorded violence, by ward. */
export function crossAgencySection(key = 'cross-agency'): SectionBuilder {
  return async (b: ReportBuilder) => {
    const ca = await b.analyses.crossAgency(b.plan, {
      filter: { from: b.from, to: b.to },
      level: GroupBy.WARD,
      rounding: b.rounding,
    });
    b.count(ca, cellCount.crossAgency(ca));
    const coverage = b.coverage([DatasetKind.POLICE_CRIME, DatasetKind.AE_ASSAULT], ca.sources);
    const blocks: Block[] = [
      {
        kind: 'p',
        text: `Across the partnership, ${cnt(ca.total.aeAssaults)} assault attendances at A&E against ${cnt(ca.total.policeViolenceWithInjury)} police-recorded violence with injury: at least ${pct(ca.total.unknownToPoliceShare)} of the attendances were not known to the police (${LOWER_BOUND}).`,
      },
      ...coverage.notes.map((text): Block => ({ kind: 'p', text })),
      {
        kind: 'table',
        caption: 'By ward',
        header: ['Ward', 'Police: violence', 'Police: with injury', 'A&E assaults', 'Unknown to police (at least)'],
        rows: ca.rows.map((r) => [
          r.name,
          cnt(r.policeViolence),
          cnt(r.policeViolenceWithInjury),
          cnt(r.aeAssaults),
          pct(r.unknownToPoliceShare),
        ]),
      },
    ];
    const map = await wardMap(b, ca);
    if (map) blocks.splice(1, 0, map);
    for (const n of ca.notes) blocks.push({ kind: 'p', text: n });
    if (ca.total.unknownToPoliceShare !== null && coverage.present.length === 2)
      b.find({
        theme: 'partners',
        text: `At least ${pct(ca.total.unknownToPoliceShare)} of the ${cnt(ca.total.aeAssaults)} assault attendances at A&E were not known to the police.`,
        caveat: `This is ${LOWER_BOUND}.`,
        weight: ca.total.unknownToPoliceShare,
      });
    return {
      key,
      title: 'Violence seen by A&E and by the police',
      blocks,
      sources: describeSources(ca.sources, ca.excluded),
    };
  };
}

async function wardMap(b: ReportBuilder, ca: CrossAgencyResult): Promise<Block | null> {
  const wards = ca.rows.length ? await b.opts.boundaries?.(GroupBy.WARD) : null;
  if (!wards) return null;
  const values = new Map<string, MapValue>(
    ca.rows.map((r) => [
      r.area,
      r.aeAssaults.suppressed || r.aeAssaults.value === null ? { suppressed: true } : { value: r.aeAssaults.value },
    ]),
  );
  const alt = `Map: assault attendances at A&E by ward, ${b.fromText} to ${b.toText}; suppressed wards hatched. The table has the figures.`;
  return {
    kind: 'chart',
    alt,
    svg: choroplethSvg(wards, values, {
      id: 'map-cross-agency',
      title: 'Assault attendances at A&E by ward',
      description: alt,
      measure: 'A&E assault attendances',
    }),
  };
}
