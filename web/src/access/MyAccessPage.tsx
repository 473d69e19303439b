import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { ConsoleMyAccessQuery } from '../gql/graphql';
import { NeedsPurpose, usePurpose, PurposeNotice } from '../components/purpose';
import { ApiError, Loading, PageHeading, SummaryList, TableWrap } from '../components/ui';
import { humanise } from '../lib/format';
import { purposeLabel } from '../lib/purpose';

export const MyAccessQuery = graphql(`
  query ConsoleMyAccess($purpose: Purpose!) @purpose(name: $purpose) {
    myAccess {
      purpose
      denial
      datasets {
        dataset {
          key
          name
          kind
          agency {
            code
            name
          }
        }
        own
        level
        minCellSize
        reasons
        fields {
          field
          access
          aggregatePrecision
          recordPrecision
          agreements
        }
      }
    }
  }
`);

type DA = ConsoleMyAccessQuery['myAccess']['datasets'][number];

const LEVEL: Record<string, { text: string; tag: string }> = {
  RECORD: { text: 'Record level', tag: 'govuk-tag--green' },
  AGGREGATE: { text: 'Aggregate only', tag: 'govuk-tag--blue' },
  NONE: { text: 'Not shared', tag: 'govuk-tag--grey' },
};

function Level({ level }: { level: string }) {
  return <strong className={`govuk-tag ${LEVEL[level]?.tag ?? ''}`}>{LEVEL[level]?.text ?? humanise(level)}</strong>;
}

function DatasetCard({ d }: { d: DA }) {
  return (
    <section className="hub-access-card" aria-labelledby={`ds-${d.dataset.key}`}>
      <h2 className="govuk-heading-m" id={`ds-${d.dataset.key}`}>
        {d.dataset.name}
      </h2>
      <SummaryList
        rows={[
          { key: 'Dataset', value: `${d.dataset.key} (${humanise(d.dataset.kind)})` },
          { key: 'Provided by', value: `${d.dataset.agency.name}${d.own ? ' (your agency)' : ''}` },
          { key: 'What you may see', value: <Level level={d.level} /> },
          {
            key: 'Disclosure control',
            value: d.own
              ? 'None: your own data'
              : d.level === 'NONE'
                ? 'Not applicable'
                : `Counts under ${d.minCellSize} are suppressed where you may see only aggregates`,
          },
          {
            key: 'Why',
            value: (
              <ul className="govuk-list">
                {d.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      {d.level !== 'NONE' && (
        <TableWrap label={`Field by field: ${d.dataset.name}`}>
          <table className="govuk-table hub-table">
            <caption className="govuk-table__caption govuk-table__caption--s">Field by field: {d.dataset.name}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Field
                </th>
                <th scope="col" className="govuk-table__header">
                  Access
                </th>
                <th scope="col" className="govuk-table__header">
                  Finest for records
                </th>
                <th scope="col" className="govuk-table__header">
                  Finest for counts
                </th>
                <th scope="col" className="govuk-table__header">
                  Agreements
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {d.fields.map((f) => (
                <tr className="govuk-table__row" key={f.field}>
                  <th scope="row" className="govuk-table__header">
                    {humanise(f.field)}
                  </th>
                  <td className="govuk-table__cell">
                    <Level level={f.access} />
                  </td>
                  <td className="govuk-table__cell">{humanise(f.recordPrecision) || '–'}</td>
                  <td className="govuk-table__cell">{humanise(f.aggregatePrecision) || '–'}</td>
                  <td className="govuk-table__cell">{f.agreements.join(', ') || (d.own ? 'Your own data' : '–')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

export default function MyAccessPage() {
  const [purpose] = usePurpose();
  const [{ data, error, fetching }] = useQuery({
    query: MyAccessQuery,
    variables: { purpose: purpose! },
    pause: !purpose,
  });
  const datasets = data?.myAccess.datasets ?? [];
  const shared = datasets.filter((d) => d.level !== 'NONE');
  const notShared = datasets.filter((d) => d.level === 'NONE');
  return (
    <>
      <PageHeading title="What may I see, and why?" caption="My access" />
      <PurposeNotice purpose={purpose} />
      <NeedsPurpose purpose={purpose}>
        <p className="govuk-body">
          What your agency’s agreements let you see of each dataset for{' '}
          <strong>{purpose && purposeLabel(purpose).toLowerCase()}</strong>, field by field, and which agreements and
          clauses grant it. Choose another purpose at the top to compare.
        </p>
        {fetching && <Loading />}
        <ApiError error={error} />
        {data?.myAccess.denial && (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              {data.myAccess.denial}
            </strong>
          </div>
        )}
        {data && (
          <>
            <p className="govuk-body">
              {shared.length} of {datasets.length} datasets shared with you for this purpose.
            </p>
            {shared.map((d) => (
              <DatasetCard key={d.dataset.key} d={d} />
            ))}
            {notShared.length > 0 && (
              <>
                <h2 className="govuk-heading-l">Not shared with you for this purpose</h2>
                {notShared.map((d) => (
                  <DatasetCard key={d.dataset.key} d={d} />
                ))}
              </>
            )}
          </>
        )}
      </NeedsPurpose>
    </>
  );
}
