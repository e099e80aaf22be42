export {
  DEFAULT_TABLE_LIMITS,
  TableFileError,
  problemMessage,
  type TableFormat,
  type TableLimits,
  type TableProblem,
} from './limits';
export { toAppError } from './errors';
export { readTable, tableFormatOf, type ReadTableOptions } from './read-table';
export { streamCsvRows } from './csv-stream';
export {
  csvLine,
  neutraliseFormula,
  writeCsv,
  writeXlsx,
  type TableCell,
  type TableColumn,
  type TableSheet,
} from './write-table';
export { PDF_FONTS, wrapThai, writePdfTable, type PdfColumn, type PdfTable } from './write-pdf';
export {
  keyHeaders,
  keyRows,
  missingColumnsError,
  normaliseHeader,
  readKeyedTable,
  type ColumnSpec,
  type ColumnSpecs,
  type KeyedHeaders,
  type KeyedRow,
  type KeyedTable,
  type ReadKeyedTableOptions,
} from './keyed-table';
export { CSV_TYPE, XLSX_TYPE, reportFile, type ReportFileOut, type ReportTable } from './report-file';
