import { Tag } from '../components/forms';
import { humanise } from '../lib/format';

const STATUS: Record<string, { text: string; colour: Parameters<typeof Tag>[0]['colour'] }> = {
  DRAFT: { text: 'Draft', colour: 'grey' },
  PROVIDER_APPROVED: { text: 'Approved by provider', colour: 'blue' },
  ACTIVE: { text: 'Active', colour: 'green' },
  SUSPENDED: { text: 'Suspended', colour: 'orange' },
  REVOKED: { text: 'Revoked', colour: 'red' },
  EXPIRED: { text: 'Expired', colour: 'grey' },
};

export function AgreementStatusTag({ status }: { status: string }) {
  const s = STATUS[status] ?? { text: humanise(status), colour: 'grey' as const };
  return <Tag text={s.text} colour={s.colour} />;
}

const DPIA: Record<string, { text: string; colour: Parameters<typeof Tag>[0]['colour'] }> = {
  MISSING: { text: 'DPIA missing', colour: 'red' },
  OUT_OF_DATE: { text: 'DPIA out of date', colour: 'orange' },
  CURRENT: { text: 'DPIA current', colour: 'green' },
};

export function DpiaTag({ status }: { status: string }) {
  const s = DPIA[status] ?? { text: humanise(status), colour: 'grey' as const };
  return <Tag text={s.text} colour={s.colour} />;
}
