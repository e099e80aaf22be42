/** An element that needs no quoting in an array literal (ids, codes, enums, dates, amounts). */
const PLAIN = /^[A-Za-z0-9_.:-]+$/;

/**
 * A PostgreSQL array literal (`{a,b,"c d"}`) to bind as one parameter (`$1::uuid[]`). node-pg quotes
 * and escapes every element of a JS array parameter (two regular expressions and new strings each);
 * a bulk statement binds ~100,000 elements, nearly all plain, so this quotes only the ones that need
 * it. `null`/`undefined` become NULL; numbers and booleans are written as they print.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i += 1) {
    if (i) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(`${v} cannot be an array element`);
      out += String(v);
    } else if (typeof v === 'boolean') out += String(v);
    else {
      const text = String(v);
      out +=
        PLAIN.test(text) && text.toUpperCase() !== 'NULL'
          ? text
          : `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    }
  }
  return `${out}}`;
}

/** Rows → one array literal per column, for `INSERT … SELECT … FROM unnest($1::…[], $2::…[], …)`. */
export function columnLiterals<T, K extends string>(
  rows: readonly T[],
  pick: Record<K, (row: T) => unknown>,
): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(pick) as K[]) {
    const f = pick[k];
    const column = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i += 1) column[i] = f(rows[i]!);
    out[k] = arrayLiteral(column);
  }
  return out;
}
