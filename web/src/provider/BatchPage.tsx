import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ApiError, Loading, PageHeading, SummaryList } from '../components/ui';
import { formatDate, formatDateTime, humanise } from '../lib/format';
import { BATCH_STATUS } from './BatchesPage';
import { BatchQuery } from './documents';
import { Report } from './Report';

export default function BatchPage() {
  const { id = '' } = useParams();
  const [{ data, error, fetching }] = useQuery({ query: BatchQuery, variables: { id } });
  const b = data?.importBatch;
  return (
    <>
      <Link to="/provider/batches" className="govuk-back-link hub-back">
        Back to my batches
      </Link>
      <PageHeading title={b ? `Batch of ${b.dataset}` : 'Batch'} caption={b ? formatDateTime(b.startedAt) : id} />
      {fetching && !b && <Loading />}
      <ApiError error={error} />
      {b && (
        <>
          <p className="govuk-body">
            <strong className={`govuk-tag ${BATCH_STATUS[b.status]?.cls ?? ''}`}>
              {BATCH_STATUS[b.status]?.text ?? humanise(b.status)}
            </strong>
          </p>
          {b.error && (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {b.error}
              </strong>
            </div>
          )}
          <SummaryList
            rows={[
              { key: 'Batch', value: b.id },
              { key: 'Submitted by', value: `${b.submittedBy} (${humanise(b.door)})` },
              { key: 'Started', value: formatDateTime(b.startedAt) },
              { key: 'Finished', value: b.finishedAt ? formatDateTime(b.finishedAt) : '–' },
              {
                key: 'Period declared',
                value: b.periodStart ? `${formatDate(b.periodStart)} to ${formatDate(b.periodEnd)}` : 'Not declared',
              },
              {
                key: 'Records dated',
                value: b.dataFrom ? `${formatDate(b.dataFrom)} to ${formatDate(b.dataTo)}` : '–',
              },
              { key: 'Read as', value: [b.sourceFormat, b.sourceEncoding].filter(Boolean).join(', ') || '–' },
              ...(b.sameAs
                ? [
                    {
                      key: 'Same file as',
                      value: (
                        <Link className="govuk-link" to={`/provider/batches/${encodeURIComponent(b.sameAs)}`}>
                          {b.sameAs}
                        </Link>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <h2 className="govuk-heading-m">What it did</h2>
          <Report
            dryRun={b.status === 'DRY_RUN'}
            r={{
              rowsRead: b.rowsRead,
              inserted: b.inserted,
              updated: b.updated,
              duplicates: b.duplicates,
              rejected: b.rejected,
              blank: b.blank,
              outsidePeriod: b.rowsOutsidePeriod,
              freeTextCoded: b.freeTextCoded,
              freeTextDropped: b.freeTextDropped,
              rejectedByRule: b.rejectedByRule,
              freeTextKinds: b.freeTextKinds,
              rejections: b.rejections,
              rejectionsStored: b.rejectionsStored,
              notes: b.notes,
              notesStored: b.notesStored,
            }}
          />
        </>
      )}
    </>
  );
}
