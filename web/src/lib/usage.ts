import { suppliesData } from './datasetKinds';

interface AgencyLike {
  code: string;
  kind?: string | null;
}

/**
 * Whose data "Who used our data" shows first: the reader's own agency; for administrators
 * and auditors (who may choose any) the first agency in the list when their own agency
 * supplies no data of its own (or is not in the list). '' while the list is loading.
 */
export function defaultUsageAgency(
  own: AgencyLike | null | undefined,
  anyAgency: boolean,
  agencies: readonly AgencyLike[] | null | undefined,
): string {
  if (!anyAgency) return own?.code ?? '';
  if (!agencies) return '';
  const mine = own ? agencies.find((a) => a.code === own.code) : undefined;
  if (mine && suppliesData(mine.kind ?? own?.kind)) return mine.code;
  return agencies[0]?.code ?? own?.code ?? '';
}
