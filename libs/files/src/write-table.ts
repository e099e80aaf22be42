import type { CellValue } from 'exceljs';

/** A cell to export: text, a real number, a boolean or nothing. */
export type TableCell = string | number | boolean | null;

export interface TableColumn {
  key: string;
  header: string;
  /** XLSX column width in characters. */
  width?: number;
  /** XLSX number format of the column's cells, e.g. `#,##0.00`. */
  numFmt?: string;
}

export interface TableSheet {
  /** XLSX sheet name (CSV ignores it). */
  name: string;
  columns: TableColumn[];
  rows: Array<Record<string, TableCell | undefined>>;
}

/** A plain decimal numeral written as text ("-1500.00"): a number to a spreadsheet, never a formula. */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
/** First characters a spreadsheet reads as the start of a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Formula neutralisation (OWASP "CSV Injection"): text that starts with = + - @ TAB or CR gets a
 * single quote in front, so Excel, LibreOffice and Google Sheets show it as text instead of running
 * it (`=HYPERLINK(…)` stays a string). Plain decimal numerals such as "-1500.00" are left alone: a
 * spreadsheet reads them as numbers, which is what they are.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !DECIMAL_TEXT.test(text) ? `'${text}` : text;
}

const csvText = (value: TableCell | undefined): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot export ${value} as a number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One CSV line (RFC 4180 quoting, formulas neutralised), without the line end. */
export function csvLine(cells: ReadonlyArray<TableCell | undefined>): string {
  return cells.map(csvText).join(',');
}

/**
 * CSV: UTF-8 with a BOM (Excel then shows Thai correctly), CRLF line ends, RFC 4180 quoting, every
 * text cell neutralised. Several sheets follow each other, separated by an empty line, each with its
 * own header row.
 */
export function writeCsv(sheets: TableSheet[]): Buffer {
  const parts = sheets.map((sheet) =>
    [
      csvLine(sheet.columns.map((c) => c.header)),
      ...sheet.rows.map((row) => csvLine(sheet.columns.map((c) => row[c.key] ?? null))),
    ].join('\r\n'),
  );
  return Buffer.from(`\uFEFF${parts.join('\r\n\r\n')}\r\n`, 'utf8');
}

const xlsxValue = (value: TableCell | undefined): CellValue => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return neutraliseFormula(value);
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new Error(`Cannot export ${value} as a number`);
  return value;
};

/**
 * XLSX: one worksheet per sheet, bold header row. Text cells are written as strings (never
 * formulas) and neutralised as in CSV, so the file stays inert when it is edited or saved as CSV;
 * numbers are numeric cells in the column's `numFmt`.
 */
export async function writeXlsx(sheets: TableSheet[], options: { creator?: string } = {}): Promise<Buffer> {
  // Loaded on first use: exceljs costs ~30 MB in every process that merely might export.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = options.creator ?? 'SMSS';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    ws.columns = sheet.columns.map((c) => ({
      key: c.key,
      width: c.width ?? 20,
      style: c.numFmt ? { numFmt: c.numFmt } : {},
    }));
    ws.addRow(sheet.columns.map((c) => xlsxValue(c.header))).font = { bold: true };
    for (const row of sheet.rows) {
      ws.addRow(Object.fromEntries(sheet.columns.map((c) => [c.key, xlsxValue(row[c.key])])));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
