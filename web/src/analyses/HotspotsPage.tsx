import { useMemo } from 'react';
import { useClient } from 'urql';
import { graphql } from '../gql';
import type { ConsoleHotspotsQuery } from '../gql/graphql';
import { Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { NumberInput, ROUNDING_OPTIONS, Select } from '../components/FilterForm';
import { AreaMap, MAP_LEVELS, type MapMeasure } from '../components/AreaMap';
import { barSpec } from '../components/specs';
import { Count } from '../components/ui';
import { formatDate, formatPercent, formatRate } from '../lib/format';
import { groupByInText, groupByLabel } from '../lib/groupBy';
import type { MapValue } from '../lib/mapScale';
import type { PurposeName } from '../lib/purpose';
import { VIEWS } from '../lib/views';
import { AnalysisPage, AnswerFooter, forPurpose } from './common';

export const HotspotsQuery = graphql(`
  query ConsoleHotspots(
    $purpose: Purpose!
    $filter: AnalysisFilter
    $from: DateTimeISO!
    $to: DateTimeISO!
    $level: GroupBy! = LSOA
    $top: Int! = 10
    $rounding: Int
  ) @purpose(name: $purpose) {
    hotspots(filter: $filter, from: $from, to: $to, level: $level, top: $top, rounding: $rounding) {
      from
      to
      previousFrom
      previousTo
      level
      rows {
        area
        name
        current
        currentSuppressed
        previous
        previousSuppressed
        changePercent
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
      suppressedCells
      csv
    }
  }
`);

const HotspotsGeojsonQuery = graphql(`
  query ConsoleHotspotsGeojson(
    $purpose: Purpose!
    $filter: AnalysisFilter
    $from: DateTimeISO!
    $to: DateTimeISO!
    $level: GroupBy! = LSOA
    $top: Int! = 10
    $rounding: Int
  ) @purpose(name: $purpose) {
    hotspots(filter: $filter, from: $from, to: $to, level: $level, top: $top, rounding: $rounding) {
      geojson
    }
  }
`);

type Hot = ConsoleHotspotsQuery['hotspots'];

function HotMap({ hot, purpose, variables }: { hot: Hot; purpose: PurposeName; variables: Record<string, unknown> }) {
  const client = useClient();
  const measures = useMemo(() => {
    const counts = new Map<string, MapValue>();
    const rates = new Map<string, MapValue>();
    for (const r of hot.rows) {
      counts.set(r.area, r.currentSuppressed || r.current === null ? { suppressed: true } : { value: r.current });
      rates.set(r.area, r.currentSuppressed ? { suppressed: true } : r.rate === null ? null : { value: r.rate });
    }
    const out: MapMeasure[] = [{ label: 'Records this period', values: counts }];
    if ([...rates.values()].some((v) => v && 'value' in v)) out.push({ label: 'Per 1,000 residents', values: rates });
    return out;
  }, [hot]);
  if (!MAP_LEVELS.has(hot.level))
    return (
      <div className="govuk-inset-text" role="note" aria-label="Map">
        Postcode districts have no boundaries in the hub, so this ranking has no map. The table has every figure.
      </div>
    );
  const level = groupByInText(hot.level);
  return (
    <AreaMap
      level={hot.level}
      purpose={purpose}
      title={`Map: the top ${hot.rows.length} areas by ${level}, this period`}
      description={`Every area by ${level}; the top ${hot.rows.length} coloured by their records this period (darker is more), suppressed ones hatched, the others grey.`}
      measures={measures}
      noDataLabel={`Not in the top ${hot.rows.length}`}
      what="hotspots"
      geojson={async () =>
        (await client.query(HotspotsGeojsonQuery, { purpose, ...variables } as never).toPromise()).data?.hotspots
          .geojson
      }
    />
  );
}
const spec = VIEWS.HOTSPOTS;
export const AREA_LEVELS = ['LSOA', 'WARD', 'LOCAL_AUTHORITY', 'OUTWARD_POSTCODE'];

// "to" is exclusive: the last day shown is the day before.
const lastDay = (iso: string) => formatDate(new Date(new Date(iso).getTime() - 12 * 3600_000).toISOString());

function HotAnswer({
  hot,
  purpose,
  variables,
}: {
  hot: Hot;
  purpose: PurposeName;
  variables: Record<string, unknown>;
}) {
  const period = `${formatDate(hot.from)} to ${lastDay(hot.to)}`;
  const previous = `${formatDate(hot.previousFrom)} to ${lastDay(hot.previousTo)}`;
  const chart = useMemo(
    () =>
      barSpec(
        hot.rows.flatMap((r) => [
          { area: r.name, period: 'This period', value: r.currentSuppressed ? null : r.current },
          { area: r.name, period: 'Previous period', value: r.previousSuppressed ? null : r.previous },
        ]),
        { field: 'area', title: groupByLabel(hot.level) },
        { field: 'value', title: 'Count' },
        { color: { field: 'period', title: 'Period' } },
      ),
    [hot],
  );
  return (
    <>
      <p className="govuk-body">
        This period: <strong>{period}</strong>. Previous period: <strong>{previous}</strong>.
      </p>
      {hot.rows.length > 0 ? (
        <Chart
          spec={chart}
          label={`Bar chart: the top ${hot.rows.length} areas, this period against the previous one`}
          what="hotspots"
          purpose={purpose}
        />
      ) : (
        <p className="govuk-body">No area has a count to rank.</p>
      )}
      {hot.rows.length > 0 && <HotMap hot={hot} purpose={purpose} variables={variables} />}
      <DataTable
        caption={forPurpose(
          `Top areas by ${groupByLabel(hot.level).toLowerCase()}, ${period}`,
          purpose,
          variables.rounding,
        )}
        columns={[
          { header: 'Rank', numeric: true, render: (_r, i) => String(i + 1) },
          { header: 'Area', rowHeader: true, render: (r) => `${r.name} (${r.area})` },
          {
            header: 'This period',
            numeric: true,
            render: (r) => <Count value={r.current} suppressed={r.currentSuppressed} />,
          },
          {
            header: 'Previous period',
            numeric: true,
            render: (r) => <Count value={r.previous} suppressed={r.previousSuppressed} />,
          },
          { header: 'Change', numeric: true, render: (r) => formatPercent(r.changePercent, true) || 'Not known' },
          { header: 'Per 1,000 residents', numeric: true, render: (r) => formatRate(r.rate) },
        ]}
        rows={hot.rows}
        rowKey={(r) => r.area}
      />
      <AnswerFooter answer={hot} spec={spec} purpose={purpose} variables={variables} what="hotspots" />
    </>
  );
}

export default function HotspotsPage() {
  return (
    <AnalysisPage
      spec={spec}
      query={HotspotsQuery}
      periodRequired
      intro={
        <p className="govuk-body">
          The areas with the most records in a period, with the change against the previous period of the same length. A
          suppressed count never decides a rank.
        </p>
      }
      extra={(draft, set) => (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              id="level"
              label="Areas"
              value={draft.level ?? 'LSOA'}
              onChange={(v) => set('level', v)}
              options={AREA_LEVELS.map((l) => ({ value: l, label: groupByLabel(l) }))}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <NumberInput id="top" label="How many areas" value={draft.top ?? '10'} onChange={(v) => set('top', v)} />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              id="rounding"
              label="Rounding"
              value={draft.rounding ?? ''}
              onChange={(v) => set('rounding', v)}
              options={ROUNDING_OPTIONS}
            />
          </div>
        </div>
      )}
    >
      {(data, purpose, variables) => <HotAnswer hot={data.hotspots} purpose={purpose} variables={variables} />}
    </AnalysisPage>
  );
}
