/** The purposes agreements are made for: declared on every request that reads partner data. */
export const PURPOSES = [
  'STRATEGIC_ASSESSMENT',
  'PARTNERSHIP_PLAN',
  'PERFORMANCE_MONITORING',
  'TACTICAL_TASKING',
  'PROBLEM_SOLVING',
] as const;

export type PurposeName = (typeof PURPOSES)[number];

const LABELS: Record<PurposeName, string> = {
  STRATEGIC_ASSESSMENT: 'Strategic assessment',
  PARTNERSHIP_PLAN: 'Partnership plan',
  PERFORMANCE_MONITORING: 'Performance monitoring',
  TACTICAL_TASKING: 'Tactical tasking',
  PROBLEM_SOLVING: 'Problem solving',
};

export function isPurpose(value: unknown): value is PurposeName {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}

export function purposeLabel(purpose: PurposeName): string {
  return LABELS[purpose];
}

export const PURPOSE_STORAGE_KEY = 'hub.purpose';
