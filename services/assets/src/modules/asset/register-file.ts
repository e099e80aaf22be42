import { writeCsv, writeXlsx, type TableSheet } from '@smss/files';
import { toMoneyString, toSpreadsheetNumber } from '@smss/money';

/** A table to export: title lines above the header, column keys and headers, which columns hold money. */
export interface RegisterTable {
  sheetName: string;
  title: string[];
  columns: Array<{ key: string; header: string; money?: boolean; width?: number }>;
  rows: Array<Record<string, string | number | null>>;
}

export interface ReportFileOut {
  fileName: string;
  contentType: string;
  encoding: 'base64';
  content: string;
  byteSize: number;
  rowCount: number;
}

const CSV_TYPE = 'text/csv; charset=utf-8';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The register as `@smss/files` sheets: the table first (what a reader of the file opens), then a sheet
 * with the title lines (school, year, the rules).
 * Money is a plain two-decimal string in CSV and, in XLSX, a number formatted #,##0.00 (the float a cell
 * needs is made only here, and only when it prints back to the same decimal). The writers neutralise
 * any text a spreadsheet would run as a formula.
 */
function sheetsOf(t: RegisterTable, format: 'CSV' | 'XLSX'): TableSheet[] {
  const cell = (value: string | number | null, money: boolean | undefined) =>
    money && value !== null
      ? format === 'CSV'
        ? toMoneyString(String(value))
        : toSpreadsheetNumber(String(value))
      : value;
  return [
    {
      name: t.sheetName,
      columns: t.columns.map((c) => ({
        key: c.key,
        header: c.header,
        width: c.width ?? 16,
        ...(c.money ? { numFmt: '#,##0.00' } : {}),
      })),
      rows: t.rows.map((r) =>
        Object.fromEntries(t.columns.map((c) => [c.key, cell(r[c.key] ?? null, c.money)])),
      ),
    },
    {
      name: 'หัวเรื่อง',
      columns: [{ key: 'line', header: t.sheetName, width: 100 }],
      rows: t.title.map((line) => ({ line })),
    },
  ];
}

export async function reportFile(
  baseName: string,
  format: 'CSV' | 'XLSX',
  table: RegisterTable,
): Promise<ReportFileOut> {
  const sheets = sheetsOf(table, format);
  const buffer = format === 'CSV' ? writeCsv(sheets) : await writeXlsx(sheets, { creator: 'SMSS assets' });
  return {
    fileName: `${baseName}.${format === 'CSV' ? 'csv' : 'xlsx'}`,
    contentType: format === 'CSV' ? CSV_TYPE : XLSX_TYPE,
    encoding: 'base64',
    content: buffer.toString('base64'),
    byteSize: buffer.length,
    rowCount: table.rows.length,
  };
}
