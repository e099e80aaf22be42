import { reportFile, type ReportFileOut, type ReportTable } from '@smss/files';

export type { ReportFileOut };

/** The register to export: title lines (school, year, the rules) above a table. */
export interface RegisterTable extends ReportTable {
  title: string[];
}

/**
 * The register as a file (`@smss/files`' `reportFile`): the table first (what a reader of the file
 * opens), then a sheet with the title lines. Its row count is the register's rows.
 */
export const registerFile = (
  baseName: string,
  format: 'CSV' | 'XLSX',
  table: RegisterTable,
): Promise<ReportFileOut> =>
  reportFile(
    baseName,
    format,
    [
      { sheetName: table.sheetName, columns: table.columns, rows: table.rows },
      {
        sheetName: 'หัวเรื่อง',
        columns: [{ key: 'line', header: table.sheetName, width: 100 }],
        rows: table.title.map((line) => ({ line })),
      },
    ],
    { creator: 'SMSS assets', rowCount: table.rows.length },
  );
