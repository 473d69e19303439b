import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { SelectField } from '../components/forms';
import { ApiError, Loading, PageHeading, TableWrap } from '../components/ui';
import type { ImportBatchStatus } from '../gql/graphql';
import { formatCount, formatDate, formatDateTime, humanise } from '../lib/format';
import { useSession } from '../session/session';
import { BatchesQuery, MyDatasetsQuery } from './documents';

export const BATCH_STATUS: Record<string, { text: string; cls: string }> = {
  COMMITTED: { text: 'Stored', cls: 'govuk-tag--green' },
  REJECTED: { text: 'Rejected', cls: 'govuk-tag--red' },
  DRY_RUN: { text: 'Dry run', cls: 'govuk-tag--grey' },
  FAILED: { text: 'Failed', cls: 'govuk-tag--red' },
  RUNNING: { text: 'Running', cls: 'govuk-tag--blue' },
};

export default function BatchesPage() {
  const { account } = useSession();
  const [search, setSearch] = useSearchParams();
  const dataset = search.get('dataset') ?? '';
  const status = search.get('status') ?? '';
  const [{ data: ds }] = useQuery({ query: MyDatasetsQuery });
  const [{ data, error, fetching }] = useQuery({
    query: BatchesQuery,
    variables: { dataset: dataset || null, status: (status || null) as ImportBatchStatus | null, first: 100 },
    requestPolicy: 'cache-and-network',
  });
  const setParam = (k: string) => (v: string) => {
    const s = new URLSearchParams(search);
    if (v) s.set(k, v);
    else s.delete(k);
    setSearch(s);
  };
  const mine = (ds?.datasets ?? []).filter(
    (d) => d.agency.code === account?.agency.code || account?.roles.includes('ADMIN'),
  );
  return (
    <>
      <Link to="/provider" className="govuk-back-link hub-back">
        Back to data uploads
      </Link>
      <PageHeading title="My batches" caption={`Data provider: ${account?.agency.name ?? ''}`} />
      <p className="govuk-body">
        Every upload of your agency’s data, newest first, from any door (this console, partner systems’ keys, the
        command line). See also the{' '}
        <Link className="govuk-link" to="/submissions">
          submissions board
        </Link>
        .
      </p>
      <div className="hub-inline-fields">
        <SelectField
          id="batches-dataset"
          label="Dataset"
          value={dataset}
          onChange={setParam('dataset')}
          empty="Every dataset"
          options={mine.map((d) => ({ value: d.key, label: d.name }))}
        />
        <SelectField
          id="batches-status"
          label="Status"
          value={status}
          onChange={setParam('status')}
          empty="Any status"
          options={Object.entries(BATCH_STATUS)
            .filter(([value]) => value !== 'DRY_RUN') // dry runs are never stored
            .map(([value, s]) => ({ value, label: s.text }))}
        />
      </div>
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && (
        <TableWrap label="Batches">
          <table className="govuk-table hub-table hub-table--dense">
            <caption className="govuk-table__caption govuk-table__caption--m">
              {data.importBatches.length} batches
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {[
                  'Started',
                  'Dataset',
                  'Status',
                  'Period',
                  'By',
                  'Read',
                  'Inserted',
                  'Updated',
                  'Duplicates',
                  'Rejected',
                ].map((h, i) => (
                  <th
                    key={h}
                    scope="col"
                    className={`govuk-table__header${i >= 5 ? ' govuk-table__header--numeric' : ''}`}
                  >
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {data.importBatches.length === 0 && (
                <tr className="govuk-table__row">
                  <td className="govuk-table__cell" colSpan={10}>
                    No batches yet.
                  </td>
                </tr>
              )}
              {data.importBatches.map((b) => (
                <tr className="govuk-table__row" key={b.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/provider/batches/${encodeURIComponent(b.id)}`}>
                      {formatDateTime(b.startedAt)}
                      <span className="govuk-visually-hidden">: batch of {b.dataset}</span>
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{b.dataset}</td>
                  <td className="govuk-table__cell">
                    <strong className={`govuk-tag hub-tag-small ${BATCH_STATUS[b.status]?.cls ?? ''}`}>
                      {BATCH_STATUS[b.status]?.text ?? humanise(b.status)}
                    </strong>
                    {b.errorCode && <div className="govuk-body-s">{humanise(b.errorCode)}</div>}
                  </td>
                  <td className="govuk-table__cell">
                    {b.periodStart ? `${formatDate(b.periodStart)} to ${formatDate(b.periodEnd)}` : '–'}
                  </td>
                  <td className="govuk-table__cell">{b.submittedBy}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(b.rowsRead)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(b.inserted)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(b.updated)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(b.duplicates)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(b.rejected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
