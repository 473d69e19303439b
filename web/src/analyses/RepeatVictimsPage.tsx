import { useMemo } from 'react';
import { graphql } from '../gql';
import type { ConsoleRepeatVictimsQuery } from '../gql/graphql';
import { Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { ROUNDING_OPTIONS, Select } from '../components/FilterForm';
import { barSpec } from '../components/specs';
import { Count } from '../components/ui';
import { formatPercent } from '../lib/format';
import type { PurposeName } from '../lib/purpose';
import { VIEWS } from '../lib/views';
import { AnalysisPage, AnswerFooter, forPurpose } from './common';

export const RepeatVictimsQuery = graphql(`
  query ConsoleRepeatVictims($purpose: Purpose!, $filter: AnalysisFilter, $rounding: Int) @purpose(name: $purpose) {
    repeatVictims(filter: $filter, rounding: $rounding) {
      rows {
        dataset
        subjects {
          value
          suppressed
        }
        repeatSubjects {
          value
          suppressed
        }
        repeatRecords {
          value
          suppressed
        }
        records {
          value
          suppressed
        }
        repeatShare
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

type RV = ConsoleRepeatVictimsQuery['repeatVictims'];
const spec = VIEWS.REPEAT_VICTIMS;

function RVAnswer({ rv, purpose, variables }: { rv: RV; purpose: PurposeName; variables: Record<string, unknown> }) {
  const chart = useMemo(
    () =>
      barSpec(
        rv.rows.map((r) => ({ dataset: r.dataset, value: r.repeatShare })),
        { field: 'dataset', title: 'Dataset' },
        { field: 'value', title: 'Share of records from repeat subjects (%)' },
        { horizontal: true, width: 480 },
      ),
    [rv],
  );
  return (
    <>
      {rv.rows.length > 0 && (
        <Chart
          spec={chart}
          label="Bar chart: share of each dataset’s records that belong to people with more than one record"
          what="repeat-victims"
          purpose={purpose}
        />
      )}
      <DataTable
        caption={forPurpose('People with more than one record, by dataset', purpose, variables.rounding)}
        columns={[
          { header: 'Dataset', rowHeader: true, render: (r) => r.dataset },
          {
            header: 'People',
            numeric: true,
            render: (r) => <Count value={r.subjects.value} suppressed={r.subjects.suppressed} />,
          },
          {
            header: 'With more than one record',
            numeric: true,
            render: (r) => <Count value={r.repeatSubjects.value} suppressed={r.repeatSubjects.suppressed} />,
          },
          {
            header: 'Their records',
            numeric: true,
            render: (r) => <Count value={r.repeatRecords.value} suppressed={r.repeatRecords.suppressed} />,
          },
          {
            header: 'All records',
            numeric: true,
            render: (r) => <Count value={r.records.value} suppressed={r.records.suppressed} />,
          },
          { header: 'Share from repeats', numeric: true, render: (r) => formatPercent(r.repeatShare) || 'Not known' },
        ]}
        rows={rv.rows}
        rowKey={(r) => r.dataset}
      />
      <AnswerFooter answer={rv} spec={spec} purpose={purpose} variables={variables} what="repeat-victims" />
    </>
  );
}

export default function RepeatVictimsPage() {
  return (
    <AnalysisPage
      spec={spec}
      query={RepeatVictimsQuery}
      intro={
        <p className="govuk-body">
          How many people (victims, patients) have more than one record, counted from a keyed hash of the person that
          never leaves the hub. One person in two datasets counts in each.
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
      {(data, purpose, variables) => <RVAnswer rv={data.repeatVictims} purpose={purpose} variables={variables} />}
    </AnalysisPage>
  );
}
