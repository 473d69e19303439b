/**
 * The agreement statuses in which the hub takes a DPIA: the four live ones (the `dpia`
 * transition's `from: LIVE` in src/agreements/agreement-lifecycle.ts). A revoked or expired
 * agreement keeps its recorded DPIA, read-only.
 */
export const DPIA_RECORDABLE_STATUSES: readonly string[] = ['DRAFT', 'PROVIDER_APPROVED', 'ACTIVE', 'SUSPENDED'];

export function dpiaRecordable(status: string): boolean {
  return DPIA_RECORDABLE_STATUSES.includes(status);
}
