import { badInput } from '@smss/core';
import { fromThaiDigits } from '@smss/thai';
import { DEFAULT_TABLE_LIMITS, readTable, tableFormatOf } from '@smss/files';

/** One rejected row, as the student importer reports it (header = row 1). */
export interface RowError {
  row: number;
  column: string;
  messageEn: string;
  messageTh: string;
}

/** Headers are compared without case, spaces, dots, brackets, slashes, dashes or underscores. */
export const normaliseHeader = (h: string): string =>
  String(h ?? '')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s._()/\-[\]]+/g, '');

export interface TableFile<K extends string> {
  /** Column key → header as written in the file. */
  headers: Record<K, string>;
  rows: Array<{ row: number; values: Record<K, string> }>;
}

/**
 * Read a CSV (UTF-8, BOM or not) or XLSX file through `@smss/files` (child process, shared limits) and
 * key its columns by the accepted aliases; unknown columns are ignored, blank rows skipped.
 */
export async function readKeyedTable<K extends string>(
  fileName: string,
  contentBase64OrBuffer: string | Buffer,
  aliases: Readonly<Record<K, readonly string[]>>,
  required: readonly K[],
): Promise<TableFile<K>> {
  const format = tableFormatOf(fileName);
  if (!format) throw badInput('Only .csv and .xlsx files can be imported', 'นำเข้าได้เฉพาะไฟล์ .csv และ .xlsx');
  const content =
    typeof contentBase64OrBuffer === 'string'
      ? Buffer.from(contentBase64OrBuffer, 'base64')
      : contentBase64OrBuffer;
  if (!content.length) throw badInput('The file is empty', 'ไฟล์ว่างเปล่า');
  const matrix = await readTable(content, { format, limits: DEFAULT_TABLE_LIMITS });
  const [head, ...body] = matrix;
  if (!head) throw badInput('The file is empty', 'ไฟล์ว่างเปล่า');
  const byAlias = new Map<string, K>();
  for (const [key, list] of Object.entries(aliases) as Array<[K, readonly string[]]>)
    for (const a of list) byAlias.set(normaliseHeader(a), key);
  const headers = {} as Record<K, string>;
  const keyAt = head.map((h) => {
    const key = byAlias.get(normaliseHeader(h));
    if (!key || headers[key] !== undefined) return null;
    headers[key] = String(h)
      .replace(/^\uFEFF/, '')
      .trim();
    return key;
  });
  const missing = required.filter((k) => headers[k] === undefined);
  if (missing.length) {
    throw badInput(
      `Missing columns: ${missing.map((k) => aliases[k].slice(0, 2).join(' / ')).join('; ')}`,
      `ไม่พบคอลัมน์: ${missing.map((k) => aliases[k][0]).join(', ')}`,
    );
  }
  const rows = body
    .map((cells, i) => ({ row: i + 2, cells }))
    .filter(({ cells }) => cells.some((c) => String(c ?? '').trim() !== ''))
    .map(({ row, cells }) => {
      const values = {} as Record<K, string>;
      keyAt.forEach((k, i) => {
        if (k) values[k] = String(cells[i] ?? '').trim();
      });
      return { row, values };
    });
  return { headers, rows };
}

/**
 * A decimal as people write it in a spreadsheet: Thai digits, a unit after it ("32.5 กก.", "140 cm"),
 * a decimal comma when there is no dot. Null when it is not a plain non-negative decimal.
 */
export function parseDecimal(text: string): { value: number; decimals: number } | null {
  let t = fromThaiDigits(String(text ?? '')).trim();
  t = t.replace(/\s*(กก\.?|กิโลกรัม|kg|ซม\.?|เซนติเมตร|cm)$/i, '').trim();
  if (/^\d+,\d+$/.test(t)) t = t.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  return { value: Number(t), decimals: t.includes('.') ? t.split('.')[1]!.length : 0 };
}
