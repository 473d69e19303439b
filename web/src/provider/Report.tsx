import { SummaryList, TableWrap } from '../components/ui';
import { formatCount, humanise } from '../lib/format';

export interface ReportData {
  rowsRead: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rejected: number;
  blank: number;
  outsidePeriod?: number;
  freeTextCoded?: number;
  freeTextDropped?: number;
  rejectedByRule: { key: string; rows: number }[];
  freeTextKinds: { key: string; rows: number }[];
  rejections: { row: number; column?: string | null; rule?: string | null; reason: string }[];
  rejectionsStored?: number;
  notes: { row: number; column?: string | null; kind: string; reason: string }[];
  notesStored?: number;
}

/** What an import did, row by row accounted; each rejection by row, column and reason, never the value. */
export function Report({ r, dryRun }: { r: ReportData; dryRun?: boolean }) {
  const would = (s: string) => (dryRun ? `Would be ${s.toLowerCase()}` : s);
  return (
    <>
      <SummaryList
        rows={[
          { key: 'Rows read', value: formatCount(r.rowsRead) },
          { key: would('Inserted'), value: formatCount(r.inserted) },
          { key: would('Updated'), value: formatCount(r.updated) },
          { key: 'Duplicates (unchanged)', value: formatCount(r.duplicates) },
          { key: 'Rejected', value: formatCount(r.rejected) },
          { key: 'Blank rows skipped', value: formatCount(r.blank) },
          ...(r.outsidePeriod ? [{ key: 'Dated outside the period', value: formatCount(r.outsidePeriod) }] : []),
          ...(r.freeTextCoded !== undefined
            ? [{ key: 'Free text reduced to a code', value: formatCount(r.freeTextCoded) }]
            : []),
          ...(r.freeTextDropped !== undefined
            ? [{ key: 'Free text dropped', value: formatCount(r.freeTextDropped) }]
            : []),
        ]}
      />
      {r.rejectedByRule.length > 0 && (
        <TableWrap label="Rejections by rule">
          <table className="govuk-table hub-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Rejections by rule</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Rule
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Rows
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {r.rejectedByRule.map((x) => (
                <tr className="govuk-table__row" key={x.key}>
                  <th scope="row" className="govuk-table__header">
                    {humanise(x.key)}
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(x.rows)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {r.rejections.length > 0 && (
        <TableWrap label="Rejected rows">
          <table className="govuk-table hub-table hub-table--dense">
            <caption className="govuk-table__caption govuk-table__caption--m">
              Rejected rows
              {(r.rejectionsStored ?? r.rejections.length) > r.rejections.length
                ? ` (the first ${formatCount(r.rejections.length)} of ${formatCount(r.rejectionsStored)})`
                : ''}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Row
                </th>
                <th scope="col" className="govuk-table__header">
                  Column
                </th>
                <th scope="col" className="govuk-table__header">
                  Rule
                </th>
                <th scope="col" className="govuk-table__header">
                  Reason
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {r.rejections.map((x, i) => (
                <tr className="govuk-table__row" key={`${x.row}-${x.column}-${i}`}>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{x.row}</td>
                  <td className="govuk-table__cell">{x.column ?? '–'}</td>
                  <td className="govuk-table__cell">{x.rule ? humanise(x.rule) : '–'}</td>
                  <td className="govuk-table__cell">{x.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {r.notes.length > 0 && (
        <TableWrap label="Free text dropped">
          <table className="govuk-table hub-table hub-table--dense">
            <caption className="govuk-table__caption govuk-table__caption--m">
              Free text dropped (the row was kept without it)
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Row
                </th>
                <th scope="col" className="govuk-table__header">
                  Column
                </th>
                <th scope="col" className="govuk-table__header">
                  What it seemed to hold
                </th>
                <th scope="col" className="govuk-table__header">
                  Reason
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {r.notes.map((x, i) => (
                <tr className="govuk-table__row" key={`${x.row}-${x.column}-${i}`}>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{x.row}</td>
                  <td className="govuk-table__cell">{x.column ?? '–'}</td>
                  <td className="govuk-table__cell">{humanise(x.kind)}</td>
                  <td className="govuk-table__cell">{x.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p className="govuk-body-s">
        The hub never shows a rejected or dropped value: fix the row in your own system and send the file again (re-sent
        rows update, never duplicate).
      </p>
    </>
  );
}

export const entries = (o: Record<string, number> | undefined) =>
  Object.entries(o ?? {}).map(([key, rows]) => ({ key, rows }));
