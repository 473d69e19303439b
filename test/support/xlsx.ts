import ExcelJS from 'exceljs';

export type Cell =
  | string
  | number
  | boolean
  | Date
  | null
  | { formula: string; result: string | number }
  | { richText: { text: string }[] };

export interface SheetSpec {
  name: string;
  rows: readonly (readonly Cell[])[];
  /** Ranges to merge, e.g. "A1:B1". */
  merges?: readonly string[];
  /** Number format per 1-based column (e.g. a date format). */
  formats?: Record<number, string>;
  /** Rows (1-based) left as formatted but empty rows, as Excel keeps them. */
  emptyFormattedRows?: readonly number[];
}

/** An .xlsx workbook as Excel would send it (exceljs writes its sheets before its shared strings, as Excel does). */
export async function xlsxBuffer(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    spec.rows.forEach((cells, i) => {
      const row = ws.getRow(i + 1);
      cells.forEach((v, j) => {
        if (v === null) return;
        const cell = row.getCell(j + 1);
        cell.value = v as ExcelJS.CellValue;
        const fmt = spec.formats?.[j + 1];
        if (fmt && i > 0) cell.numFmt = fmt;
      });
      row.commit();
    });
    for (const r of spec.emptyFormattedRows ?? []) ws.getRow(r).getCell(1).style = { font: { bold: true } };
    for (const m of spec.merges ?? []) ws.mergeCells(m);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A JS Date whose UTC fields are the wall-clock time Excel should show. */
export const wall = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi));
