import { readCsvRows } from './csv-reader';
import type { TableFormat, TableLimits } from './limits';
import { readXlsxRows } from './xlsx-reader';

/** Read a table in the current thread (the parse worker calls this; so can a CLI on a trusted file). */
export async function readRows(
  content: Buffer,
  format: TableFormat,
  limits: TableLimits,
): Promise<string[][]> {
  return format === 'xlsx' ? readXlsxRows(content, limits) : readCsvRows(content, limits);
}
