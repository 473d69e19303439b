import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { SelectField } from '../components/forms';
import { ApiError, Loading, PageHeading, TableWrap } from '../components/ui';
import { graphql } from '../gql';
import { formatCount, formatDate } from '../lib/format';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';

const SubmissionsQuery = graphql(`
  query ConsoleSubmissions($periods: Int) {
    submissions(periods: $periods) {
      agency
      agencyName
      dataset
      datasetName
      cadence
      due
      overdue
      periods {
        period
        start
        end
        dueBy
        status
        rows
        batches
        firstReceivedAt
      }
    }
  }
`);

const ContactsQuery = graphql(`
  query ConsoleSubmissionContacts {
    accounts {
      username
      displayName
      roles
      active
      agency {
        code
      }
    }
  }
`);

const STATUS: Record<string, { text: string; cls: string }> = {
  RECEIVED: { text: 'Received', cls: 'govuk-tag--green' },
  RECEIVED_LATE: { text: 'Received late', cls: 'govuk-tag--yellow' },
  IN_PROGRESS: { text: 'In progress', cls: 'govuk-tag--blue' },
  DUE: { text: 'Due', cls: 'govuk-tag--orange' },
  OVERDUE: { text: 'Overdue', cls: 'govuk-tag--red' },
};

export default function SubmissionsPage() {
  const { account } = useSession();
  const roles = account?.roles ?? [];
  const canList = hasRole(roles, 'ADMIN', 'LIAISON_OFFICER');
  const [search, setSearch] = useSearchParams();
  const periods = Number(search.get('periods') ?? 8) || 8;
  const [{ data, error, fetching }] = useQuery({ query: SubmissionsQuery, variables: { periods } });
  const [{ data: contacts }] = useQuery({ query: ContactsQuery, pause: !canList });
  const dlos = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const a of contacts?.accounts ?? [])
      if (a.active && a.roles.includes('LIAISON_OFFICER'))
        m.set(a.agency.code, [...(m.get(a.agency.code) ?? []), `${a.displayName} (${a.username})`]);
    return m;
  }, [contacts]);
  const rows = data?.submissions ?? [];
  const overdue = rows.reduce((s, r) => s + r.overdue, 0);
  const due = rows.reduce((s, r) => s + r.due, 0);
  return (
    <>
      <PageHeading title="s17A submissions" caption="Submissions board" />
      <p className="govuk-body">
        Each period’s data is due by the end of the following period (section 17A of the Crime and Disorder Act 1998). A
        period counts as received once any batch for it is stored.
      </p>
      <div className="govuk-!-width-one-third">
        <SelectField
          id="periods"
          label="Periods shown"
          value={String(periods)}
          onChange={(v) => {
            const s = new URLSearchParams(search);
            s.set('periods', v);
            setSearch(s);
          }}
          options={[4, 8, 12].map((n) => ({ value: String(n), label: `Last ${n}` }))}
        />
      </div>
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && (
        <>
          <p className="govuk-body">
            <strong>{overdue}</strong> periods overdue, <strong>{due}</strong> due, across {rows.length} datasets.
          </p>
          {rows.map((r) => (
            <section key={r.dataset} aria-labelledby={`sub-${r.dataset}`} className="hub-access-card">
              <h2 className="govuk-heading-s" id={`sub-${r.dataset}`}>
                {r.datasetName} ({r.dataset}), {r.agencyName}
              </h2>
              <p className="govuk-body-s">
                {r.cadence === 'MONTHLY' ? 'Monthly' : 'Quarterly'}. {r.overdue > 0 ? `${r.overdue} overdue. ` : ''}
                {canList && <>Liaison officer to contact: {dlos.get(r.agency)?.join(', ') ?? 'none recorded'}</>}
              </p>
              <TableWrap label={`Submissions of ${r.dataset}`}>
                <table className="govuk-table hub-table hub-table--dense hub-grid">
                  <caption className="govuk-visually-hidden">Submissions of {r.datasetName}, period by period</caption>
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">
                        Period
                      </th>
                      {r.periods.map((p) => (
                        <th key={p.period} scope="col" className="govuk-table__header">
                          {p.period}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    <tr className="govuk-table__row">
                      <th scope="row" className="govuk-table__header">
                        Status
                      </th>
                      {r.periods.map((p) => (
                        <td key={p.period} className="govuk-table__cell">
                          <strong className={`govuk-tag hub-tag-small ${STATUS[p.status]?.cls ?? ''}`}>
                            {STATUS[p.status]?.text ?? p.status}
                          </strong>
                        </td>
                      ))}
                    </tr>
                    <tr className="govuk-table__row">
                      <th scope="row" className="govuk-table__header">
                        Rows
                      </th>
                      {r.periods.map((p) => (
                        <td key={p.period} className="govuk-table__cell govuk-table__cell--numeric">
                          {formatCount(p.rows)}
                        </td>
                      ))}
                    </tr>
                    <tr className="govuk-table__row">
                      <th scope="row" className="govuk-table__header">
                        Due by
                      </th>
                      {r.periods.map((p) => (
                        <td key={p.period} className="govuk-table__cell govuk-body-s">
                          {formatDate(p.dueBy)}
                        </td>
                      ))}
                    </tr>
                  </tbody>
                </table>
              </TableWrap>
            </section>
          ))}
        </>
      )}
    </>
  );
}
