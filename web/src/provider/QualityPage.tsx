import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { SelectField } from '../components/forms';
import { ApiError, Loading, PageHeading, TableWrap } from '../components/ui';
import { graphql } from '../gql';
import { formatCount, formatShare, humanise } from '../lib/format';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';
import { MyDatasetsQuery } from './documents';

const QualityQuery = graphql(`
  query ConsoleDataQuality($dataset: String!, $months: Int!) {
    dataQuality(dataset: $dataset, months: $months) {
      dataset
      agency
      cadence
      kind
      months {
        month
        batches
        rows
        accepted
        inserted
        rejected
        rejectedShare
        blank
        outsidePeriod
        late
        lateShare
        freeTextCoded
        freeTextDropped
        rejectedByRule {
          key
          rows
          share
        }
        freeTextByKind {
          key
          rows
          share
        }
        completeness {
          column
          filled
          share
        }
      }
    }
  }
`);

const monthName = (m: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${m.slice(0, 7)}-15T12:00:00Z`),
  );

export default function QualityPage() {
  const { account } = useSession();
  const any = hasRole(account?.roles ?? [], 'ADMIN', 'AUDITOR');
  const [search, setSearch] = useSearchParams();
  const [{ data: ds }] = useQuery({ query: MyDatasetsQuery });
  const mine = (ds?.datasets ?? []).filter((d) => any || d.agency.code === account?.agency.code);
  const dataset = search.get('dataset') ?? mine[0]?.key ?? '';
  const months = Number(search.get('months') ?? 12) || 12;
  const [{ data, error, fetching }] = useQuery({
    query: QualityQuery,
    variables: { dataset, months },
    pause: !dataset,
  });
  const q = data?.dataQuality;
  const ms = q?.months ?? [];
  const columns = [...new Set(ms.flatMap((m) => m.completeness.map((c) => c.column)))];
  const rules = [...new Set(ms.flatMap((m) => m.rejectedByRule.map((c) => c.key)))];
  const kinds = [...new Set(ms.flatMap((m) => m.freeTextByKind.map((c) => c.key)))];
  const set = (k: string) => (v: string) => {
    const s = new URLSearchParams(search);
    s.set(k, v);
    setSearch(s);
  };
  const monthHeads = ms.map((m) => (
    <th key={m.month} scope="col" className="govuk-table__header govuk-table__header--numeric">
      {monthName(m.month)}
    </th>
  ));
  return (
    <>
      <Link to="/provider" className="govuk-back-link hub-back">
        Back to data uploads
      </Link>
      <PageHeading title="Data quality" caption={`Data provider: ${account?.agency.name ?? ''}`} />
      <p className="govuk-body">
        Month by month of arrival: how complete each optional column is, the share of rows refused and why, free text
        dropped as identifying, and records that arrived after their period’s s17A deadline. Counts only, never a value:
        fix what you can in your extract at the source.
      </p>
      <div className="hub-inline-fields">
        <SelectField
          id="quality-dataset"
          label="Dataset"
          value={dataset}
          onChange={set('dataset')}
          options={mine.map((d) => ({ value: d.key, label: `${d.name} (${d.key})` }))}
        />
        <SelectField
          id="quality-months"
          label="Months"
          value={String(months)}
          onChange={set('months')}
          options={[6, 12, 24].map((n) => ({ value: String(n), label: `Last ${n}` }))}
        />
      </div>
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {q && ms.length === 0 && (
        <p className="govuk-body">No batches arrived in these months through the import pipeline.</p>
      )}
      {q && ms.length > 0 && (
        <>
          <TableWrap label="Rows by month">
            <table className="govuk-table hub-table hub-table--dense">
              <caption className="govuk-table__caption govuk-table__caption--m">Rows by month of arrival</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Measure
                  </th>
                  {monthHeads}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {(
                  [
                    ['Batches', (m) => formatCount(m.batches)],
                    ['Rows', (m) => formatCount(m.rows)],
                    ['Accepted', (m) => formatCount(m.accepted)],
                    ['Rejected', (m) => `${formatCount(m.rejected)} (${formatShare(m.rejectedShare)})`],
                    ['Outside the period', (m) => formatCount(m.outsidePeriod)],
                    ['Arrived late', (m) => `${formatCount(m.late)} (${formatShare(m.lateShare)})`],
                    ['Free text coded', (m) => formatCount(m.freeTextCoded)],
                    ['Free text dropped', (m) => formatCount(m.freeTextDropped)],
                  ] as [string, (m: (typeof ms)[number]) => string][]
                ).map(([label, f]) => (
                  <tr className="govuk-table__row" key={label}>
                    <th scope="row" className="govuk-table__header">
                      {label}
                    </th>
                    {ms.map((m) => (
                      <td key={m.month} className="govuk-table__cell govuk-table__cell--numeric">
                        {f(m)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {columns.length > 0 && (
            <TableWrap label="Completeness of optional columns">
              <table className="govuk-table hub-table hub-table--dense">
                <caption className="govuk-table__caption govuk-table__caption--m">
                  Completeness of optional columns (share of accepted rows filled)
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Column
                    </th>
                    {monthHeads}
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {columns.map((c) => (
                    <tr className="govuk-table__row" key={c}>
                      <th scope="row" className="govuk-table__header">
                        <code>{c}</code>
                      </th>
                      {ms.map((m) => {
                        const x = m.completeness.find((y) => y.column === c);
                        return (
                          <td key={m.month} className="govuk-table__cell govuk-table__cell--numeric">
                            {x ? formatShare(x.share) : '–'}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {rules.length > 0 && (
            <TableWrap label="Rows refused, by rule">
              <table className="govuk-table hub-table hub-table--dense">
                <caption className="govuk-table__caption govuk-table__caption--m">Rows refused, by rule</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Rule
                    </th>
                    {monthHeads}
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {rules.map((r) => (
                    <tr className="govuk-table__row" key={r}>
                      <th scope="row" className="govuk-table__header">
                        {humanise(r)}
                      </th>
                      {ms.map((m) => {
                        const x = m.rejectedByRule.find((y) => y.key === r);
                        return (
                          <td key={m.month} className="govuk-table__cell govuk-table__cell--numeric">
                            {x ? `${formatCount(x.rows)} (${formatShare(x.share)})` : '0'}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {kinds.length > 0 && (
            <TableWrap label="Free text dropped, by what it seemed to hold">
              <table className="govuk-table hub-table hub-table--dense">
                <caption className="govuk-table__caption govuk-table__caption--m">
                  Free text dropped, by what it seemed to hold
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Kind
                    </th>
                    {monthHeads}
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {kinds.map((k) => (
                    <tr className="govuk-table__row" key={k}>
                      <th scope="row" className="govuk-table__header">
                        {humanise(k)}
                      </th>
                      {ms.map((m) => {
                        const x = m.freeTextByKind.find((y) => y.key === k);
                        return (
                          <td key={m.month} className="govuk-table__cell govuk-table__cell--numeric">
                            {x ? `${formatCount(x.rows)} (${formatShare(x.share)})` : '0'}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </>
  );
}
