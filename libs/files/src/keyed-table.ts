import { badInput } from '@smss/core';
import { readTable, tableFormatOf } from './read-table';
import type { TableLimits } from './limits';

/** One column an importer understands. */
export interface ColumnSpec {
  /** Headers accepted for it, Thai or English; the first names it in the Thai "missing" message. */
  aliases: readonly string[];
  /** The file is refused without it. */
  required?: boolean;
  /**
   * A number is expected: Thai digits (๐–๙) in its cells are read as 0–9. Leave it off for a column
   * whose row messages quote the cell as written.
   */
  numeric?: boolean;
}

/** Column key → what the file may call it. */
export type ColumnSpecs<K extends string> = Readonly<Record<K, ColumnSpec>>;

/** A file's header row keyed by the spec. */
export interface KeyedHeaders<K extends string> {
  /** The column key of each header cell (null: not a known column, or a later one for a key already found). */
  keys: Array<K | null>;
  /** Column key → header as written in the file (BOM removed, trimmed): row errors name it. */
  headers: Partial<Record<K, string>>;
}

/** One data row: its number in the file (header = row 1) and its cells by column key, trimmed. */
export interface KeyedRow<K extends string> {
  row: number;
  values: Partial<Record<K, string>>;
}

export interface KeyedTable<K extends string> extends KeyedHeaders<K> {
  rows: Array<KeyedRow<K>>;
}

export interface ReadKeyedTableOptions<K extends string> {
  columns: ColumnSpecs<K>;
  /** Overrides of `DEFAULT_TABLE_LIMITS`. */
  limits?: Partial<TableLimits>;
  /** The refusal when required columns are missing (default: {@link missingColumnsError}). */
  missingColumns?: (missing: K[], columns: ColumnSpecs<K>) => Error;
}

/** Headers are compared without a BOM, case, spaces, dots, brackets, slashes, dashes or underscores. */
export const normaliseHeader = (header: string): string =>
  String(header ?? '')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s._()/\-[\]]+/g, '');

/** A header cell as written: BOM removed, trimmed. */
const asWritten = (header: string) =>
  String(header ?? '')
    .replace(/^\uFEFF/, '')
    .trim();

/** Thai digits ๐–๙ read as 0–9 (the mapping of `@smss/thai`'s `fromThaiDigits`; this package stays below it). */
const readThaiDigits = (text: string) =>
  text.replace(/[๐-๙]/g, (d) => String.fromCharCode(0x30 + d.charCodeAt(0) - 0x0e50));

/** `Missing columns: <first two aliases of each>` / `ไม่พบคอลัมน์: <first alias of each>`. */
export function missingColumnsError<K extends string>(missing: K[], columns: ColumnSpecs<K>): Error {
  return badInput(
    `Missing columns: ${missing.map((k) => columns[k].aliases.slice(0, 2).join(' / ')).join('; ')}`,
    `ไม่พบคอลัมน์: ${missing.map((k) => columns[k].aliases[0]).join(', ')}`,
  );
}

/**
 * Key a header row by the spec: each cell goes to the column one of whose aliases it matches (see
 * {@link normaliseHeader}); unknown cells are ignored, and of two cells for one column the first wins.
 * Throws `missingColumns` (BAD_USER_INPUT) when a required column is absent.
 */
export function keyHeaders<K extends string>(
  head: readonly string[],
  columns: ColumnSpecs<K>,
  missingColumns: (missing: K[], columns: ColumnSpecs<K>) => Error = missingColumnsError,
): KeyedHeaders<K> {
  const byAlias = new Map<string, K>();
  for (const [key, spec] of Object.entries(columns) as Array<[K, ColumnSpec]>)
    for (const alias of spec.aliases) byAlias.set(normaliseHeader(alias), key);
  const headers: Partial<Record<K, string>> = {};
  const keys = head.map((cell) => {
    const key = byAlias.get(normaliseHeader(cell));
    if (!key || headers[key] !== undefined) return null;
    headers[key] = asWritten(cell);
    return key;
  });
  const missing = (Object.keys(columns) as K[]).filter(
    (k) => columns[k].required && headers[k] === undefined,
  );
  if (missing.length) throw missingColumns(missing, columns);
  return { keys, headers };
}

/**
 * Rows of a table (`readTable`'s matrix: the header first) keyed by the spec. Blank rows are skipped;
 * row numbers stay those of the file (header = 1); cells are trimmed, numeric ones read Thai digits.
 */
export function keyRows<K extends string>(
  matrix: readonly string[][],
  columns: ColumnSpecs<K>,
  missingColumns?: (missing: K[], columns: ColumnSpecs<K>) => Error,
): KeyedTable<K> {
  const [head, ...body] = matrix;
  if (!head) throw badInput('The file is empty', 'ไฟล์ว่างเปล่า');
  const { keys, headers } = keyHeaders(head, columns, missingColumns);
  const rows: Array<KeyedRow<K>> = [];
  body.forEach((cells, i) => {
    if (!cells.some((c) => String(c ?? '').trim() !== '')) return;
    const values: Partial<Record<K, string>> = {};
    keys.forEach((key, at) => {
      if (!key) return;
      const text = String(cells[at] ?? '').trim();
      values[key] = columns[key].numeric ? readThaiDigits(text) : text;
    });
    rows.push({ row: i + 2, values });
  });
  return { keys, headers, rows };
}

/**
 * An uploaded CSV (UTF-8, BOM or not) or XLSX by its file name, read with `readTable` (limits, off the
 * event loop) and keyed by the spec: the one header reader of the importers.
 */
export async function readKeyedTable<K extends string>(
  fileName: string,
  content: Buffer,
  options: ReadKeyedTableOptions<K>,
): Promise<KeyedTable<K>> {
  const format = tableFormatOf(fileName);
  if (!format) throw badInput('Only .csv and .xlsx files can be imported', 'นำเข้าได้เฉพาะไฟล์ .csv และ .xlsx');
  if (!content.length) throw badInput('The file is empty', 'ไฟล์ว่างเปล่า');
  const matrix = await readTable(content, { format, ...(options.limits ? { limits: options.limits } : {}) });
  return keyRows(matrix, options.columns, options.missingColumns);
}
