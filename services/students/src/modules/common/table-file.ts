import { fromThaiDigits } from '@smss/thai';

/*
 * What the health and O-NET importers share beyond the keyed reader (`readKeyedTable` of `@smss/files`,
 * the one header reader of every importer): the row error shape and the spreadsheet decimal.
 */

/** One rejected row, as the student importer reports it (header = row 1). */
export interface RowError {
  row: number;
  column: string;
  messageEn: string;
  messageTh: string;
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
