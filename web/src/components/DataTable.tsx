import { useEffect, useState, type ReactNode } from 'react';
import { TableWrap } from './ui';

export interface Column<T> {
  header: string;
  render: (row: T, index: number) => ReactNode;
  numeric?: boolean;
  /** The cell that names the row: a row header (th scope="row"). */
  rowHeader?: boolean;
}

const PAGE_SIZE = 100;

/**
 * A GOV.UK table with a caption and scoped headers. Long answers are paged (100 rows a
 * page) so that tens of thousands of cells never freeze the page.
 */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  footer,
}: {
  caption: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, i: number) => string;
  footer?: ReactNode;
}) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  useEffect(() => setPage(0), [rows]);
  const shown = rows.length > PAGE_SIZE ? rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE) : rows;
  const offset = rows.length > PAGE_SIZE ? page * PAGE_SIZE : 0;
  return (
    <TableWrap label={typeof caption === 'string' ? caption : 'Table'}>
      <table className="govuk-table hub-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {columns.map((c) => (
              <th
                key={c.header}
                scope="col"
                className={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {shown.map((row, i) => (
            <tr className="govuk-table__row" key={rowKey(row, offset + i)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.header} scope="row" className="govuk-table__header">
                    {c.render(row, offset + i)}
                  </th>
                ) : (
                  <td key={c.header} className={`govuk-table__cell${c.numeric ? ' govuk-table__cell--numeric' : ''}`}>
                    {c.render(row, offset + i)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {footer}
      </table>
      {pages > 1 && (
        <nav className="govuk-pagination" aria-label="Table pages">
          {page > 0 && (
            <div className="govuk-pagination__prev">
              <button
                type="button"
                className="govuk-link govuk-pagination__link hub-link-button"
                onClick={() => setPage(page - 1)}
              >
                <span className="govuk-pagination__link-title">
                  Previous<span className="govuk-visually-hidden"> rows</span>
                </span>
              </button>
            </div>
          )}
          <p className="govuk-body govuk-!-margin-bottom-0 hub-page-of">
            Rows {(offset + 1).toLocaleString('en-GB')} to{' '}
            {Math.min(rows.length, offset + PAGE_SIZE).toLocaleString('en-GB')} of {rows.length.toLocaleString('en-GB')}
          </p>
          {page < pages - 1 && (
            <div className="govuk-pagination__next">
              <button
                type="button"
                className="govuk-link govuk-pagination__link hub-link-button"
                onClick={() => setPage(page + 1)}
              >
                <span className="govuk-pagination__link-title">
                  Next<span className="govuk-visually-hidden"> rows</span>
                </span>
              </button>
            </div>
          )}
        </nav>
      )}
    </TableWrap>
  );
}
