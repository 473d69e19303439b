import { useMemo } from 'react';
import { useClient } from 'urql';
import { graphql } from '../gql';
import type { ConsoleRepeatLocationsQuery } from '../gql/graphql';
import { Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { NumberInput, Select } from '../components/FilterForm';
import { AreaMap, MAP_LEVELS } from '../components/AreaMap';
import { barSpec } from '../components/specs';
import { formatAtPrecision, formatCount, humanise } from '../lib/format';
import { groupByInText, groupByLabel } from '../lib/groupBy';
import type { MapValue } from '../lib/mapScale';
import type { PurposeName } from '../lib/purpose';
import { VIEWS } from '../lib/views';
import { AnalysisPage, AnswerFooter, forPurpose } from './common';

export const RepeatLocationsQuery = graphql(`
  query ConsoleRepeatLocations(
    $purpose: Purpose!
    $filter: AnalysisFilter
    $level: GroupBy! = GRID_100M
    $minCount: Int! = 3
    $withinDays: Int! = 28
    $limit: Int! = 20
  ) @purpose(name: $purpose) {
    repeatLocations(filter: $filter, level: $level, minCount: $minCount, withinDays: $withinDays, limit: $limit) {
      level
      minCount
      withinDays
      rows {
        dataset
        area
        name
        category
        peakInWindow
        total
        firstAt
        lastAt
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
      csv
    }
  }
`);

const RepeatLocationsGeojsonQuery = graphql(`
  query ConsoleRepeatLocationsGeojson(
    $purpose: Purpose!
    $filter: AnalysisFilter
    $level: GroupBy! = GRID_100M
    $minCount: Int! = 3
    $withinDays: Int! = 28
    $limit: Int! = 20
  ) @purpose(name: $purpose) {
    repeatLocations(filter: $filter, level: $level, minCount: $minCount, withinDays: $withinDays, limit: $limit) {
      geojson
    }
  }
`);

type Rep = ConsoleRepeatLocationsQuery['repeatLocations'];

/** Repeat places on a map: 100 m squares over the wards, or areas; each at its most records within the window. */
function RepMap({ rep, purpose, variables }: { rep: Rep; purpose: PurposeName; variables: Record<string, unknown> }) {
  const client = useClient();
  const values = useMemo(() => {
    const most = new Map<string, MapValue>();
    for (const r of rep.rows) {
      const prev = most.get(r.area);
      if (!prev || ('value' in prev && prev.value < r.peakInWindow)) most.set(r.area, { value: r.peakInWindow });
    }
    return most;
  }, [rep]);
  const squares = rep.level === 'GRID_100M';
  if (!squares && !MAP_LEVELS.has(rep.level))
    return (
      <div className="govuk-inset-text" role="note" aria-label="Map">
        Postcode districts have no boundaries in the hub, so these places have no map. The table has every figure.
      </div>
    );
  const places = squares ? '100 m grid squares' : `areas by ${groupByInText(rep.level)}`;
  return (
    <AreaMap
      level={squares ? 'WARD' : rep.level}
      squares={squares ? [...values.keys()] : undefined}
      purpose={purpose}
      title={`Map: repeat locations as ${places}`}
      description={`The ${values.size} places with repeat records, as ${places}, coloured by the most records of one category within ${rep.withinDays} days (darker is more).`}
      measures={[{ label: `Most within ${rep.withinDays} days`, values }]}
      noDataLabel="No repeats"
      what="repeat-locations"
      geojson={async () =>
        (await client.query(RepeatLocationsGeojsonQuery, { purpose, ...variables } as never).toPromise()).data
          ?.repeatLocations.geojson
      }
    />
  );
}
const spec = VIEWS.REPEAT_LOCATIONS;
const LEVELS = ['GRID_100M', 'OUTWARD_POSTCODE', 'LSOA', 'WARD'];

function RepAnswer({
  rep,
  purpose,
  variables,
}: {
  rep: Rep;
  purpose: PurposeName;
  variables: Record<string, unknown>;
}) {
  const chart = useMemo(
    () =>
      barSpec(
        rep.rows.map((r) => ({ place: `${r.name} – ${humanise(r.category)} (${r.dataset})`, value: r.peakInWindow })),
        { field: 'place', title: 'Place and category' },
        { field: 'value', title: `Most records within ${rep.withinDays} days` },
        { horizontal: true, width: 420 },
      ),
    [rep],
  );
  return (
    <>
      <p className="govuk-body">
        Places by {groupByLabel(rep.level).toLowerCase()} with the same category of record at least{' '}
        <strong>{rep.minCount}</strong> times within <strong>{rep.withinDays}</strong> days.
      </p>
      {rep.rows.length > 0 ? (
        <Chart
          spec={chart}
          label="Bar chart: the places with the most repeat records in a window"
          what="repeat-locations"
          purpose={purpose}
        />
      ) : (
        <p className="govuk-body">No place reached the threshold.</p>
      )}
      {rep.rows.length > 0 && <RepMap rep={rep} purpose={purpose} variables={variables} />}
      {rep.rows.length > 0 && (
        <DataTable
          caption={forPurpose('Repeat locations', purpose)}
          columns={[
            { header: 'Place', rowHeader: true, render: (r) => (r.name === r.area ? r.area : `${r.name} (${r.area})`) },
            { header: 'Category', render: (r) => humanise(r.category) },
            { header: 'Dataset', render: (r) => r.dataset },
            { header: `Most within ${rep.withinDays} days`, numeric: true, render: (r) => formatCount(r.peakInWindow) },
            { header: 'Total', numeric: true, render: (r) => formatCount(r.total) },
            { header: 'First', render: (r) => (r.firstAt ? formatAtPrecision(r.firstAt, 'DAY', true) : 'Not shared') },
            { header: 'Last', render: (r) => (r.lastAt ? formatAtPrecision(r.lastAt, 'DAY', true) : 'Not shared') },
          ]}
          rows={rep.rows}
          rowKey={(r) => `${r.dataset}|${r.area}|${r.category}`}
        />
      )}
      <AnswerFooter answer={rep} spec={spec} purpose={purpose} variables={variables} what="repeat-locations" />
    </>
  );
}

export default function RepeatLocationsPage() {
  return (
    <AnalysisPage
      spec={spec}
      query={RepeatLocationsQuery}
      intro={
        <p className="govuk-body">
          Places where the same category of record happens again and again within a few days: where problem-solving may
          help.
        </p>
      }
      extra={(draft, set) => (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <Select
              id="level"
              label="Places"
              value={draft.level ?? 'GRID_100M'}
              onChange={(v) => set('level', v)}
              options={LEVELS.map((l) => ({ value: l, label: groupByLabel(l) }))}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <NumberInput
              id="minCount"
              label="At least (records)"
              value={draft.minCount ?? '3'}
              onChange={(v) => set('minCount', v)}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <NumberInput
              id="withinDays"
              label="Within (days)"
              value={draft.withinDays ?? '28'}
              onChange={(v) => set('withinDays', v)}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <NumberInput
              id="limit"
              label="How many places"
              value={draft.limit ?? '20'}
              onChange={(v) => set('limit', v)}
            />
          </div>
        </div>
      )}
    >
      {(data, purpose, variables) => <RepAnswer rep={data.repeatLocations} purpose={purpose} variables={variables} />}
    </AnalysisPage>
  );
}
