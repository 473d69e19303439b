/**
 * The prescribed datasets each kind of agency supplies: a copy of DATASET_KINDS_BY_AGENCY in
 * src/domain/vocabulary.ts (the hub refuses any other kind for an agency). Keep the two equal:
 * datasetKinds.test.ts compares them.
 */
export const DATASET_KINDS_BY_AGENCY: Readonly<Record<string, readonly string[]>> = {
  POLICE: ['POLICE_CRIME', 'POLICE_INCIDENT'],
  HEALTH: ['HEALTH_ADMISSION', 'AE_ASSAULT'],
  AMBULANCE: ['AMBULANCE_CALLOUT'],
  FIRE: ['FIRE_INCIDENT'],
  COUNCIL: ['COUNCIL_REPORT'],
  PROBATION: [],
  YOUTH_OFFENDING_TEAM: [],
  INTEGRATED_CARE_BOARD: ['HEALTH_ADMISSION', 'AE_ASSAULT'],
  OTHER: [],
};

/** The dataset kinds an agency of this kind may register; none when the kind is unknown. */
export function datasetKindsFor(agencyKind: string | null | undefined): readonly string[] {
  return (agencyKind && DATASET_KINDS_BY_AGENCY[agencyKind]) || [];
}

/** Whether an agency of this kind supplies any dataset of its own. */
export function suppliesData(agencyKind: string | null | undefined): boolean {
  return datasetKindsFor(agencyKind).length > 0;
}

/** The kinds a dataset form offers: those the agency's kind supplies, or every kind while the agency is not known. */
export function kindsOffered(agencyKind: string | null | undefined, every: readonly string[]): readonly string[] {
  return agencyKind ? datasetKindsFor(agencyKind) : every;
}
