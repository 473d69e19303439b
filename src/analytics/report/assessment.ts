import type { AccessPlan } from '../../auth/access-plan.js';
import { DatasetKind } from '../../domain/vocabulary.js';
import type { AnalysesService } from '../analyses.service.js';
import { buildSections, ReportBuilder, type ReportOptions, type SectionBuilder } from './builder.js';
import type { Report } from './model.js';
import { crossAgencySection } from './sections/cross-agency.js';
import { hotspotsSection } from './sections/hotspots.js';
import { peakTimesSection } from './sections/peak-times.js';
import { performanceSection } from './sections/performance.js';
import { repeatsSection } from './sections/repeats.js';
import { keyFindings, sourcesSection, summarySection } from './sections/summary.js';
import { RECORDING_CAVEAT, trendSection, type Priority } from './sections/trends.js';
import { merged } from './sources.js';

/**
 * The strategic assessment: the same sections for the GraphQL query and the CLI, built
 * from the analyses under the permissions of whoever asks. Each section has its own
 * builder (sections/); this module only says which, in what order.
 */

/** The partnership's standing priorities. */
export const DEFAULT_PRIORITIES: readonly Priority[] = [
  {
    key: 'violence',
    title: 'Violence against the person (police recorded)',
    filter: { kinds: [DatasetKind.POLICE_CRIME], categories: ['VIOLENCE_AGAINST_THE_PERSON'] },
    kinds: [DatasetKind.POLICE_CRIME],
    caveat: RECORDING_CAVEAT,
  },
  {
    key: 'asb',
    title: 'Anti-social behaviour',
    filter: { categories: ['ASB_PERSONAL', 'ASB_NUISANCE', 'ASB_ENVIRONMENTAL', 'ASB'] },
    kinds: [DatasetKind.POLICE_INCIDENT, DatasetKind.COUNCIL_REPORT],
    caveat: `${RECORDING_CAVEAT} Police incidents and council reports of the same behaviour may overlap.`,
  },
  {
    key: 'damage',
    title: 'Criminal damage and arson (police recorded)',
    filter: { kinds: [DatasetKind.POLICE_CRIME], categories: ['CRIMINAL_DAMAGE_AND_ARSON'] },
    kinds: [DatasetKind.POLICE_CRIME],
    caveat: RECORDING_CAVEAT,
  },
  {
    key: 'fires',
    title: 'Deliberate fires',
    filter: {
      kinds: [DatasetKind.FIRE_INCIDENT],
      categories: ['DELIBERATE_PRIMARY_FIRE', 'DELIBERATE_VEHICLE_FIRE', 'DELIBERATE_SECONDARY_FIRE'],
    },
    kinds: [DatasetKind.FIRE_INCIDENT],
    caveat: 'Secondary fires (refuse, grass) vary with the weather from year to year.',
  },
  {
    key: 'ae',
    title: 'Assault attendances at A&E',
    filter: { kinds: [DatasetKind.AE_ASSAULT] },
    kinds: [DatasetKind.AE_ASSAULT],
    caveat:
      'A&E data covers the departments that share it; attendances from outside the area are counted where they were treated.',
  },
  {
    key: 'alcohol',
    title: 'Alcohol-related hospital admissions',
    filter: { kinds: [DatasetKind.HEALTH_ADMISSION], categories: ['ALCOHOL_RELATED', 'ALCOHOL_TOXIC_EFFECT'] },
    kinds: [DatasetKind.HEALTH_ADMISSION],
    caveat: 'Admissions count stays in hospital, not people: one person may be admitted more than once.',
  },
];

export async function buildAssessment(
  analyses: AnalysesService,
  plan: AccessPlan,
  opts: ReportOptions & { priorities?: readonly Priority[] },
): Promise<Report> {
  const priorities = opts.priorities ?? DEFAULT_PRIORITIES;
  const b = await ReportBuilder.start(analyses, plan, opts);
  const builders: SectionBuilder[] = [
    ...priorities.map((p) => trendSection(p)),
    peakTimesSection(priorities[0]),
    hotspotsSection(priorities.slice(0, 2)),
    repeatsSection(),
    crossAgencySection(),
    performanceSection,
  ];
  const sections = await buildSections(b, builders);
  const findings = keyFindings(b.findings);
  return {
    ...opts.meta,
    kind: 'assessment',
    title: 'Partnership Strategic Assessment',
    from: opts.from,
    to: opts.to,
    preparedFor: opts.preparedFor,
    findings,
    sections: [summarySection(b, 'assessment', findings), ...sections, sourcesSection(b)],
    sources: merged(b.sources),
    suppressed: b.suppressed,
    cells: b.cells,
  };
}
