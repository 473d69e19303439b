import { useMemo } from 'react';
import { useClient } from 'urql';
import { graphql } from '../gql';
import type { ConsoleCrossAgencyQuery } from '../gql/graphql';
import { Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { ROUNDING_OPTIONS, Select } from '../components/FilterForm';
import { AreaMap, type MapMeasure } from '../components/AreaMap';
import { barSpec } from '../components/specs';
import { Count } from '../components/ui';
import { formatPercent } from '../lib/format';
import { groupByInText, groupByLabel } from '../lib/groupBy';
import type { MapValue } from '../lib/mapScale';
import type { PurposeName } from '../lib/purpose';
import { VIEWS } from '../lib/views';
import { AnalysisPage, AnswerFooter, forPurpose } from './common';

export const CrossAgencyQuery = graphql(`
  query ConsoleCrossAgency($purpose: Purpose!, $filter: AnalysisFilter, $level: GroupBy! = LSOA, $rounding: Int)
  @purpose(name: $purpose) {
    crossAgency(filter: $filter, level: $level, rounding: $rounding) {
      level
      rows {
        area
        name
        aeAssaults {
          value
          suppressed
        }
        policeViolence {
          value
          suppressed
        }
        policeViolenceWithInjury {
          value
          suppressed
        }
        unknownToPoliceShare
      }
      total {
        aeAssaults {
          value
          suppressed
        }
        policeViolence {
          value
          suppressed
        }
        policeViolenceWithInjury {
          value
          suppressed
        }
        unknownToPoliceShare
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
      csv
    }
  }
`);

type CA = ConsoleCrossAgencyQuery['crossAgency'];

const CrossAgencyGeojsonQuery = graphql(`
  query ConsoleCrossAgencyGeojson($purpose: Purpose!, $filter: AnalysisFilter, $level: GroupBy! = LSOA, $rounding: Int)
  @purpose(name: $purpose) {
    crossAgency(filter: $filter, level: $level, rounding: $rounding) {
      geojson
    }
  }
`);

type Figure = { value?: number | null; suppressed: boolean };
const asMapValue = (p: Figure): MapValue =>
  p.suppressed || p.value === null || p.value === undefined ? { suppressed: true } : { value: p.value };

function CrossAgencyMap({
  ca,
  purpose,
  variables,
}: {
  ca: CA;
  purpose: PurposeName;
  variables: Record<string, unknown>;
}) {
  const client = useClient();
  const measures = useMemo(
    (): MapMeasure[] => [
      { label: 'A&E assault attendances', values: new Map(ca.rows.map((r) => [r.area, asMapValue(r.aeAssaults)])) },
      {
        label: 'Police: violence with injury',
        values: new Map(ca.rows.map((r) => [r.area, asMapValue(r.policeViolenceWithInjury)])),
      },
      {
        label: 'Unknown to police (at least, %)',
        values: new Map(
          ca.rows.map((r) => [r.area, r.unknownToPoliceShare === null ? null : { value: r.unknownToPoliceShare }]),
        ),
      },
    ],
    [ca],
  );
  const level = groupByInText(ca.level);
  return (
    <AreaMap
      level={ca.level}
      purpose={purpose}
      title={`Map: A&E assaults and police violence by ${level}`}
      description={`Every area by ${level}, coloured by the figure chosen (darker is more); suppressed areas hatched, areas with no figure grey.`}
      measures={measures}
      what="cross-agency"
      geojson={async () =>
        (await client.query(CrossAgencyGeojsonQuery, { purpose, ...variables } as never).toPromise()).data?.crossAgency
          .geojson
      }
    />
  );
}
type Row = CA['rows'][number];
const spec = VIEWS.CROSS_AGENCY;

function CAAnswer({ ca, purpose, variables }: { ca: CA; purpose: PurposeName; variables: Record<string, unknown> }) {
  const chart = useMemo(
    () =>
      barSpec(
        ca.rows.flatMap((r) => [
          {
            area: r.name,
            measure: 'A&E assault attendances',
            value: r.aeAssaults.suppressed ? null : r.aeAssaults.value,
          },
          {
            area: r.name,
            measure: 'Police violence with injury',
            value: r.policeViolenceWithInjury.suppressed ? null : r.policeViolenceWithInjury.value,
          },
        ]),
        { field: 'area', title: groupByLabel(ca.level) },
        { field: 'value', title: 'Count' },
        { color: { field: 'measure', title: 'Measure' } },
      ),
    [ca],
  );
  const columns = [
    { header: 'Area', rowHeader: true, render: (r: Row) => (r.area ? `${r.name} (${r.area})` : r.name) },
    {
      header: 'A&E assault attendances',
      numeric: true,
      render: (r: Row) => <Count value={r.aeAssaults.value} suppressed={r.aeAssaults.suppressed} />,
    },
    {
      header: 'Police violence',
      numeric: true,
      render: (r: Row) => <Count value={r.policeViolence.value} suppressed={r.policeViolence.suppressed} />,
    },
    {
      header: 'Police violence with injury',
      numeric: true,
      render: (r: Row) => (
        <Count value={r.policeViolenceWithInjury.value} suppressed={r.policeViolenceWithInjury.suppressed} />
      ),
    },
    {
      header: 'Unknown to the police (at least)',
      numeric: true,
      render: (r: Row) => formatPercent(r.unknownToPoliceShare) || 'Not known',
    },
  ];
  return (
    <>
      <section className="hub-direction" aria-labelledby="unknown-title">
        <h2 className="govuk-heading-m" id="unknown-title">
          Share of A&E assault attendances unknown to the police
        </h2>
        <p className="govuk-body-l govuk-!-margin-bottom-1">
          At least <strong>{formatPercent(ca.total.unknownToPoliceShare) || 'not known'}</strong>
        </p>
        <p className="govuk-body-s govuk-!-margin-bottom-0">
          A lower bound: in each area, at most as many attendances as police-recorded injuries can have been reported.
          The hub does not link records across agencies.
        </p>
      </section>
      {ca.rows.length > 0 && (
        <Chart
          spec={chart}
          label={`Bar chart: A&E assault attendances against police violence with injury, by ${groupByLabel(ca.level).toLowerCase()}`}
          what="cross-agency"
          purpose={purpose}
        />
      )}
      {ca.rows.length > 0 && <CrossAgencyMap ca={ca} purpose={purpose} variables={variables} />}
      <DataTable
        caption={forPurpose(
          `A&E assaults and police violence by ${groupByLabel(ca.level).toLowerCase()}`,
          purpose,
          variables.rounding,
        )}
        columns={columns}
        rows={ca.rows}
        rowKey={(r) => r.area}
        footer={
          <tfoot>
            <tr className="govuk-table__row hub-total-row">
              {columns.map((c, i) =>
                i === 0 ? (
                  <th key={c.header} scope="row" className="govuk-table__header">
                    Total
                  </th>
                ) : (
                  <td key={c.header} className="govuk-table__cell govuk-table__cell--numeric">
                    {c.render({ ...ca.total, area: '', name: 'Total' })}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        }
      />
      <AnswerFooter answer={ca} spec={spec} purpose={purpose} variables={variables} what="cross-agency" />
    </>
  );
}

export default function CrossAgencyPage() {
  return (
    <AnalysisPage
      spec={spec}
      query={CrossAgencyQuery}
      intro={
        <p className="govuk-body">
          Police-recorded violence against A&E assault attendances, area by area: how much violence reaches hospital but
          never the police (the Cardiff Model question).
        </p>
      }
      extra={(draft, set) => (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              id="level"
              label="Areas"
              value={draft.level ?? 'WARD'}
              onChange={(v) => set('level', v)}
              options={['WARD', 'LSOA', 'LOCAL_AUTHORITY'].map((l) => ({ value: l, label: groupByLabel(l) }))}
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
          </div>
        </div>
      )}
    >
      {(data, purpose, variables) => <CAAnswer ca={data.crossAgency} purpose={purpose} variables={variables} />}
    </AnalysisPage>
  );
}
