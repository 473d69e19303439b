import { badInput } from '../auth/errors.js';
import type { DpiaOutcome } from '../domain/vocabulary.js';
import { validDate } from './agreement-input.js';

/* An agreement's data protection impact assessment (DPIA): the record of it, and whether it can be relied on. */

export interface DpiaRecord {
  document: string;
  completedOn: string;
  outcome: DpiaOutcome;
  signedOffBy: string;
  dataFlows: string;
}

export type DpiaStatus = 'MISSING' | 'CURRENT' | 'OUT_OF_DATE';

/**
 * Whether an agreement's DPIA can be relied on: missing; out of date when it was
 * completed before the agreement's latest review (a review must revisit it) or more
 * than a year ago; otherwise current.
 */
export function dpiaStatus(
  a: { dpiaCompletedOn?: string | null; lastReviewedAt?: Date | null },
  today: string,
): DpiaStatus {
  if (!a.dpiaCompletedOn) return 'MISSING';
  const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  if (a.dpiaCompletedOn < yearAgo) return 'OUT_OF_DATE';
  if (a.lastReviewedAt && a.dpiaCompletedOn < a.lastReviewedAt.toISOString().slice(0, 10)) return 'OUT_OF_DATE';
  return 'CURRENT';
}

/** The DPIA as recorded: the completion date a real date, the texts trimmed and present and within their lengths. */
export function normaliseDpiaRecord(input: DpiaRecord): DpiaRecord {
  const completedOn = validDate('completedOn', input.completedOn);
  const text = (field: keyof DpiaRecord, max: number) => {
    const v = String(input[field] ?? '').trim();
    if (!v)
      throw badInput(
        `The DPIA needs ${field === 'document' ? "the document's reference or link" : field === 'signedOffBy' ? 'who signed it off' : 'a description of the data flows'}.`,
        { field },
      );
    if (v.length > max) throw badInput(`\`${field}\` is at most ${max} characters.`, { field });
    return v;
  };
  const document = text('document', 500);
  const signedOffBy = text('signedOffBy', 200);
  const dataFlows = text('dataFlows', 4000);
  return { document, completedOn, outcome: input.outcome, signedOffBy, dataFlows };
}

/** An agreement's DPIA as recorded (null when none is), for its views in the API and the audit trail. */
export function dpiaView(a: {
  dpiaDocument?: string | null;
  dpiaCompletedOn?: string | null;
  dpiaOutcome?: DpiaOutcome | null;
  dpiaSignedOffBy?: string | null;
  dataFlows?: string | null;
}) {
  return a.dpiaCompletedOn
    ? {
        document: a.dpiaDocument ?? null,
        completedOn: a.dpiaCompletedOn,
        outcome: a.dpiaOutcome ?? null,
        signedOffBy: a.dpiaSignedOffBy ?? null,
        dataFlows: a.dataFlows ?? null,
      }
    : null;
}
