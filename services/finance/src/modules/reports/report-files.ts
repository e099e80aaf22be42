import ExcelJS from 'exceljs';
import { toMoneyString, toSpreadsheetNumber } from '@smss/money';

/** A table to export: column keys, headers (English / Thai) and which columns hold money. */
export interface ReportTable {
  sheetName: string;
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

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * CSV: UTF-8 with a BOM (Excel then shows Thai correctly), CRLF line ends, RFC 4180 quoting; money
 * written as plain decimal strings with two decimals. Several tables follow each other, separated
 * by an empty line, each with its own header row.
 */
export function toCsv(tables: ReportTable[]): Buffer {
  const parts = tables.map((t) =>
    [
      t.columns.map((c) => csvCell(c.header)).join(','),
      ...t.rows.map((r) =>
        t.columns
          .map((c) => {
            const v = r[c.key] ?? null;
            return csvCell(c.money && v !== null ? toMoneyString(String(v)) : v);
          })
          .join(','),
      ),
    ].join('\r\n'),
  );
  return Buffer.from(`\uFEFF${parts.join('\r\n\r\n')}\r\n`, 'utf8');
}

/**
 * XLSX: one sheet per table, money cells as numbers formatted #,##0.00. The float a cell needs is
 * made only here and only when it prints back to exactly the same decimal (`toSpreadsheetNumber`).
 */
export async function toXlsx(tables: ReportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SMSS finance';
  for (const t of tables) {
    const sheet = workbook.addWorksheet(t.sheetName);
    sheet.columns = t.columns.map((c) => ({
      key: c.key,
      header: c.header,
      width: c.width ?? (c.money ? 16 : 20),
      style: c.money ? { numFmt: '#,##0.00' } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for (const r of t.rows) {
      sheet.addRow(
        Object.fromEntries(
          t.columns.map((c) => {
            const v = r[c.key] ?? null;
            return [c.key, c.money && v !== null ? toSpreadsheetNumber(String(v)) : v];
          }),
        ),
      );
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function reportFile(
  baseName: string,
  format: 'CSV' | 'XLSX',
  tables: ReportTable[],
): Promise<ReportFileOut> {
  const buffer = format === 'CSV' ? toCsv(tables) : await toXlsx(tables);
  return {
    fileName: `${baseName}.${format === 'CSV' ? 'csv' : 'xlsx'}`,
    contentType: format === 'CSV' ? CSV_TYPE : XLSX_TYPE,
    encoding: 'base64',
    content: buffer.toString('base64'),
    byteSize: buffer.length,
    rowCount: tables.reduce((n, t) => n + t.rows.length, 0),
  };
}
