import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { fieldErrorsOf, FormErrorSummary, RadioGroup, Tabs, TextArea, TextField } from '../components/forms';
import { ApiError, Button, Loading, NotificationBanner, PageHeading, SummaryList, TableWrap } from '../components/ui';
import type { ConsoleAgreementQuery } from '../gql/graphql';
import { addMonths, formatDate, formatDateTime, humanise, todayLondon } from '../lib/format';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';
import {
  AcceptAgreement,
  AgreementHistoryQuery,
  AgreementQuery,
  ApproveAgreement,
  RecordDpia,
  ResumeAgreement,
  ReviewAgreement,
  RevokeAgreement,
  SuspendAgreement,
} from './documents';
import { dpiaRecordable } from './dpia';
import { AgreementStatusTag, DpiaTag } from './status';
import {
  baseline,
  concernsAgreement,
  diffTerms,
  grantInWords,
  legalBasesOf,
  legalBasisInWords,
  listInWords,
  purposeInWords,
  readSeen,
  rememberSeen,
  termsInWords,
  termsOf,
  termsOfSnapshot,
  type Version,
} from './terms';

type A = ConsoleAgreementQuery['agreement'];

const ACTION_TEXT: Record<string, string> = {
  'agreement.draft': 'Drafted',
  'agreement.update': 'Draft changed',
  'agreement.approve': 'Approved by the provider',
  'agreement.accept': 'Accepted by a recipient',
  'agreement.suspend': 'Suspended',
  'agreement.resume': 'Resumed',
  'agreement.revoke': 'Revoked',
  'agreement.expire': 'Expired',
  'agreement.review': 'Reviewed',
  'agreement.dpia': 'DPIA recorded',
};

const actionText = (a: string) => ACTION_TEXT[a] ?? humanise(a.replace(/^agreement\./, '').replace(/[.-]/g, '_'));

function Terms({ a }: { a: A }) {
  return (
    <SummaryList
      rows={[
        { key: 'Provider', value: a.provider.name },
        { key: 'Datasets', value: a.datasets.map((d) => `${d.name} (${d.key})`).join(', ') },
        { key: 'Recipients', value: a.recipients.map((r) => r.name).join(', ') },
        {
          key: 'Purposes',
          value: a.purposes
            .map((p) => purposeInWords(p))
            .join(', ')
            .replace(/^./, (c) => c.toUpperCase()),
        },
        {
          key: legalBasesOf(a).length > 1 ? 'Legal bases' : 'Legal basis',
          value: listInWords(legalBasesOf(a).map(legalBasisInWords)).replace(/^./, (c) => c.toUpperCase()),
        },
        {
          key: 'Fields',
          value: (
            <ul className="govuk-list">
              {a.grants.map((g) => (
                <li key={g.field}>{grantInWords(g)}</li>
              ))}
            </ul>
          ),
        },
        { key: 'Minimum cell size', value: `${a.minCellSize}: smaller counts are suppressed` },
        { key: 'Valid', value: `${formatDate(a.validFrom)} to ${formatDate(a.validTo)}` },
        { key: 'Review date', value: formatDate(a.reviewDate) },
        { key: 'Terms digest', value: <code className="hub-digest">{a.termsDigest}</code> },
      ]}
    />
  );
}

function Signatures({ a }: { a: A }) {
  return (
    <SummaryList
      rows={[
        { key: 'Drafted by', value: a.draftedBy ?? 'Not recorded' },
        {
          key: 'Approved for the provider',
          value: a.providerApprovedAt
            ? `${a.providerApprovedBy ?? 'Someone'}, ${formatDateTime(a.providerApprovedAt)}`
            : 'Not yet',
        },
        ...a.acceptances.map((x) => ({
          key: `Accepted for ${a.recipients.find((r) => r.code === x.agency)?.name ?? x.agency}`,
          value: x.accepted
            ? `${x.acceptedBy ?? 'Accepted'}${x.acceptedAt ? `, ${formatDateTime(x.acceptedAt)}` : ''}`
            : 'Not yet',
        })),
        { key: 'Last reviewed', value: a.lastReviewedAt ? formatDateTime(a.lastReviewedAt) : 'Not yet' },
      ]}
    />
  );
}

function WhatChanged({ a, versions, seen }: { a: A; versions: Version[]; seen: string | null }) {
  const base = baseline(versions, a.termsDigest, seen);
  if (seen === a.termsDigest)
    return <p className="govuk-body">Nothing has changed since you last opened this agreement in this browser.</p>;
  if (!base) return <p className="govuk-body">There is no earlier version of these terms in the trail you may see.</p>;
  const changes = diffTerms(base.version.terms, termsOf(a));
  return (
    <>
      <p className="govuk-body">
        {base.reason === 'seen' ? 'Since the version you last opened' : 'Since the previous version'} (
        {actionText(base.version.action).toLowerCase()}, {formatDateTime(base.version.at)}, digest{' '}
        <code className="hub-digest">{base.version.terms.termsDigest?.slice(0, 12)}…</code>):
      </p>
      {changes.length === 0 ? (
        <p className="govuk-body">No term changed (only the title or the status did).</p>
      ) : (
        <TableWrap label="What changed">
          <table className="govuk-table hub-table">
            <caption className="govuk-visually-hidden">What changed</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Term
                </th>
                <th scope="col" className="govuk-table__header">
                  Was
                </th>
                <th scope="col" className="govuk-table__header">
                  Now
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {changes.map((c) => (
                <tr className="govuk-table__row" key={c.what}>
                  <th scope="row" className="govuk-table__header">
                    {c.what}
                  </th>
                  <td className="govuk-table__cell">
                    <del>{c.before}</del>
                  </td>
                  <td className="govuk-table__cell">
                    <ins>{c.after}</ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

function History({
  events,
}: {
  events: {
    seq: string;
    at: string;
    action: string;
    principalLabel?: string | null;
    details?: Record<string, unknown> | null;
  }[];
}) {
  if (!events.length) return <p className="govuk-body">No changes recorded in the trail you may see.</p>;
  return (
    <TableWrap label="History">
      <table className="govuk-table hub-table">
        <caption className="govuk-visually-hidden">History</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              When
            </th>
            <th scope="col" className="govuk-table__header">
              What
            </th>
            <th scope="col" className="govuk-table__header">
              Who
            </th>
            <th scope="col" className="govuk-table__header">
              Terms digest after
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {events.map((e) => {
            const after = termsOfSnapshot(e.details?.after);
            const reason = (e.details?.after as { reason?: string } | undefined)?.reason;
            return (
              <tr className="govuk-table__row" key={e.seq}>
                <td className="govuk-table__cell">{formatDateTime(e.at)}</td>
                <td className="govuk-table__cell">
                  {actionText(e.action)}
                  {reason && <div className="govuk-body-s">Reason: {reason}</div>}
                </td>
                <td className="govuk-table__cell">{e.principalLabel ?? '–'}</td>
                <td className="govuk-table__cell">
                  <code className="hub-digest">{after?.termsDigest ? `${after.termsDigest.slice(0, 12)}…` : '–'}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

const OUTCOMES = [
  { value: 'NO_HIGH_RISK', label: 'No high risk' },
  { value: 'RISKS_MITIGATED', label: 'Risks identified and mitigated' },
  { value: 'HIGH_RISK_CONSULT_ICO', label: 'High risk: consult the ICO before sharing' },
];

function DpiaSection({ a, canRecord, onDone }: { a: A; canRecord: boolean; onDone: (msg: string) => void }) {
  const d = a.dpia;
  const [form, setForm] = useState({
    document: d?.document ?? '',
    completedOn: todayLondon(),
    outcome: d?.outcome ?? '',
    signedOffBy: d?.signedOffBy ?? '',
    dataFlows: d?.dataFlows ?? '',
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [{ error, fetching }, record] = useMutation(RecordDpia);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const api = fieldErrorsOf(error);
  const fields = { ...api.fields, ...local };
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!form.document.trim()) errs.document = 'Enter where the DPIA document is: a reference or a link';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.completedOn)) errs.completedOn = 'Enter the date the DPIA was completed';
    if (!form.outcome) errs.outcome = 'Select the DPIA’s outcome';
    if (!form.signedOffBy.trim()) errs.signedOffBy = 'Enter who signed the DPIA off';
    if (!form.dataFlows.trim()) errs.dataFlows = 'Describe the data flows';
    setLocal(errs);
    if (Object.keys(errs).length) return;
    const r = await record({ reference: a.reference, input: { ...form, outcome: form.outcome as 'NO_HIGH_RISK' } });
    if (!r.error) onDone('DPIA recorded. It is in the audit trail.');
  }
  return (
    <>
      <p className="govuk-body">
        <DpiaTag status={a.dpiaStatus} />
      </p>
      {d ? (
        <SummaryList
          rows={[
            { key: 'Document', value: d.document ?? '–' },
            { key: 'Completed on', value: formatDate(d.completedOn) },
            { key: 'Outcome', value: OUTCOMES.find((o) => o.value === d.outcome)?.label ?? humanise(d.outcome) },
            { key: 'Signed off by', value: d.signedOffBy ?? '–' },
            { key: 'Data flows', value: d.dataFlows ?? '–' },
          ]}
        />
      ) : (
        <p className="govuk-body">No DPIA has been recorded for this agreement.</p>
      )}
      {a.dpiaStatus === 'OUT_OF_DATE' && (
        <p className="govuk-body">
          A DPIA is out of date when it was completed before the agreement’s latest review or more than a year ago.
        </p>
      )}
      {!dpiaRecordable(a.status) ? (
        <p className="govuk-body-s">
          This agreement has {a.status === 'EXPIRED' ? 'expired' : 'been revoked'}: its DPIA is kept as recorded and can
          no longer be changed.
        </p>
      ) : canRecord ? (
        <form onSubmit={submit} noValidate>
          <h3 className="govuk-heading-s">Record the DPIA</h3>
          <FormErrorSummary
            fields={fields}
            other={api.other}
            ids={{
              outcome: 'dpia-outcome',
              document: 'dpia-document',
              completedOn: 'dpia-completedOn',
              signedOffBy: 'dpia-signedOffBy',
              dataFlows: 'dpia-dataFlows',
            }}
          />
          <TextField
            id="dpia-document"
            label="Document"
            hint="A reference in your records or a link"
            value={form.document}
            onChange={set('document')}
            error={fields.document}
          />
          <TextField
            id="dpia-completedOn"
            label="Completed on"
            type="date"
            value={form.completedOn}
            onChange={set('completedOn')}
            error={fields.completedOn}
            width={10}
          />
          <RadioGroup
            id="dpia-outcome"
            legend="Outcome"
            options={OUTCOMES}
            value={form.outcome}
            onChange={set('outcome')}
            error={fields.outcome}
          />
          <TextField
            id="dpia-signedOffBy"
            label="Signed off by"
            hint="Name and role, e.g. the data protection officer"
            value={form.signedOffBy}
            onChange={set('signedOffBy')}
            error={fields.signedOffBy}
          />
          <TextArea
            id="dpia-dataFlows"
            label="Data flows"
            hint="What goes from whom to whom, how, and how often"
            value={form.dataFlows}
            onChange={set('dataFlows')}
            error={fields.dataFlows}
          />
          <Button type="submit" disabled={fetching}>
            Record the DPIA
          </Button>
        </form>
      ) : (
        <p className="govuk-body-s">The provider’s liaison officer or an administrator records the DPIA.</p>
      )}
    </>
  );
}

function Outcome({ error }: { error?: CombinedError }) {
  if (!error) return null;
  const conflict = error.graphQLErrors.some((e) => e.extensions?.code === 'CONFLICT');
  return (
    <>
      <ApiError error={error} />
      {conflict && (
        <p className="govuk-body">
          The agreement may have changed since you opened it: read the terms again (the page has reloaded them) before
          you sign.
        </p>
      )}
    </>
  );
}

function Actions({ a, onDone }: { a: A; onDone: (msg: string) => void }) {
  const { account } = useSession();
  const roles = account?.roles ?? [];
  const me = account?.agency.code ?? '';
  const dlo = hasRole(roles, 'LIAISON_OFFICER');
  const admin = hasRole(roles, 'ADMIN');
  const isProvider = dlo && a.provider.code === me;
  const isRecipient = dlo && a.recipients.some((r) => r.code === me);
  const party = isProvider || isRecipient;
  const myAcceptance = a.acceptances.find((x) => x.agency === me);
  const [read, setRead] = useState(false);
  const [reason, setReason] = useState('');
  const [next, setNext] = useState(addMonths(todayLondon(), 12));
  const [approve, doApprove] = useMutation(ApproveAgreement);
  const [accept, doAccept] = useMutation(AcceptAgreement);
  const [suspend, doSuspend] = useMutation(SuspendAgreement);
  const [resume, doResume] = useMutation(ResumeAgreement);
  const [revoke, doRevoke] = useMutation(RevokeAgreement);
  const [review, doReview] = useMutation(ReviewAgreement);
  const vars = { reference: a.reference, termsDigest: a.termsDigest };
  const done = (msg: string) => (r: { error?: CombinedError }) => {
    if (!r.error) onDone(msg);
  };
  const canApprove = a.status === 'DRAFT' && isProvider;
  const canAccept = a.status === 'PROVIDER_APPROVED' && isRecipient && !myAcceptance?.accepted;
  const canSuspend = a.status === 'ACTIVE' && (party || admin);
  const canResume = a.status === 'SUSPENDED' && isProvider;
  const canReview = (a.status === 'ACTIVE' || a.status === 'SUSPENDED') && isProvider;
  const canRevoke = ['DRAFT', 'PROVIDER_APPROVED', 'ACTIVE', 'SUSPENDED'].includes(a.status) && (party || admin);
  const error = approve.error ?? accept.error ?? suspend.error ?? resume.error ?? revoke.error ?? review.error;
  const canEdit = a.status === 'DRAFT' && (party || admin);
  if (!canApprove && !canAccept && !canSuspend && !canResume && !canReview && !canRevoke) {
    return <p className="govuk-body">There is no step for you to take on this agreement in its present status.</p>;
  }
  return (
    <>
      <Outcome error={error} />
      {canEdit && (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/agreements/new?edit=${encodeURIComponent(a.reference)}`}>
            Change the draft
          </Link>{' '}
          (its digest changes, and anyone who opened it sees what changed).
        </p>
      )}
      {(canApprove || canAccept) && (
        <section aria-labelledby="sign-heading">
          <h3 className="govuk-heading-s" id="sign-heading">
            {canApprove ? `Approve for ${a.provider.name}` : `Accept for ${account?.agency.name}`}
          </h3>
          <p className="govuk-body">
            Your signature binds exactly the terms shown on this page, whose digest is{' '}
            <code className="hub-digest">{a.termsDigest}</code>. If they changed since you opened the page, the hub
            refuses it.
          </p>
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id="terms-read"
                  type="checkbox"
                  checked={read}
                  onChange={(e) => setRead(e.target.checked)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="terms-read">
                  I have read these terms
                </label>
              </div>
            </div>
          </div>
          {canApprove && (
            <Button
              disabled={!read || approve.fetching}
              onClick={() =>
                doApprove(vars).then(done('Approved. The recipients’ liaison officers can now accept it.'))
              }
            >
              Approve these terms
            </Button>
          )}
          {canAccept && (
            <Button
              disabled={!read || accept.fetching}
              onClick={() =>
                doAccept(vars).then((r) => {
                  if (!r.error)
                    onDone(
                      r.data?.acceptAgreement.status === 'ACTIVE'
                        ? 'Accepted. Every recipient has now accepted: the agreement is active and shares from its start date.'
                        : 'Accepted. It becomes active once every recipient has accepted.',
                    );
                })
              }
            >
              Accept these terms
            </Button>
          )}
        </section>
      )}
      {canReview && (
        <section aria-labelledby="review-heading">
          <h3 className="govuk-heading-s" id="review-heading">
            Record a review
          </h3>
          <TextField id="next-review" label="Next review date" type="date" width={10} value={next} onChange={setNext} />
          <Button
            secondary
            disabled={review.fetching}
            onClick={() => doReview({ reference: a.reference, nextReviewDate: next }).then(done('Review recorded.'))}
          >
            Record the review
          </Button>
        </section>
      )}
      {canResume && (
        <section aria-labelledby="resume-heading">
          <h3 className="govuk-heading-s" id="resume-heading">
            Resume sharing
          </h3>
          <Button
            secondary
            disabled={resume.fetching}
            onClick={() =>
              doResume({ reference: a.reference }).then(
                done('Resumed: the agreement grants again from the next request.'),
              )
            }
          >
            Resume the agreement
          </Button>
        </section>
      )}
      {(canSuspend || canRevoke) && (
        <section aria-labelledby="stop-heading">
          <h3 className="govuk-heading-s" id="stop-heading">
            Stop sharing
          </h3>
          <TextArea
            id="stop-reason"
            label="Reason"
            hint="Recorded in the audit trail with the step"
            value={reason}
            onChange={setReason}
            rows={2}
          />
          <div className="govuk-button-group">
            {canSuspend && (
              <Button
                warning
                disabled={suspend.fetching}
                onClick={() =>
                  doSuspend({ reference: a.reference, reason: reason || null }).then(
                    done('Suspended: the agreement grants nothing from the next request.'),
                  )
                }
              >
                Suspend the agreement
              </Button>
            )}
            {canRevoke && (
              <Button
                warning
                disabled={revoke.fetching}
                onClick={() =>
                  window.confirm('Revoke this agreement for good?') &&
                  doRevoke({ reference: a.reference, reason: reason || null }).then(done('Revoked, for good.'))
                }
              >
                Revoke the agreement
              </Button>
            )}
          </div>
        </section>
      )}
    </>
  );
}

export default function AgreementPage() {
  const { reference = '' } = useParams();
  const { account } = useSession();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: AgreementQuery,
    variables: { reference },
    requestPolicy: 'network-only',
  });
  const [{ data: hist }, refetchHistory] = useQuery({
    query: AgreementHistoryQuery,
    variables: { reference },
    requestPolicy: 'network-only',
  });
  const [tab, setTab] = useState('terms');
  const [message, setMessage] = useState<string>();
  // The digest last opened here, read once per page: then this version becomes the one seen.
  const [seen] = useState(() => readSeen(reference));
  // Only what the hub answered just now: a cached answer may hold terms that have since changed, and a signature names the digest shown.
  const a = fetching ? undefined : data?.agreement;
  useEffect(() => {
    if (a) rememberSeen(reference, a.termsDigest);
  }, [a, reference]);
  // Admin events do not all carry the agreement's reference yet: the recent changes are searched by the reference in their snapshots too.
  const events = useMemo(() => {
    const seen = new Set<string>();
    return [...(hist?.byReference.nodes ?? []), ...(hist?.recentChanges.nodes ?? [])]
      .filter(
        (e) =>
          e.action.startsWith('agreement') && concernsAgreement(e, reference) && !seen.has(e.seq) && seen.add(e.seq),
      )
      .sort((x, y) => Number(y.seq) - Number(x.seq));
  }, [hist, reference]);
  const versions = useMemo<Version[]>(
    () =>
      [...events].reverse().flatMap((e): Version[] => {
        const terms = termsOfSnapshot(e.details?.after);
        return terms ? [{ at: e.at, action: e.action, terms }] : [];
      }),
    [events],
  );
  const roles = account?.roles ?? [];
  const canRecordDpia =
    !!a && (hasRole(roles, 'ADMIN') || (hasRole(roles, 'LIAISON_OFFICER') && a.provider.code === account?.agency.code));
  const onDone = (msg: string) => {
    setMessage(msg);
    refetch({ requestPolicy: 'network-only' });
    refetchHistory({ requestPolicy: 'network-only' });
    window.scrollTo(0, 0);
  };
  if (fetching) return <Loading />;
  if (!a) {
    return (
      <>
        <PageHeading title="Agreement" caption={reference} />
        <ApiError error={error} />
        <Link to="/agreements" className="govuk-back-link">
          Back to agreements
        </Link>
      </>
    );
  }
  const changed = seen && seen !== a.termsDigest;
  return (
    <>
      <Link to="/agreements" className="govuk-back-link hub-back">
        Back to agreements
      </Link>
      <PageHeading title={a.title} caption={a.reference} />
      {message && (
        <NotificationBanner success title="Success">
          <p className="govuk-notification-banner__heading">{message}</p>
        </NotificationBanner>
      )}
      {changed && (
        <NotificationBanner title="Changed">
          <p className="govuk-notification-banner__heading">
            The terms have changed since you last opened this agreement.
          </p>
          <p className="govuk-body">
            <a
              className="govuk-notification-banner__link"
              href="#changes"
              onClick={(e) => {
                e.preventDefault();
                setTab('changes');
                document.getElementById('tab_changes')?.focus();
              }}
            >
              See what changed
            </a>
          </p>
        </NotificationBanner>
      )}
      <p className="govuk-body">
        <AgreementStatusTag status={a.status} /> <DpiaTag status={a.dpiaStatus} />{' '}
        <strong className="hub-standing">
          {a.inForce ? 'In force: sharing today' : `Not in force: ${a.standing}`}
        </strong>
      </p>
      <h2 className="govuk-heading-m">The terms in plain English</h2>
      <ul className="govuk-list govuk-list--bullet">
        {termsInWords(a).map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <h2 className="govuk-heading-m">What you can do</h2>
      <Actions a={a} onDone={onDone} />
      <Tabs
        title="About this agreement"
        selected={tab}
        onSelect={setTab}
        tabs={[
          {
            id: 'terms',
            label: 'Terms',
            panel: (
              <>
                <h2 className="govuk-heading-m">Terms</h2>
                <Terms a={a} />
                <h3 className="govuk-heading-s">Signatures</h3>
                <Signatures a={a} />
              </>
            ),
          },
          {
            id: 'changes',
            label: 'What changed',
            panel: (
              <>
                <h2 className="govuk-heading-m">What changed</h2>
                <WhatChanged a={a} versions={versions} seen={seen} />
              </>
            ),
          },
          {
            id: 'history',
            label: 'History',
            panel: (
              <>
                <h2 className="govuk-heading-m">History</h2>
                <History events={events} />
              </>
            ),
          },
          {
            id: 'dpia',
            label: 'DPIA',
            panel: (
              <>
                <h2 className="govuk-heading-m">Data protection impact assessment</h2>
                <DpiaSection a={a} canRecord={canRecordDpia} onDone={onDone} />
              </>
            ),
          },
        ]}
      />
    </>
  );
}
