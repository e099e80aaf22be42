import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { CSV_OPTIONS, checkRecord, unreadableCsv } from './csv-reader';
import { toAppError } from './errors';
import { TableBudget, type TableLimits } from './limits';

/**
 * A CSV read from a stream, record by record (the national bulk loader reads local files of millions
 * of rows this way): same parser options and cell checks as uploads, but rows and cells are unlimited
 * unless given, and blank lines are kept (as `['']`) so record numbers stay line numbers. A refused
 * file throws the same BAD_USER_INPUT error as `readTable`.
 */
export async function* streamCsvRows(
  input: Readable,
  limits: Partial<Pick<TableLimits, 'maxRows' | 'maxCells' | 'maxCellChars'>> = {},
): AsyncGenerator<string[]> {
  const budget = new TableBudget({
    maxRows: limits.maxRows ?? Infinity,
    maxCells: limits.maxCells ?? Infinity,
    maxCellChars: limits.maxCellChars ?? Infinity,
  });
  const parser = input.pipe(parse({ ...CSV_OPTIONS, skip_empty_lines: false }));
  let n = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      n += 1;
      checkRecord(budget, n, record);
      yield record;
    }
  } catch (error) {
    throw toAppError(unreadableCsv(error));
  } finally {
    input.unpipe(parser);
    parser.destroy();
  }
}
