import { useMemo } from 'react';
import { graphql } from '../gql';
import type { ConsoleTrendQuery } from '../gql/graphql';
import { Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { Checkbox, ROUNDING_OPTIONS, Select } from '../components/FilterForm';
import { lineSpec } from '../components/specs';
import { Count } from '../components/ui';
import { humanise } from '../lib/format';
import { groupByLabel } from '../lib/groupBy';
import { VIEWS } from '../lib/views';
import { AnalysisPage, AnswerFooter, forPurpose } from './common';
import type { PurposeName } from '../lib/purpose';

export const TrendQuery = graphql(`
  query ConsoleTrend(
    $purpose: Purpose!
    $filter: AnalysisFilter
    $period: GroupBy! = YEAR
    $byCategory: Boolean! = false
    $rounding: Int
  ) @purpose(name: $purpose) {
    trend(filter: $filter, period: $period, byCategory: $byCategory, rounding: $rounding) {
      period
      series {
        key
        label
        value
        suppressed
        partial
      }
      change {
        direction
        percent
        text
      }
      categories {
        category
        change {
          text
          direction
        }
        yearOnYear {
          text
        }
        series {
          key
          label
          value
          suppressed
          partial
        }
      }
      total {
        value
        suppressed
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

type Trend = ConsoleTrendQuery['trend'];
const spec = VIEWS.TREND;
const PERIODS = ['YEAR', 'FINANCIAL_YEAR', 'QUARTER', 'MONTH'];

const sentence = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

function TrendAnswer({
  trend,
  purpose,
  variables,
}: {
  trend: Trend;
  purpose: PurposeName;
  variables: Record<string, unknown>;
}) {
  const chart = useMemo(() => {
    if (trend.categories.length > 0 && trend.categories.length <= 12) {
      const values = trend.categories.flatMap((c) =>
        c.series.map((s) => ({
          period: s.label + (s.partial ? ' (part)' : ''),
          value: s.suppressed ? null : s.value,
          category: humanise(c.category),
        })),
      );
      return lineSpec(
        values,
        { field: 'period', title: groupByLabel(trend.period) },
        { field: 'value', title: 'Count' },
        { field: 'category', title: 'Category' },
      );
    }
    const values = trend.series.map((s) => ({
      period: s.label + (s.partial ? ' (part)' : ''),
      value: s.suppressed ? null : s.value,
    }));
    return lineSpec(values, { field: 'period', title: groupByLabel(trend.period) }, { field: 'value', title: 'Count' });
  }, [trend]);
  return (
    <>
      <section className="hub-direction" aria-labelledby="direction-title">
        <h2 className="govuk-heading-m" id="direction-title">
          Direction of travel
        </h2>
        <p className="govuk-body-l govuk-!-margin-bottom-1">
          <strong>
            {trend.change ? sentence(trend.change.text) : 'Not known: there are not two complete periods to compare'}
          </strong>
        </p>
        <p className="govuk-body-s govuk-!-margin-bottom-0">
          From the first to the last complete {groupByLabel(trend.period).toLowerCase()}; periods only partly inside the
          filter are marked “part” and not used.
        </p>
      </section>
      {trend.series.length > 0 && (
        <Chart
          spec={chart}
          label={`Line chart: counts by ${groupByLabel(trend.period).toLowerCase()}${trend.categories.length ? ' and category' : ''}`}
          what="trend"
          purpose={purpose}
        />
      )}
      <DataTable
        caption={forPurpose(`Counts by ${groupByLabel(trend.period).toLowerCase()}`, purpose, variables.rounding)}
        columns={[
          { header: groupByLabel(trend.period), rowHeader: true, render: (s) => s.label },
          { header: 'Count', numeric: true, render: (s) => <Count value={s.value} suppressed={s.suppressed} /> },
          { header: 'Complete period', render: (s) => (s.partial ? 'No: only partly inside the period' : 'Yes') },
        ]}
        rows={trend.series}
        rowKey={(s) => s.key}
      />
      {trend.categories.length > 0 && (
        <DataTable
          caption={forPurpose('Direction of travel by category', purpose, variables.rounding)}
          columns={[
            { header: 'Category', rowHeader: true, render: (c) => humanise(c.category) },
            { header: 'First to last complete period', render: (c) => c.change?.text ?? 'Not known' },
            { header: 'Last complete period against the one before', render: (c) => c.yearOnYear?.text ?? 'Not known' },
          ]}
          rows={trend.categories}
          rowKey={(c) => c.category}
        />
      )}
      <AnswerFooter answer={trend} spec={spec} purpose={purpose} variables={variables} what="trend" />
    </>
  );
}

export default function TrendPage() {
  return (
    <AnalysisPage
      spec={spec}
      query={TrendQuery}
      intro={
        <p className="govuk-body">
          Counts per period over the years and the direction of travel, overall and by category.
        </p>
      }
      extra={(draft, set) => (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              id="period"
              label="Period"
              value={draft.period ?? 'YEAR'}
              onChange={(v) => set('period', v)}
              options={PERIODS.map((p) => ({ value: p, label: groupByLabel(p) }))}
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
          <div className="govuk-grid-column-one-third">
            <Checkbox
              id="byCategory"
              label="By category"
              hint="A line and a direction of travel for each category."
              checked={draft.byCategory === '1'}
              onChange={(v) => set('byCategory', v ? '1' : '')}
            />
          </div>
        </div>
      )}
    >
      {(data, purpose, variables) => <TrendAnswer trend={data.trend} purpose={purpose} variables={variables} />}
    </AnalysisPage>
  );
}
