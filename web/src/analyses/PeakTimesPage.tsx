import { useMemo } from 'react';
import { graphql } from '../gql';
import type { ConsolePeakTimesQuery } from '../gql/graphql';
import { Chart } from '../components/Chart';
import { ROUNDING_OPTIONS, Select } from '../components/FilterForm';
import { heatmapSpec } from '../components/specs';
import { Count, TableWrap } from '../components/ui';
import { VIEWS } from '../lib/views';
import type { PurposeName } from '../lib/purpose';
import { AnalysisPage, AnswerFooter, forPurpose } from './common';

export const PeakTimesQuery = graphql(`
  query ConsolePeakTimes($purpose: Purpose!, $filter: AnalysisFilter, $rounding: Int) @purpose(name: $purpose) {
    peakTimes(filter: $filter, rounding: $rounding) {
      cells {
        day
        hour
        value
        suppressed
      }
      days {
        key
        label
        value
        suppressed
      }
      hours {
        key
        label
        value
        suppressed
      }
      total {
        value
        suppressed
      }
      peakDay
      peakHour
      peaks {
        day
        hour
        label
        value
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

type Peak = ConsolePeakTimesQuery['peakTimes'];
const spec = VIEWS.PEAK_TIMES;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

function PeakAnswer({
  peak,
  purpose,
  variables,
}: {
  peak: Peak;
  purpose: PurposeName;
  variables: Record<string, unknown>;
}) {
  const chart = useMemo(
    () =>
      heatmapSpec(
        peak.cells.map((c) => ({
          day: DAYS[c.day - 1],
          hour: String(c.hour).padStart(2, '0'),
          value: c.suppressed ? null : (c.value ?? null),
          suppressed: c.suppressed,
        })),
      ),
    [peak],
  );
  const cell = (day: number, hour: number) => peak.cells.find((c) => c.day === day && c.hour === hour);
  return (
    <>
      <h2 className="govuk-heading-m">When it happens</h2>
      <ul className="govuk-list govuk-list--bullet">
        {peak.peakDay && (
          <li>
            Busiest day: <strong>{peak.peakDay}</strong>
          </li>
        )}
        {peak.peakHour && (
          <li>
            Busiest hour: <strong>{peak.peakHour}</strong>
          </li>
        )}
        {peak.peaks.length > 0 && (
          <li>Busiest times: {peak.peaks.map((p) => `${p.label} (${p.value.toLocaleString('en-GB')})`).join('; ')}</li>
        )}
      </ul>
      <Chart
        spec={chart}
        label="Heat map: counts by day of the week and hour of the day; darker is more; grey cells marked * are suppressed"
        what="peak-times"
        purpose={purpose}
      />
      <TableWrap label={'Counts by day and hour'}>
        <table className="govuk-table hub-table hub-table--dense">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {forPurpose('Counts by day and hour (UK time)', purpose, variables.rounding)}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Day
              </th>
              {Array.from({ length: 24 }, (_, h) => (
                <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={h}>
                  {hourLabel(h)}
                </th>
              ))}
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Total
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {DAYS.map((d, i) => (
              <tr className="govuk-table__row" key={d}>
                <th scope="row" className="govuk-table__header">
                  {d}
                </th>
                {Array.from({ length: 24 }, (_, h) => {
                  const c = cell(i + 1, h);
                  return (
                    <td className="govuk-table__cell govuk-table__cell--numeric" key={h}>
                      {c ? <Count value={c.value} suppressed={c.suppressed} /> : ''}
                    </td>
                  );
                })}
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {peak.days[i] && <Count value={peak.days[i].value} suppressed={peak.days[i].suppressed} />}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="govuk-table__row hub-total-row">
              <th scope="row" className="govuk-table__header">
                Total
              </th>
              {Array.from({ length: 24 }, (_, h) => (
                <td className="govuk-table__cell govuk-table__cell--numeric" key={h}>
                  {peak.hours[h] && <Count value={peak.hours[h].value} suppressed={peak.hours[h].suppressed} />}
                </td>
              ))}
              <td className="govuk-table__cell govuk-table__cell--numeric">
                <Count value={peak.total.value} suppressed={peak.total.suppressed} />
              </td>
            </tr>
          </tfoot>
        </table>
      </TableWrap>
      <AnswerFooter answer={peak} spec={spec} purpose={purpose} variables={variables} what="peak-times" />
    </>
  );
}

export default function PeakTimesPage() {
  return (
    <AnalysisPage
      spec={spec}
      query={PeakTimesQuery}
      intro={
        <p className="govuk-body">
          Day of the week against hour of the day, in UK time. Needs time shared to the hour: records known only to the
          day are left out.
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
      {(data, purpose, variables) => <PeakAnswer peak={data.peakTimes} purpose={purpose} variables={variables} />}
    </AnalysisPage>
  );
}
