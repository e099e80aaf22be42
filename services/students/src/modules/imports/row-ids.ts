import { randomBytes } from 'node:crypto';

/**
 * Keys for the rows one import writes, made in SQL from the row number: UUID version 7 (RFC 9562) with
 * the import's start in the 48-bit millisecond field, 12 random bits (`rand_a`), the variant, 22 random
 * bits and the row number in the low 40 bits — RFC 9562's "fixed-length dedicated counter" (method 1).
 * Keys of one import are therefore unique and in file order, later imports sort after earlier ones,
 * and making one costs a string concatenation (gen_random_uuid() costs ~1.7 µs a row, the uuid_v7()
 * default ~4 µs). Each import draws fresh random bits per table, so keys never repeat across imports.
 */
export interface RowKeys {
  /** `(…)::uuid` for the row number expression given. */
  sql(rowNo: string): string;
}

const ROW_BITS = 40n;

export function rowKeys(now: number = Date.now()): RowKeys {
  const random = randomBytes(8);
  const randA = random.readUInt16BE(0) & 0x0fff;
  const head = now.toString(16).padStart(12, '0').slice(-12) + '7' + randA.toString(16).padStart(3, '0');
  // rand_b: variant 10, 22 random bits, 40 bits for the row number; as a signed bigint for SQL.
  const rand22 = BigInt(random.readUInt32BE(2) & 0x3fffff);
  const tail = (0b10n << 62n) | (rand22 << ROW_BITS);
  const signed = tail - (1n << 64n);
  return {
    sql: (rowNo) => `('${head}' || to_hex(${signed}::bigint + (${rowNo})::bigint))::uuid`,
  };
}

/** The row number held by a key {@link rowKeys} made (the national loader reads it back to name duplicates). */
export const rowNoOfKey = (key: string): number => Number.parseInt(key.replace(/-/g, '').slice(-10), 16);
