/*
 * Asset codes in the government pattern class-type-sequence/year: `7440-001-0001/2569` is the first
 * notebook (class 7440, type 001) a school acquired in fiscal year 2569. The sequence runs per school,
 * category and fiscal year of acquisition, four digits (five after 9,999).
 */
export const ASSET_CODE = /^(\d{4})-(\d{3})-(\d{4,5})\/(\d{4})$/;

export function formatAssetCode(categoryCode: string, sequence: number, fiscalYear: number): string {
  if (!/^\d{4}-\d{3}$/.test(categoryCode)) throw new RangeError(`Bad category code ${categoryCode}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99_999)
    throw new RangeError(`An asset sequence runs from 1 to 99,999, got ${sequence}`);
  return `${categoryCode}-${String(sequence).padStart(4, '0')}/${fiscalYear}`;
}

/** Read a code typed by a person: Thai digits, spaces and a two-digit B.E. year (…/69 → 2569) are accepted. */
export function parseAssetCode(
  text: string,
): { categoryCode: string; sequence: number; fiscalYear: number; code: string } | null {
  const plain = text
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/\s+/g, '')
    .replace(/[–—]/g, '-');
  const short = /^(\d{4})-(\d{3})-(\d{1,5})\/(\d{2}|\d{4})$/.exec(plain);
  if (!short) return null;
  const [, cls, type, seq, year] = short;
  const fiscalYear = year!.length === 2 ? 2500 + Number(year) : Number(year);
  const sequence = Number(seq);
  if (sequence < 1 || fiscalYear < 2400 || fiscalYear > 2700) return null;
  const categoryCode = `${cls}-${type}`;
  return { categoryCode, sequence, fiscalYear, code: formatAssetCode(categoryCode, sequence, fiscalYear) };
}
