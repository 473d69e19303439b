import { addDays } from '../lib/format';

export type InboxKind = 'APPROVE' | 'ACCEPT' | 'REVIEW_DUE' | 'EXPIRING' | 'DPIA';

export interface InboxAgreement {
  reference: string;
  title: string;
  status: string;
  provider: { code: string; name: string };
  recipients: { code: string; name: string }[];
  acceptances: { agency: string; accepted: boolean }[];
  providerApprovedAt?: string | null;
  reviewDate: string;
  validTo: string;
  dpiaStatus: string;
  dpia?: { completedOn: string } | null;
}

export interface InboxItem {
  kind: InboxKind;
  reference: string;
  title: string;
  otherParty: string;
  /** Since when it has waited (a date or instant), or when it falls due. */
  since: string | null;
  sinceLabel: string;
  yours: boolean;
}

export const INBOX_HEADINGS: Record<InboxKind, string> = {
  APPROVE: 'Drafts awaiting your approval',
  ACCEPT: 'Approved, awaiting your acceptance',
  REVIEW_DUE: 'Reviews due within 60 days',
  EXPIRING: 'Expiring within 60 days',
  DPIA: 'DPIA missing or out of date',
};

const LIVE = new Set(['DRAFT', 'PROVIDER_APPROVED', 'ACTIVE', 'SUSPENDED']);

/**
 * Sorts a liaison officer's agreements into the inbox: what waits for their agency's step,
 * and what falls due within `days`. `draftedAt` gives when each draft was made (from the trail).
 */
export function classifyInbox(
  agreements: InboxAgreement[],
  agency: string,
  today: string,
  draftedAt: Record<string, string> = {},
  days = 60,
): InboxItem[] {
  const horizon = addDays(today, days);
  const items: InboxItem[] = [];
  for (const a of agreements) {
    const isProvider = a.provider.code === agency;
    const isRecipient = a.recipients.some((r) => r.code === agency);
    if (!isProvider && !isRecipient) continue;
    const other = isProvider ? a.recipients.map((r) => r.name).join(', ') : a.provider.name;
    const base = { reference: a.reference, title: a.title, otherParty: other };
    if (a.status === 'DRAFT' && isProvider) {
      items.push({
        ...base,
        kind: 'APPROVE',
        since: draftedAt[a.reference] ?? null,
        sinceLabel: 'Drafted',
        yours: true,
      });
    }
    if (a.status === 'PROVIDER_APPROVED' && isRecipient && !a.acceptances.find((x) => x.agency === agency)?.accepted) {
      items.push({
        ...base,
        otherParty: a.provider.name,
        kind: 'ACCEPT',
        since: a.providerApprovedAt ?? null,
        sinceLabel: 'Approved',
        yours: true,
      });
    }
    if ((a.status === 'ACTIVE' || a.status === 'SUSPENDED') && a.reviewDate <= horizon) {
      items.push({
        ...base,
        kind: 'REVIEW_DUE',
        since: a.reviewDate,
        sinceLabel: a.reviewDate < today ? 'Review overdue since' : 'Review due',
        yours: isProvider,
      });
    }
    if (
      (a.status === 'ACTIVE' || a.status === 'SUSPENDED' || a.status === 'PROVIDER_APPROVED') &&
      a.validTo <= horizon
    ) {
      items.push({ ...base, kind: 'EXPIRING', since: a.validTo, sinceLabel: 'Ends', yours: isProvider });
    }
    if (LIVE.has(a.status) && a.dpiaStatus !== 'CURRENT') {
      items.push({
        ...base,
        kind: 'DPIA',
        since: a.dpia?.completedOn ?? null,
        sinceLabel: a.dpiaStatus === 'MISSING' ? 'Never recorded' : 'Completed',
        yours: isProvider,
      });
    }
  }
  // Oldest waiting first; undated last.
  return items.sort((x, y) => (x.since ?? '9999').localeCompare(y.since ?? '9999'));
}

/** The agreement.draft event's time per reference, from admin events (newest first). */
export function draftTimes(
  events: { action: string; at: string; agreementReferences: string[]; details?: Record<string, unknown> | null }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) {
    if (e.action !== 'agreement.draft') continue;
    const after = (e.details?.after ?? null) as { reference?: string } | null;
    const refs = e.agreementReferences.length ? e.agreementReferences : after?.reference ? [after.reference] : [];
    for (const r of refs) out[r] = e.at;
  }
  return out;
}
