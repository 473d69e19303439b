import { useMemo } from 'react';
import { graphql } from '../gql';
import type { ConsoleIndicatorsQuery } from '../gql/graphql';
import { Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { ROUNDING_OPTIONS, Select } from '../components/FilterForm';
import { Sources } from '../components/Sources';
import { Count, download } from '../components/ui';
import { exportFileName } from '../lib/csv';
import { formatCount, humanise } from '../lib/format';
import type { PurposeName } from '../lib/purpose';
import { VIEWS } from '../lib/views';
import { SaveQuery } from '../saved/SaveQuery';
import { AnalysisPage, forPurpose } from './common';
import type { VisualizationSpec } from 'vega-embed';

export const IndicatorsQuery = graphql(`
  query ConsoleIndicators($purpose: Purpose!, $from: DateTimeISO!, $to: DateTimeISO!, $keys: [String!], $rounding: Int)
  @purpose(name: $purpose) {
    indicators(from: $from, to: $to, keys: $keys, rounding: $rounding) {
      indicator {
        key
        name
        description
        better
      }
      quarters {
        quarter
        label
        value
        suppressed
        target
        status
        direction
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

type Ind = ConsoleIndicatorsQuery['indicators'][number];
const spec = VIEWS.INDICATORS;

const STATUS: Record<string, { text: string; tag: string }> = {
  MET: { text: 'Met', tag: 'govuk-tag--green' },
  NOT_MET: { text: 'Not met', tag: 'govuk-tag--red' },
  NO_TARGET: { text: 'No target', tag: 'govuk-tag--grey' },
  SUPPRESSED: { text: 'Suppressed', tag: 'govuk-tag--grey' },
  NO_DATA: { text: 'No data', tag: 'govuk-tag--yellow' },
};

function indicatorSpec(ind: Ind): VisualizationSpec {
  const values = ind.quarters.map((q) => ({
    quarter: q.label,
    value: q.suppressed ? null : q.value,
    target: q.target,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    width: 520,
    height: 220,
    data: { values },
    encoding: { x: { field: 'quarter', type: 'ordinal', title: 'Quarter', sort: null, axis: { labelAngle: 0 } } },
    layer: [
      {
        mark: { type: 'bar', color: '#1d70b8', tooltip: true },
        encoding: { y: { field: 'value', type: 'quantitative', title: 'Count' } },
      },
      {
        mark: { type: 'tick', color: '#d4351c', thickness: 3, size: 40 },
        encoding: { y: { field: 'target', type: 'quantitative' } },
      },
    ],
  } as VisualizationSpec;
}

function Indicator({ ind, purpose, rounding }: { ind: Ind; purpose: PurposeName; rounding: unknown }) {
  const chart = useMemo(() => indicatorSpec(ind), [ind]);
  return (
    <section className="hub-indicator" aria-labelledby={`ind-${ind.indicator.key}`}>
      <h2 className="govuk-heading-m" id={`ind-${ind.indicator.key}`}>
        {ind.indicator.name}
      </h2>
      {ind.indicator.description && <p className="govuk-body">{ind.indicator.description}</p>}
      <p className="govuk-body-s">
        {ind.indicator.better === 'LOWER' ? 'Lower is better.' : 'Higher is better.'} Targets are the red marks.
      </p>
      <Chart
        spec={chart}
        label={`Bar chart: ${ind.indicator.name} by quarter, against its targets`}
        what={`indicator-${ind.indicator.key}`}
        purpose={purpose}
      />
      <DataTable
        caption={forPurpose(`${ind.indicator.name} by financial quarter`, purpose, rounding)}
        columns={[
          { header: 'Quarter', rowHeader: true, render: (q) => q.label },
          { header: 'Count', numeric: true, render: (q) => <Count value={q.value} suppressed={q.suppressed} /> },
          {
            header: 'Target',
            numeric: true,
            render: (q) => (q.target === null || q.target === undefined ? 'None' : formatCount(q.target)),
          },
          {
            header: 'Status',
            render: (q) => (
              <strong className={`govuk-tag ${STATUS[q.status]?.tag ?? ''}`}>
                {STATUS[q.status]?.text ?? humanise(q.status)}
              </strong>
            ),
          },
          { header: 'Against the quarter before', render: (q) => humanise(q.direction) },
        ]}
        rows={ind.quarters}
        rowKey={(q) => q.quarter}
      />
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => download(exportFileName(`indicator-${ind.indicator.key}`, purpose, 'csv'), ind.csv)}
        >
          Download {ind.indicator.name} as CSV
        </button>
      </div>
      <Sources sources={ind.sources} excluded={ind.excluded} notes={ind.notes} suppressedCells={ind.suppressedCells} />
    </section>
  );
}

export default function IndicatorsPage() {
  return (
    <AnalysisPage
      spec={spec}
      query={IndicatorsQuery}
      periodRequired="Leave empty for the last four whole quarters."
      intro={
        <p className="govuk-body">
          The partnership’s performance indicators, quarter by quarter (financial quarters: April to June is Q1),
          against their targets.
        </p>
      }
      extra={(draft, set) => (
        <Select
          id="rounding"
          label="Rounding"
          value={draft.rounding ?? ''}
          onChange={(v) => set('rounding', v)}
          options={ROUNDING_OPTIONS}
        />
      )}
    >
      {(data, purpose, variables) => (
        <>
          {data.indicators.length === 0 ? (
            <div className="govuk-inset-text">
              No performance indicators are defined yet. The partnership administrator defines them and sets their
              targets.
            </div>
          ) : (
            data.indicators.map((ind) => (
              <Indicator key={ind.indicator.key} ind={ind} purpose={purpose} rounding={variables.rounding} />
            ))
          )}
          <SaveQuery view="INDICATORS" parameters={variables} purpose={purpose} />
        </>
      )}
    </AnalysisPage>
  );
}
