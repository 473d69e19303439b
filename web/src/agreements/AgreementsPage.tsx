import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { SelectField } from '../components/forms';
import { ApiError, Loading, PageHeading, TableWrap } from '../components/ui';
import { formatDate, formatDateTime, todayLondon } from '../lib/format';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';
import { AgreementDraftTimesQuery, AgreementsQuery } from './documents';
import { classifyInbox, draftTimes, INBOX_HEADINGS, type InboxItem, type InboxKind } from './inbox';
import { AgreementStatusTag, DpiaTag } from './status';

const KINDS: InboxKind[] = ['APPROVE', 'ACCEPT', 'REVIEW_DUE', 'EXPIRING', 'DPIA'];

function when(item: InboxItem): string {
  if (!item.since) return item.kind === 'DPIA' ? item.sinceLabel : `${item.sinceLabel}: not known`;
  return `${item.sinceLabel}: ${/T/.test(item.since) ? formatDateTime(item.since) : formatDate(item.since)}`;
}

function InboxSection({ kind, items }: { kind: InboxKind; items: InboxItem[] }) {
  const id = `inbox-${kind.toLowerCase()}`;
  return (
    <section aria-labelledby={id}>
      <h2 className="govuk-heading-m" id={id}>
        {INBOX_HEADINGS[kind]} <span className="govuk-body-s">({items.length})</span>
      </h2>
      {items.length === 0 ? (
        <p className="govuk-body">Nothing here.</p>
      ) : (
        <TableWrap label={INBOX_HEADINGS[kind]}>
          <table className="govuk-table hub-table">
            <caption className="govuk-visually-hidden">{INBOX_HEADINGS[kind]}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Agreement
                </th>
                <th scope="col" className="govuk-table__header">
                  Other party
                </th>
                <th scope="col" className="govuk-table__header">
                  Since or due
                </th>
                <th scope="col" className="govuk-table__header">
                  Who acts
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {items.map((i) => (
                <tr className="govuk-table__row" key={i.reference + i.kind}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/agreements/${encodeURIComponent(i.reference)}`}>
                      {i.reference}
                    </Link>
                    <br />
                    <span className="govuk-body-s">{i.title}</span>
                  </th>
                  <td className="govuk-table__cell">{i.otherParty}</td>
                  <td className="govuk-table__cell">{when(i)}</td>
                  <td className="govuk-table__cell">{i.yours ? 'Your agency' : 'The provider'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

export default function AgreementsPage() {
  const { account } = useSession();
  const roles = account?.roles ?? [];
  const dlo = hasRole(roles, 'LIAISON_OFFICER');
  const [{ data, error, fetching }] = useQuery({ query: AgreementsQuery, requestPolicy: 'cache-and-network' });
  const [{ data: events }] = useQuery({ query: AgreementDraftTimesQuery, pause: !dlo });
  const [status, setStatus] = useState('');
  const agreements = useMemo(() => data?.agreements ?? [], [data]);
  const inbox = useMemo(
    () =>
      dlo && account
        ? classifyInbox(agreements, account.agency.code, todayLondon(), draftTimes(events?.auditEvents.nodes ?? []))
        : [],
    [agreements, dlo, account, events],
  );
  const waiting = inbox.filter((i) => i.yours).length;
  const shown = status ? agreements.filter((a) => a.status === status) : agreements;
  return (
    <>
      <PageHeading title={dlo ? 'Agreements inbox' : 'Agreements'} caption="Information sharing agreements" />
      <p className="govuk-body">
        The hub enforces each agreement on the data itself: an agreement grants nothing until its provider has approved
        it and every recipient has accepted it, and stops granting when it is suspended, revoked, past its end date or
        past its review date.
      </p>
      {hasRole(roles, 'LIAISON_OFFICER', 'ADMIN') && (
        <Link to="/agreements/new" className="govuk-button" role="button" data-module="govuk-button">
          Draft an agreement
        </Link>
      )}
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {dlo && data && (
        <>
          <p className="govuk-body">
            {waiting === 0
              ? 'Nothing waits for your agency’s step.'
              : waiting === 1
                ? '1 item waits for your agency.'
                : `${waiting} items wait for your agency.`}{' '}
            Reviews, ends and DPIAs are shown within 60 days.
          </p>
          {KINDS.map((k) => (
            <InboxSection key={k} kind={k} items={inbox.filter((i) => i.kind === k)} />
          ))}
        </>
      )}
      {data && (
        <section aria-labelledby="all-agreements">
          <h2 className="govuk-heading-m" id="all-agreements">
            {dlo ? 'All your agency’s agreements' : 'All agreements'}
          </h2>
          <div className="govuk-!-width-one-third">
            <SelectField
              id="status-filter"
              label="Show"
              value={status}
              onChange={setStatus}
              empty="Every status"
              options={['DRAFT', 'PROVIDER_APPROVED', 'ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED'].map((s) => ({
                value: s,
                label: s === 'PROVIDER_APPROVED' ? 'Approved by provider' : s.charAt(0) + s.slice(1).toLowerCase(),
              }))}
            />
          </div>
          <TableWrap label="Agreements">
            <table className="govuk-table hub-table">
              <caption className="govuk-table__caption govuk-table__caption--s">{shown.length} agreements</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Agreement
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Provider
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Recipients
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Status
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Review by
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Ends
                  </th>
                  <th scope="col" className="govuk-table__header">
                    DPIA
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {shown.map((a) => (
                  <tr className="govuk-table__row" key={a.reference}>
                    <th scope="row" className="govuk-table__header">
                      <Link className="govuk-link" to={`/agreements/${encodeURIComponent(a.reference)}`}>
                        {a.reference}
                      </Link>
                      <br />
                      <span className="govuk-body-s">{a.title}</span>
                    </th>
                    <td className="govuk-table__cell">{a.provider.name}</td>
                    <td className="govuk-table__cell">{a.recipients.map((r) => r.code).join(', ')}</td>
                    <td className="govuk-table__cell">
                      <AgreementStatusTag status={a.status} />
                      {a.status === 'ACTIVE' && !a.inForce && (
                        <div className="govuk-body-s">Not in force: {a.standing}</div>
                      )}
                    </td>
                    <td className="govuk-table__cell">{formatDate(a.reviewDate)}</td>
                    <td className="govuk-table__cell">{formatDate(a.validTo)}</td>
                    <td className="govuk-table__cell">
                      <DpiaTag status={a.dpiaStatus} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      )}
    </>
  );
}
