import { useMemo } from 'react';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import type { ConsoleAggregateQuery } from '../gql/graphql';
import { Chart } from '../components/Chart';
import { DataTable, type Column } from '../components/DataTable';
import { Checkbox, FilterForm, ROUNDING_OPTIONS, Select } from '../components/FilterForm';
import { AreaMap, MAP_LEVELS, type MapMeasure } from '../components/AreaMap';
import { NeedsPurpose, PurposeNotice } from '../components/purpose';
import { Sources } from '../components/Sources';
import { barSpec, lineSpec } from '../components/specs';
import { ApiError, Count, download, Loading, PageHeading } from '../components/ui';
import { useViewState } from '../components/viewState';
import { exportFileName } from '../lib/csv';
import { formatRate, humanise } from '../lib/format';
import type { MapValue } from '../lib/mapScale';
import {
  AREA_GROUP_BY,
  breakdownText,
  EXPLORE_GROUP_BY,
  groupByInText,
  groupByLabel,
  PERIOD_GROUP_BY,
} from '../lib/groupBy';
import { purposeLabel, type PurposeName } from '../lib/purpose';
import { VIEWS } from '../lib/views';
import { SaveQuery } from '../saved/SaveQuery';
import { SavedBanner } from '../saved/SavedBanner';

export const AggregateQuery = graphql(`
  query ConsoleAggregate(
    $purpose: Purpose!
    $filter: AnalysisFilter
    $groupBy: [GroupBy!]!
    $rates: Boolean! = false
    $rounding: Int
  ) @purpose(name: $purpose) {
    aggregate(filter: $filter, groupBy: $groupBy, rates: $rates, rounding: $rounding) {
      dimensions
      cells {
        keys
        labels
        value
        suppressed
        rate
      }
      margins {
        dimension
        key
        label
        value
        suppressed
      }
      total {
        value
        suppressed
        rate
      }
      sources {
        dataset
        agency
        own
        controlled
        minCellSize
        agreements
      }
      excluded {
        dataset
        reason
      }
      notes
      suppressedCells
      rounding
      csv
    }
  }
`);

const AggregateGeojsonQuery = graphql(`
  query ConsoleAggregateGeojson(
    $purpose: Purpose!
    $filter: AnalysisFilter
    $groupBy: [GroupBy!]!
    $rates: Boolean! = false
    $rounding: Int
  ) @purpose(name: $purpose) {
    aggregate(filter: $filter, groupBy: $groupBy, rates: $rates, rounding: $rounding) {
      geojson
    }
  }
`);

type Aggregate = ConsoleAggregateQuery['aggregate'];
type Cell = Aggregate['cells'][number];

const spec = VIEWS.EXPLORE;

/** The breakdowns chosen, first one YEAR when none. */
const split = (v: string): [string, string | undefined] => {
  const [a, b] = v.split(',').filter(Boolean);
  return [a || 'YEAR', b];
};

/** A cell's label for people: category codes in words, "Unknown" for a missing key. */
function cellLabel(result: Aggregate, c: Cell, i: number): string {
  if (c.keys[i] === null || c.keys[i] === undefined) return 'Unknown';
  const label = c.labels[i] ?? String(c.keys[i]);
  const dim = result.dimensions[i];
  return dim === 'CATEGORY' || dim === 'SUBCATEGORY' ? humanise(label) : label;
}

function ExploreChart({ result, purpose }: { result: Aggregate; purpose: PurposeName }) {
  const chart = useMemo(() => {
    if (result.cells.length > 5000) return null;
    const dims = result.dimensions;
    const values = result.cells.map((c) => ({
      a: cellLabel(result, c, 0),
      b: cellLabel(result, c, 1),
      value: c.suppressed ? null : c.value,
    }));
    const y = { field: 'value', title: 'Count' };
    if (dims.length === 1) {
      return PERIOD_GROUP_BY.has(dims[0]) && result.cells.length > 1
        ? lineSpec(values, { field: 'a', title: groupByLabel(dims[0]) }, y)
        : barSpec(values, { field: 'a', title: groupByLabel(dims[0]) }, y, { horizontal: result.cells.length > 16 });
    }
    const seriesCount = new Set(values.map((v) => v.b)).size;
    if (seriesCount > 12) return null;
    return PERIOD_GROUP_BY.has(dims[0])
      ? lineSpec(values, { field: 'a', title: groupByLabel(dims[0]) }, y, { field: 'b', title: groupByLabel(dims[1]) })
      : barSpec(values, { field: 'a', title: groupByLabel(dims[0]) }, y, {
          color: { field: 'b', title: groupByLabel(dims[1]) },
        });
  }, [result]);
  if (result.cells.length > 5000)
    return (
      <p className="govuk-body">
        Too many figures ({result.cells.length.toLocaleString('en-GB')}) to chart: the table has every one. Choose a
        coarser breakdown or a shorter period to see a chart.
      </p>
    );
  if (!chart)
    return (
      <p className="govuk-body">
        Too many series to chart clearly: the table has every figure. Choose fewer values, or swap the two breakdowns.
      </p>
    );
  return (
    <Chart
      spec={chart}
      label={`Chart: ${breakdownText(result.dimensions).toLowerCase()}`}
      what="explore"
      purpose={purpose}
    />
  );
}

/**
 * The answer on a map, when it is broken down by an area with boundaries: one breakdown
 * maps its cells; with a second breakdown, the area totals.
 */
function ExploreMap({
  result,
  purpose,
  variables,
}: {
  result: Aggregate;
  purpose: PurposeName;
  variables: Record<string, unknown>;
}) {
  const client = useClient();
  const at = result.dimensions.findIndex((d) => AREA_GROUP_BY.has(d));
  const level = result.dimensions[at];
  const measures = useMemo(() => {
    const counts = new Map<string, MapValue>();
    const rates = new Map<string, MapValue>();
    const put = (
      key: string | null | undefined,
      value: number | null | undefined,
      suppressed: boolean,
      rate?: number | null,
    ) => {
      if (key === null || key === undefined) return;
      counts.set(key, suppressed || value === null || value === undefined ? { suppressed: true } : { value });
      if (rate !== undefined)
        rates.set(key, suppressed ? { suppressed: true } : rate === null ? null : { value: rate });
    };
    if (result.dimensions.length === 1) for (const c of result.cells) put(c.keys[0], c.value, c.suppressed, c.rate);
    else for (const m of result.margins) if (m.dimension === level) put(m.key, m.value, m.suppressed);
    const out: MapMeasure[] = [{ label: 'Records', values: counts }];
    if ([...rates.values()].some((v) => v && 'value' in v)) out.push({ label: 'Per 1,000 residents', values: rates });
    return out;
  }, [result, level]);
  if (level === 'OUTWARD_POSTCODE')
    return (
      <div className="govuk-inset-text" role="note" aria-label="Map">
        Postcode districts have no boundaries in the hub, so this breakdown has no map. The table has every figure.
      </div>
    );
  const squares = level === 'GRID_100M' ? [...measures[0].values.keys()] : undefined;
  if (squares && squares.length > 3000)
    return (
      <p className="govuk-body">
        Too many grid squares ({squares.length.toLocaleString('en-GB')}) to map: choose a shorter period or fewer
        categories.
      </p>
    );
  const what = `${groupByInText(level)}${result.dimensions.length > 1 ? ' (totals)' : ''}`;
  return (
    <AreaMap
      level={MAP_LEVELS.has(level) ? level : 'WARD'}
      squares={squares}
      purpose={purpose}
      title={`Map: records by ${what}`}
      description={`A map of the answer by ${what}: darker areas have more records; hatched areas are suppressed; grey areas have no figure.`}
      measures={measures}
      what="explore"
      geojson={async () => {
        const r = await client
          .query(AggregateGeojsonQuery, { purpose, ...(variables as { groupBy: string[] }) } as never)
          .toPromise();
        return r.data?.aggregate.geojson;
      }}
    />
  );
}

function CrossTable({ result, caption }: { result: Aggregate; caption: string }) {
  const [d1, d2] = result.dimensions;
  const colKeys: { key: string | null; label: string }[] = [];
  const seen = new Set<string>();
  for (const c of result.cells) {
    const k = String(c.keys[1]);
    if (!seen.has(k)) {
      seen.add(k);
      colKeys.push({ key: c.keys[1] ?? null, label: cellLabel(result, c, 1) });
    }
  }
  const rows: { key: string | null; label: string; cells: Map<string, Cell> }[] = [];
  const rowIndex = new Map<string, (typeof rows)[number]>();
  for (const c of result.cells) {
    const k = String(c.keys[0]);
    let row = rowIndex.get(k);
    if (!row) {
      row = { key: c.keys[0] ?? null, label: cellLabel(result, c, 0), cells: new Map() };
      rowIndex.set(k, row);
      rows.push(row);
    }
    row.cells.set(String(c.keys[1]), c);
  }
  const margin = (dim: string, key: string | null) => result.margins.find((m) => m.dimension === dim && m.key === key);
  const columns: Column<(typeof rows)[number]>[] = [
    { header: groupByLabel(d1), rowHeader: true, render: (r) => r.label },
    ...colKeys.map((ck) => ({
      header: ck.label,
      numeric: true,
      render: (r: (typeof rows)[number]) => {
        const c = r.cells.get(String(ck.key));
        return c ? <Count value={c.value} suppressed={c.suppressed} /> : '0';
      },
    })),
    {
      header: 'Total',
      numeric: true,
      render: (r) => {
        const m = margin(d1, r.key);
        return m ? <Count value={m.value} suppressed={m.suppressed} /> : '';
      },
    },
  ];
  const footer = (
    <tfoot>
      <tr className="govuk-table__row hub-total-row">
        <th scope="row" className="govuk-table__header">
          Total
        </th>
        {colKeys.map((ck) => {
          const m = margin(d2, ck.key);
          return (
            <td key={String(ck.key)} className="govuk-table__cell govuk-table__cell--numeric">
              {m ? <Count value={m.value} suppressed={m.suppressed} /> : ''}
            </td>
          );
        })}
        <td className="govuk-table__cell govuk-table__cell--numeric">
          <Count value={result.total.value} suppressed={result.total.suppressed} />
        </td>
      </tr>
    </tfoot>
  );
  return <DataTable caption={caption} columns={columns} rows={rows} rowKey={(r) => String(r.key)} footer={footer} />;
}

function LongTable({ result, caption }: { result: Aggregate; caption: string }) {
  const hasRate = result.cells.some((c) => c.rate !== null && c.rate !== undefined);
  const columns: Column<Cell>[] = [
    ...result.dimensions.map((d, i) => ({
      header: groupByLabel(d),
      rowHeader: i === 0,
      render: (c: Cell) => cellLabel(result, c, i),
    })),
    { header: 'Count', numeric: true, render: (c) => <Count value={c.value} suppressed={c.suppressed} /> },
    ...(hasRate
      ? [
          {
            header: 'Per 1,000 residents',
            numeric: true,
            render: (c: Cell) => (c.suppressed ? '' : formatRate(c.rate)),
          },
        ]
      : []),
  ];
  const footer = (
    <tfoot>
      <tr className="govuk-table__row hub-total-row">
        <th scope="row" className="govuk-table__header" colSpan={result.dimensions.length}>
          Total
        </th>
        <td className="govuk-table__cell govuk-table__cell--numeric">
          <Count value={result.total.value} suppressed={result.total.suppressed} />
        </td>
        {hasRate && <td className="govuk-table__cell govuk-table__cell--numeric">{formatRate(result.total.rate)}</td>}
      </tr>
    </tfoot>
  );
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={result.cells}
      rowKey={(c) => c.keys.join('|')}
      footer={footer}
    />
  );
}

function Answer({
  result,
  purpose,
  variables,
}: {
  result: Aggregate;
  purpose: PurposeName;
  variables: Record<string, unknown>;
}) {
  const dims = result.dimensions;
  const caption = `${breakdownText(dims)}, for ${purposeLabel(purpose).toLowerCase()}${result.rounding ? `, rounded to the nearest ${result.rounding}` : ''}`;
  const cols = dims.length === 2 ? new Set(result.cells.map((c) => String(c.keys[1]))).size : 0;
  return (
    <>
      <p className="govuk-body-l">
        Total: <strong>{<Count value={result.total.value} suppressed={result.total.suppressed} />}</strong>
        {result.cells.length > 0 && (
          <>
            {' '}
            across {result.cells.length.toLocaleString('en-GB')} {result.cells.length === 1 ? 'cell' : 'cells'}
          </>
        )}
      </p>
      {result.cells.length > 0 && <ExploreChart result={result} purpose={purpose} />}
      {dims.some((d) => AREA_GROUP_BY.has(d)) && result.cells.length > 0 && (
        <ExploreMap result={result} purpose={purpose} variables={variables} />
      )}
      {result.cells.length > 0 &&
        (dims.length === 2 && cols <= 14 ? (
          <CrossTable result={result} caption={caption} />
        ) : (
          <LongTable result={result} caption={caption} />
        ))}
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => download(exportFileName('explore', purpose, 'csv'), result.csv)}
        >
          Download table as CSV
        </button>
      </div>
      <Sources
        sources={result.sources}
        excluded={result.excluded}
        notes={result.notes}
        suppressedCells={result.suppressedCells}
      />
      <SaveQuery view="EXPLORE" parameters={variables} purpose={purpose} />
    </>
  );
}

export default function ExplorePage() {
  const { purpose, variables, search, apply } = useViewState(spec);
  const [{ data, error, fetching }] = useQuery({
    query: AggregateQuery,
    variables: { purpose: purpose!, ...(variables as { groupBy: string[] }) } as never,
    pause: !purpose,
  });
  const groupBy = (variables.groupBy as string[]) ?? [];
  return (
    <>
      <PageHeading title="Explore" caption="Query builder" />
      <SavedBanner />
      <p className="govuk-body">
        Count records by period, area, category, dataset or agency, as finely as your agreements allow. Counts from
        partners’ data you may see only in aggregate are under disclosure control.
      </p>
      <PurposeNotice purpose={purpose} />
      <div className="govuk-grid-row hub-workspace">
        <div className="govuk-grid-column-one-quarter hub-sidebar">
          <FilterForm
            initial={search}
            onApply={apply}
            extra={(draft, set) => (
              <div className="govuk-grid-row">
                <div className="govuk-grid-column-one-third">
                  <Select
                    id="groupBy1"
                    label="Break down by"
                    value={split(draft.groupBy ?? groupBy.join(','))[0]}
                    onChange={(v) =>
                      set(
                        'groupBy',
                        [v, split(draft.groupBy ?? groupBy.join(','))[1]]
                          .filter((g, i) => g && (i === 0 || g !== v))
                          .join(','),
                      )
                    }
                    options={EXPLORE_GROUP_BY.map((g) => ({ value: g, label: groupByLabel(g) }))}
                  />
                </div>
                <div className="govuk-grid-column-one-third">
                  <Select
                    id="groupBy2"
                    label="Then by (optional)"
                    value={split(draft.groupBy ?? groupBy.join(','))[1] ?? ''}
                    onChange={(v) =>
                      set('groupBy', [split(draft.groupBy ?? groupBy.join(','))[0], v].filter(Boolean).join(','))
                    }
                    options={EXPLORE_GROUP_BY.filter((g) => g !== split(draft.groupBy ?? groupBy.join(','))[0]).map(
                      (g) => ({ value: g, label: groupByLabel(g) }),
                    )}
                    empty="Nothing else"
                  />
                </div>
                <div className="govuk-grid-column-one-third">
                  <Select
                    id="rounding"
                    label="Rounding"
                    value={draft.rounding ?? ''}
                    onChange={(v) => set('rounding', v)}
                    options={ROUNDING_OPTIONS}
                  />
                  <Checkbox
                    id="rates"
                    label="Rates per 1,000 residents"
                    hint="For area breakdowns."
                    checked={draft.rates === '1'}
                    onChange={(v) => set('rates', v ? '1' : '')}
                  />
                </div>
              </div>
            )}
          />
        </div>
        <div className="govuk-grid-column-three-quarters hub-results">
          <NeedsPurpose purpose={purpose}>
            <div aria-live="polite" aria-busy={fetching}>
              {fetching && <Loading what="Counting" />}
              <ApiError error={error} />
            </div>
            {data && purpose && <Answer result={data.aggregate} purpose={purpose} variables={variables} />}
          </NeedsPurpose>
        </div>
      </div>
    </>
  );
}
