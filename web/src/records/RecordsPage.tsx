import { useMemo, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { ConsoleRecordsQuery } from '../gql/graphql';
import { FilterForm, Select } from '../components/FilterForm';
import { NeedsPurpose, usePurpose, PurposeNotice } from '../components/purpose';
import { ApiError, download, ErrorSummary, errorMessages, Loading, PageHeading, TableWrap } from '../components/ui';
import { exportFileName, toCsv } from '../lib/csv';
import { formatAtPrecision, formatDetails, humanise } from '../lib/format';
import { purposeLabel } from '../lib/purpose';
import { filterFromSearch, filterToVariables } from '../lib/views';
import { footnotes, withheldFields } from './withheld';

export const RecordsQuery = graphql(`
  query ConsoleRecords($purpose: Purpose!, $first: Int!, $after: String, $filter: RecordFilter)
  @purpose(name: $purpose) {
    records(first: $first, after: $after, filter: $filter) {
      nodes {
        id
        dataset
        provider
        kind
        category
        subcategory
        occurredAt
        timePrecision
        lsoa
        ward
        localAuthority
        outwardPostcode
        gridEasting
        gridNorthing
        locationPrecision
        ageBand
        sex
        details
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

type Rec = ConsoleRecordsQuery['records']['nodes'][number];

interface Col {
  header: string;
  fields: (keyof Rec)[];
  value: (r: Rec) => string;
}

const COLUMNS: Col[] = [
  { header: 'Dataset', fields: ['dataset'], value: (r) => r.dataset },
  { header: 'Category', fields: ['category'], value: (r) => humanise(r.category) },
  { header: 'Subcategory', fields: ['subcategory'], value: (r) => humanise(r.subcategory) },
  { header: 'When', fields: ['occurredAt'], value: (r) => formatAtPrecision(r.occurredAt, r.timePrecision, true) },
  { header: 'LSOA', fields: ['lsoa'], value: (r) => r.lsoa ?? '' },
  { header: 'Ward', fields: ['ward'], value: (r) => r.ward ?? '' },
  { header: 'Local authority', fields: ['localAuthority'], value: (r) => r.localAuthority ?? '' },
  { header: 'Outward postcode', fields: ['outwardPostcode'], value: (r) => r.outwardPostcode ?? '' },
  {
    header: '100 m square',
    fields: ['gridEasting', 'gridNorthing'],
    value: (r) => (r.gridEasting !== null && r.gridEasting !== undefined ? `${r.gridEasting}, ${r.gridNorthing}` : ''),
  },
  { header: 'Age band', fields: ['ageBand'], value: (r) => r.ageBand ?? '' },
  { header: 'Sex', fields: ['sex'], value: (r) => r.sex ?? '' },
  {
    header: 'Details',
    fields: ['details'],
    value: (r) => formatDetails(r.details),
  },
];

const PAGE_SIZES = ['25', '50', '100', '200'];

export default function RecordsPage() {
  const [search] = useSearchParams();
  const [purpose] = usePurpose();
  const navigate = useNavigate();
  const filter = useMemo(() => {
    const f = filterToVariables(filterFromSearch(search));
    if (f) {
      // Records take datasets, kinds, categories, areas and the period.
      delete f.agencies;
      delete f.subcategories;
    }
    return f;
  }, [search]);
  const first = PAGE_SIZES.includes(search.get('first') ?? '') ? Number(search.get('first')) : 50;
  const after = search.get('after') || undefined;
  const [{ data, error, fetching }] = useQuery({
    query: RecordsQuery,
    variables: { purpose: purpose!, first, after, filter },
    pause: !purpose,
  });

  const withheld = useMemo(() => (error ? withheldFields(error.graphQLErrors) : []), [error]);
  const notes = useMemo(() => footnotes(withheld), [withheld]);
  const otherErrors =
    error &&
    (!data ||
      error.graphQLErrors.some(
        (e) => e.extensions?.code !== 'FORBIDDEN' || !e.path || e.path[0] !== 'records' || e.path.length < 4,
      ));
  const nodes = data?.records.nodes ?? [];

  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    navigate(`/records?${next.toString()}`);
  };

  const cell = (r: Rec, i: number, c: Col): ReactNode => {
    const n = c.fields.map((f) => notes.lookup.get(`${i}:${String(f)}`)).find((x) => x !== undefined);
    if (n !== undefined)
      return (
        <>
          <strong className="govuk-tag govuk-tag--grey hub-tag-small">Withheld</strong>{' '}
          <a href={`#withheld-${n}`} className="govuk-link hub-footnote">
            <span className="govuk-visually-hidden">reason </span>[{n}]
          </a>
        </>
      );
    return c.value(r);
  };

  function exportCsv() {
    if (!purpose) return;
    const rows = nodes.map((r, i) =>
      COLUMNS.map((c) => (c.fields.some((f) => notes.lookup.has(`${i}:${String(f)}`)) ? 'withheld' : c.value(r))),
    );
    download(
      exportFileName('records', purpose, 'csv'),
      toCsv(
        COLUMNS.map((c) => c.header),
        rows,
      ),
    );
  }

  return (
    <>
      <PageHeading title="Records" />
      <p className="govuk-body">
        Record-level data as your agreements allow for the purpose you chose. A field you may not see is shown as
        withheld, with the grant it needs.
      </p>
      <PurposeNotice purpose={purpose} />
      <FilterForm
        subcategories={false}
        initial={search}
        onApply={(next) => {
          next.delete('after');
          if (purpose) next.set('purpose', purpose);
          navigate(`/records?${next.toString()}`);
        }}
        extra={(draft, set) => (
          <Select
            id="first"
            label="Records per page"
            value={draft.first ?? '50'}
            onChange={(v) => set('first', v)}
            options={PAGE_SIZES.map((p) => ({ value: p, label: p }))}
          />
        )}
      />
      <NeedsPurpose purpose={purpose}>
        <div aria-live="polite" aria-busy={fetching}>
          {fetching && <Loading what="Fetching records" />}
          {otherErrors && !data && <ApiError error={error} />}
          {otherErrors && data && (
            <ErrorSummary messages={errorMessages(error!).filter((m) => !notes.reasons.includes(m))} />
          )}
        </div>
        {data && purpose && (
          <>
            {nodes.length === 0 ? (
              <p className="govuk-body">No records match.</p>
            ) : (
              <TableWrap label={'Records table'}>
                <table className="govuk-table hub-table hub-table--dense hub-table--records">
                  <caption className="govuk-table__caption govuk-table__caption--m">
                    Records {after ? '(a later page)' : '(first page)'}: {nodes.length} shown, for{' '}
                    {purposeLabel(purpose).toLowerCase()}
                  </caption>
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">
                        #
                      </th>
                      {COLUMNS.map((c) => (
                        <th scope="col" className="govuk-table__header" key={c.header}>
                          {c.header}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {nodes.map((r, i) => (
                      <tr className="govuk-table__row" key={r.id}>
                        <th scope="row" className="govuk-table__header">
                          {i + 1}
                        </th>
                        {COLUMNS.map((c) => (
                          <td
                            className={`govuk-table__cell${c.header === 'Details' || c.header === 'Category' ? ' hub-wrap' : ''}`}
                            key={c.header}
                          >
                            {cell(r, i, c)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
            {notes.reasons.length > 0 && (
              <div className="govuk-inset-text">
                <h2 className="govuk-heading-s">Why fields are withheld</h2>
                <ol className="govuk-list govuk-list--number">
                  {notes.reasons.map((r, i) => (
                    <li key={r} id={`withheld-${i + 1}`}>
                      {r}
                    </li>
                  ))}
                </ol>
              </div>
            )}
            <nav className="govuk-pagination" aria-label="Pages of records">
              {after && (
                <div className="govuk-pagination__prev">
                  <button
                    type="button"
                    className="govuk-link govuk-pagination__link hub-link-button"
                    onClick={() => go({ after: undefined })}
                  >
                    <span className="govuk-pagination__link-title">First page</span>
                  </button>
                </div>
              )}
              {data.records.pageInfo.hasNextPage && data.records.pageInfo.endCursor && (
                <div className="govuk-pagination__next">
                  <button
                    type="button"
                    className="govuk-link govuk-pagination__link hub-link-button"
                    onClick={() => go({ after: data.records.pageInfo.endCursor! })}
                  >
                    <span className="govuk-pagination__link-title">
                      Next page<span className="govuk-visually-hidden"> of records</span>
                    </span>
                  </button>
                </div>
              )}
            </nav>
            {nodes.length > 0 && (
              <div className="govuk-button-group">
                <button type="button" className="govuk-button govuk-button--secondary" onClick={exportCsv}>
                  Download these records as CSV
                </button>
              </div>
            )}
          </>
        )}
      </NeedsPurpose>
    </>
  );
}
