import { toMoneyString, toSpreadsheetNumber } from '@smss/money';
import { writeCsv, writeXlsx, type TableSheet } from './write-table';

/** A table to export: its sheet name, column keys and headers, and which columns hold money (decimal strings). */
export interface ReportTable {
  sheetName: string;
  columns: Array<{ key: string; header: string; money?: boolean; width?: number }>;
  rows: Array<Record<string, string | number | null>>;
}

/** A generated file as the subgraphs' `ReportFile` type carries it (base64 content). */
export interface ReportFileOut {
  fileName: string;
  contentType: string;
  encoding: 'base64';
  content: string;
  byteSize: number;
  rowCount: number;
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const cellOf = (value: string | number | null, money: boolean | undefined, format: 'CSV' | 'XLSX') =>
  money && value !== null
    ? format === 'CSV'
      ? toMoneyString(String(value))
      : toSpreadsheetNumber(String(value))
    : value;

/**
 * The tables as sheets. Money is written as a plain two-decimal string in CSV and, in XLSX, as a
 * number formatted #,##0.00 — the float a cell needs is made only here and only when it prints back
 * to exactly the same decimal (`toSpreadsheetNumber`). The writers put a quote in front of any text a
 * spreadsheet would run as a formula (a project named `=HYPERLINK(…)`).
 */
function sheetsOf(tables: readonly ReportTable[], format: 'CSV' | 'XLSX'): TableSheet[] {
  return tables.map((t) => ({
    name: t.sheetName,
    columns: t.columns.map((c) => ({
      key: c.key,
      header: c.header,
      width: c.width ?? (c.money ? 16 : 20),
      ...(c.money ? { numFmt: '#,##0.00' } : {}),
    })),
    rows: t.rows.map((r) =>
      Object.fromEntries(t.columns.map((c) => [c.key, cellOf(r[c.key] ?? null, c.money, format)])),
    ),
  }));
}

/**
 * A report as a file: CSV (UTF-8 with a BOM, CRLF, RFC 4180 quoting; the tables follow each other
 * after an empty line) or XLSX (a sheet per table, bold headers, money cells as numbers).
 * `rowCount`: the data rows the file holds, by default every table's.
 */
export async function reportFile(
  baseName: string,
  format: 'CSV' | 'XLSX',
  tables: readonly ReportTable[],
  options: { creator: string; rowCount?: number },
): Promise<ReportFileOut> {
  const sheets = sheetsOf(tables, format);
  const buffer = format === 'CSV' ? writeCsv(sheets) : await writeXlsx(sheets, { creator: options.creator });
  return {
    fileName: `${baseName}.${format === 'CSV' ? 'csv' : 'xlsx'}`,
    contentType: format === 'CSV' ? CSV_TYPE : XLSX_TYPE,
    encoding: 'base64',
    content: buffer.toString('base64'),
    byteSize: buffer.length,
    rowCount: options.rowCount ?? tables.reduce((n, t) => n + t.rows.length, 0),
  };
}
