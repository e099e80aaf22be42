import { parse as parseSync } from 'csv-parse/sync';
import { TableBudget, TableFileError, type TableLimits } from './limits';

/** csv-parse options shared by both readers: BOM dropped, ragged rows allowed, every cell a string. */
export const CSV_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true } as const;

export const unreadableCsv = (error: unknown) =>
  error instanceof TableFileError
    ? error
    : new TableFileError({
        kind: 'unreadable',
        format: 'csv',
        // csv-parse's own errors (its sync and stream builds each have a CsvError class).
        detail:
          (error as Error | undefined)?.constructor?.name === 'CsvError'
            ? (error as Error).message
            : undefined,
      });

/** A UTF-8 CSV (with or without BOM) as rows of strings; blank lines skipped; rows and cells counted. */
export function readCsvRows(content: Buffer, limits: TableLimits): string[][] {
  if (content.length > limits.maxFileBytes) {
    throw new TableFileError({
      kind: 'limit',
      limit: 'maxFileBytes',
      allowed: limits.maxFileBytes,
      found: content.length,
    });
  }
  const text = content.toString('utf8');
  if (text.includes('\uFFFD')) throw new TableFileError({ kind: 'notUtf8' });
  const budget = new TableBudget(limits);
  let n = 0;
  try {
    return parseSync(text, {
      ...CSV_OPTIONS,
      on_record: (record: string[]) => {
        n += 1;
        checkRecord(budget, n, record);
        return record;
      },
    }) as string[][];
  } catch (error) {
    throw unreadableCsv(error);
  }
}

export function checkRecord(budget: TableBudget, n: number, record: string[]): void {
  budget.checkRow(n);
  for (let i = 0; i < record.length; i += 1) budget.checkCell(n, i + 1, record[i]!);
  budget.commitRow(record.length);
}
