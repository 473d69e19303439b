import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import {
  ApiError,
  CopyButton,
  ErrorSummary,
  errorMessages,
  Loading,
  NotificationBanner,
  PageHeading,
  TableWrap,
} from '../components/ui';
import { usePurpose, withPurpose } from '../components/purpose';
import { purposeLabel } from '../lib/purpose';
import { VIEWS, type ViewName } from '../lib/views';
import { DeleteSavedQueryMutation, SavedQueriesQuery } from './documents';
import { SHARING } from './SaveQuery';

const sharingText = (s: string) => SHARING.find((x) => x.value === s)?.label ?? s;

export default function SavedQueriesPage() {
  const [purpose] = usePurpose();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: SavedQueriesQuery,
    requestPolicy: 'cache-and-network',
  });
  const [deleting, remove] = useMutation(DeleteSavedQueryMutation);
  const [confirm, setConfirm] = useState<string>();
  const [deleted, setDeleted] = useState<string>();

  const rows = data?.savedQueries ?? [];
  const mine = rows.filter((q) => q.mine);
  const shared = rows.filter((q) => !q.mine);

  async function doDelete(id: string, name: string) {
    const r = await remove({ id });
    if (!r.error) {
      setDeleted(name);
      setConfirm(undefined);
      refetch({ requestPolicy: 'network-only' });
    }
  }

  const table = (list: typeof rows, caption: string) => (
    <TableWrap label={caption}>
      <table className="govuk-table hub-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Name
            </th>
            <th scope="col" className="govuk-table__header">
              View
            </th>
            <th scope="col" className="govuk-table__header">
              Owner
            </th>
            <th scope="col" className="govuk-table__header">
              Shared with
            </th>
            <th scope="col" className="govuk-table__header">
              Actions
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {list.map((q) => {
            const csvUrl = `${window.location.origin}${q.csvPath}${purpose ? `?purpose=${purpose}` : ''}`;
            return (
              <tr className="govuk-table__row" key={q.id}>
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={withPurpose(`/saved/${encodeURIComponent(q.id)}`, purpose)}>
                    {q.name}
                  </Link>
                  {q.description && (
                    <p className="govuk-body-s govuk-!-margin-bottom-0 govuk-!-font-weight-regular">{q.description}</p>
                  )}
                </th>
                <td className="govuk-table__cell">{VIEWS[q.view as ViewName]?.title ?? q.view}</td>
                <td className="govuk-table__cell">
                  {q.owner} ({q.ownerAgency})
                </td>
                <td className="govuk-table__cell">{sharingText(q.sharing)}</td>
                <td className="govuk-table__cell hub-actions">
                  <details className="govuk-details govuk-!-margin-bottom-2">
                    <summary className="govuk-details__summary">
                      <span className="govuk-details__summary-text">
                        CSV link<span className="govuk-visually-hidden"> for {q.name}</span>
                      </span>
                    </summary>
                    <div className="govuk-details__text">
                      <p className="govuk-body-s">
                        A spreadsheet or Power BI can refresh this link with an API key of READ scope, sent in the
                        X-Api-Key header{purpose ? `; it reads for ${purposeLabel(purpose).toLowerCase()}` : ''}.
                      </p>
                      <label className="govuk-label govuk-label--s" htmlFor={`csv-${q.id}`}>
                        CSV link for {q.name}
                      </label>
                      <input
                        className="govuk-input"
                        id={`csv-${q.id}`}
                        readOnly
                        value={csvUrl}
                        onFocus={(e) => e.target.select()}
                      />
                      <CopyButton text={csvUrl} label="Copy link" inputId={`csv-${q.id}`} />
                    </div>
                  </details>
                  {q.mine &&
                    (confirm === q.id ? (
                      <div className="govuk-button-group">
                        <button
                          type="button"
                          className="govuk-button govuk-button--warning"
                          disabled={deleting.fetching}
                          onClick={() => doDelete(q.id, q.name)}
                        >
                          Yes, delete {q.name}
                        </button>
                        <button
                          type="button"
                          className="govuk-button govuk-button--secondary"
                          onClick={() => setConfirm(undefined)}
                        >
                          Cancel
                        </button>
                      </div>
                    ) : (
                      <button
                        type="button"
                        className="govuk-button govuk-button--warning hub-button-inline"
                        onClick={() => setConfirm(q.id)}
                      >
                        Delete<span className="govuk-visually-hidden"> {q.name}</span>
                      </button>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );

  return (
    <>
      <PageHeading title="Saved queries" />
      <p className="govuk-body">
        Queries you saved, and those others shared with your agency or the whole partnership. Opening one runs it under
        your own agreements and the purpose you chose, never the saver’s access. Save a query from the foot of Explore
        or any analysis.
      </p>
      {deleted && (
        <NotificationBanner title="Success" success>
          <p className="govuk-notification-banner__heading">Deleted “{deleted}”.</p>
        </NotificationBanner>
      )}
      {deleting.error && <ErrorSummary messages={errorMessages(deleting.error)} />}
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && (
        <>
          {mine.length ? (
            table(mine, 'Saved by you')
          ) : (
            <p className="govuk-body">You have not saved any queries yet.</p>
          )}
          {shared.length ? (
            table(shared, 'Shared with you')
          ) : (
            <p className="govuk-body">Nobody has shared a query with you yet.</p>
          )}
        </>
      )}
    </>
  );
}
