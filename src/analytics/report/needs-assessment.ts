import type { AccessPlan } from '../../auth/access-plan.js';
import { capitalise } from '../../domain/labels.js';
import { DatasetKind } from '../../domain/vocabulary.js';
import type { AnalysesService } from '../analyses.service.js';
import {
  entryInWords,
  seriousViolenceFilters,
  type SeriousViolenceDefinition,
  type SeriousViolenceEntry,
} from '../serious-violence.js';
import type { StoredSeriousViolenceDefinition } from '../serious-violence.service.js';
import { buildSections, ReportBuilder, type ReportOptions, type SectionBuilder } from './builder.js';
import type { Report, Section } from './model.js';
import { crossAgencySection } from './sections/cross-agency.js';
import { hotspotsSection } from './sections/hotspots.js';
import { peakTimesSection } from './sections/peak-times.js';
import { profilesSection, type ProfileScope } from './sections/profiles.js';
import { repeatsSection } from './sections/repeats.js';
import { keyFindings, sourcesSection, summarySection } from './sections/summary.js';
import { RECORDING_CAVEAT, trendSection, type Priority } from './sections/trends.js';
import { merged } from './sources.js';

/**
 * The Serious Violence Duty's strategic needs assessment (Police, Crime, Sentencing and
 * Courts Act 2022, Part 2): serious violence as the partnership defines it, by type, where,
 * when and who, the A&E picture against police recording, repeat locations, and the data
 * behind it with its gaps. Built from the same section builders as the strategic
 * assessment, under the same disclosure control and audit.
 */

const CAVEATS: Partial<Record<DatasetKind, string>> = {
  [DatasetKind.AE_ASSAULT]:
    'A&E data covers the departments that share it; many assaults treated there are never reported to the police.',
  [DatasetKind.HEALTH_ADMISSION]:
    'Admissions count stays in hospital, not people; only the most serious injuries are admitted.',
  [DatasetKind.AMBULANCE_CALLOUT]:
    'Call-outs are coded from the call, before the crew attends; some are later found not to be assaults.',
};

/** One topic per entry of the definition: the "types" of serious violence the pack reports on. */
export function definitionTopics(definition: SeriousViolenceDefinition): Priority[] {
  return definition.entries.map((e: SeriousViolenceEntry) => ({
    key: `${e.kind}-${e.category}`.toLowerCase().replace(/_/g, '-'),
    title: entryInWords(e),
    filter: { kinds: [e.kind], categories: [e.category], subcategories: e.subcategories ?? undefined },
    kinds: [e.kind],
    caveat: CAVEATS[e.kind] ?? RECORDING_CAVEAT,
  }));
}

/** The definition's pieces, grouped by kind of data (for the profiles, which add the pieces up). */
function profileScopes(definition: SeriousViolenceDefinition): ProfileScope[] {
  const byKind = new Map<DatasetKind, ProfileScope>();
  for (const f of seriousViolenceFilters(definition)) {
    const kind = f.kinds[0];
    const scope = byKind.get(kind) ?? { kind, filters: [] };
    byKind.set(kind, { ...scope, filters: [...scope.filters, f] });
  }
  return [...byKind.values()];
}

function definitionSection(stored: StoredSeriousViolenceDefinition): SectionBuilder {
  return async () => ({
    key: 'sv-definition',
    title: 'The serious violence definition',
    blocks: [
      {
        kind: 'p',
        text: stored.adopted
          ? `The partnership counts as serious violence (set${stored.updatedBy ? ` by ${stored.updatedBy}` : ''}${stored.updatedAt ? ` on ${stored.updatedAt.toISOString().slice(0, 10)}` : ''}):`
          : "The partnership has not set its own definition: the hub's default, after the Home Office guidance on the Serious Violence Duty, counts as serious violence:",
      },
      { kind: 'list', items: stored.definition.entries.map(entryInWords) },
    ],
    sources: [],
  });
}

/** Duty holders whose data the hub cannot hold yet, and the definition's kinds the reader's figures lack. */
function gaps(b: ReportBuilder, definition: SeriousViolenceDefinition): string[] {
  const kinds = [...new Set(definition.entries.map((e) => e.kind))];
  const out = b
    .coverage(kinds, b.sources)
    .notes.map((n) => n.replace(', so this section leaves them out', ', so this assessment leaves them out'));
  out.push(
    'Youth offending teams and probation are duty holders, but the hub has no prescribed dataset for them yet: what they know of the young people and adults they supervise is not in these figures.',
  );
  return out;
}

export async function buildNeedsAssessment(
  analyses: AnalysesService,
  plan: AccessPlan,
  opts: ReportOptions & { seriousViolence: StoredSeriousViolenceDefinition },
): Promise<Report> {
  const { definition } = opts.seriousViolence;
  const topics = definitionTopics(definition);
  const b = await ReportBuilder.start(analyses, plan, opts);
  const placed = topics.filter((t) => t.kinds[0] === DatasetKind.POLICE_CRIME || t.kinds[0] === DatasetKind.AE_ASSAULT);
  const builders: SectionBuilder[] = [
    definitionSection(opts.seriousViolence),
    ...topics.map((t) => trendSection(t, 'sv')),
    hotspotsSection(placed.slice(0, 3), 'sv-where', 'Where: hotspot locations'),
  ];
  if (topics.length)
    builders.push(peakTimesSection(topics[0], 'sv-when', `When: peak days and times (${topics[0].title})`));
  builders.push(
    profilesSection(profileScopes(definition)),
    crossAgencySection('sv-ae-police'),
    repeatsSection({
      key: 'sv-repeats',
      title: 'Repeat locations and repeat victims',
      intro: topics.length ? `Counted for ${topics[0].title.toLowerCase()}.` : undefined,
      scope: topics[0]?.filter,
    }),
  );
  const sections: Section[] = await buildSections(b, builders);
  const findings = keyFindings(b.findings);
  return {
    ...opts.meta,
    kind: 'sna',
    title: 'Serious Violence Strategic Needs Assessment',
    from: opts.from,
    to: opts.to,
    preparedFor: opts.preparedFor,
    findings,
    sections: [
      summarySection(b, 'needs assessment', findings),
      ...sections,
      sourcesSection(b, gaps(b, definition).map(capitalise)),
    ],
    sources: merged(b.sources),
    suppressed: b.suppressed,
    cells: b.cells,
  };
}
