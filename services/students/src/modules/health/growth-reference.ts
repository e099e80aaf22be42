import { BFA_WHO2007_TSV, HFA_WHO2007_TSV, WFA_WHO2007_TSV } from './who2007.lms';

/**
 * Nutrition status of a school child from weight, height, sex and age, by LMS z-scores on the WHO Growth
 * Reference 2007 (5–19 years; tables in `who2007.lms.ts`, shipped verbatim with their source) and the Thai
 * Department of Health's standard-deviation cut-offs (±1.5 SD, ±2 SD, +3 SD; `NUTRITION_CUTOFFS`).
 *
 * What this is NOT: the Department of Health's own 2564 (2021) growth reference for Thai children aged
 * 6–19 (คู่มือการใช้เกณฑ์อ้างอิงการเจริญเติบโตของเด็กอายุ 6–19 ปี, สำนักโภชนาการ กรมอนามัย, ก.พ. 2564), which
 * School Health Hero uses: its tables were not available offline, so no value of it is shipped. The WHO
 * 2007 reference has no weight-for-height table for school ages, so the third index (น้ำหนักตามเกณฑ์ส่วนสูง,
 * "shape") is judged on BMI-for-age, as the WHO recommends for 5–19 years. Children younger than 61 months
 * or older than 228 months (weight-for-age: 120 months) are not assessed (null), as in WHO `anthroplus`.
 */

export const GROWTH_REFERENCE = {
  id: 'WHO2007-LMS+DOH-SD-CUTOFFS/v1',
  source:
    'WHO Growth Reference 2007 (5–19 y) LMS tables from WorldHealthOrganization/anthroplus data-raw/growthstandards ' +
    '(bfawho2007, hfawho2007, wfawho2007); Thai Department of Health SD cut-offs ±1.5/±2/+3 SD. ' +
    'The Department of Health 2564 reference tables themselves were not available offline and are not used.',
} as const;

export type Sex = 'MALE' | 'FEMALE';

interface Lms {
  l: number;
  m: number;
  s: number;
}

type LmsTable = ReadonlyMap<string, Lms>;

/** Parse one of the TSV tables (`sex age l m s`) into sex|age → LMS. */
export function parseLmsTable(tsv: string): LmsTable {
  const [header, ...lines] = tsv.trim().split('\n');
  if (header !== 'sex\tage\tl\tm\ts') throw new Error(`unexpected LMS header: ${header}`);
  const table = new Map<string, Lms>();
  for (const line of lines) {
    const [sex, age, l, m, s] = line.split('\t').map(Number);
    table.set(`${sex}|${age}`, { l: l!, m: m!, s: s! });
  }
  return table;
}

const TABLES = {
  bmiForAge: { table: parseLmsTable(BFA_WHO2007_TSV), maxMonths: 228, restricted: true },
  heightForAge: { table: parseLmsTable(HFA_WHO2007_TSV), maxMonths: 228, restricted: false },
  weightForAge: { table: parseLmsTable(WFA_WHO2007_TSV), maxMonths: 120, restricted: true },
} as const;
export type GrowthIndex = keyof typeof TABLES;

/** The youngest age the reference is used for, in months (as `anthroplus`). */
export const MIN_AGE_MONTHS = 61;

/** Age in months as WHO computes it: days / 30.4375 (365.25 / 12), not rounded. */
export function ageInMonths(birthDate: string, measuredOn: string): number {
  const days = (Date.parse(`${measuredOn}T00:00:00Z`) - Date.parse(`${birthDate}T00:00:00Z`)) / 86_400_000;
  return days / 30.4375;
}

/**
 * L, M and S at an age in months: the table row of the completed month, linearly interpolated towards the
 * next month's row by the fraction of the month (exactly as `anthroplus`'s `zscore_indicator`).
 */
export function lmsAt(index: GrowthIndex, sex: Sex, months: number): Lms | null {
  const { table, maxMonths } = TABLES[index];
  if (!(months >= MIN_AGE_MONTHS && months <= maxMonths)) return null;
  const code = sex === 'MALE' ? 1 : 2;
  const low = Math.trunc(months);
  const lo = table.get(`${code}|${low}`)!;
  const frac = months - low;
  if (frac <= 0) return lo;
  const hi = table.get(`${code}|${low + 1}`)!;
  return {
    l: lo.l + frac * (hi.l - lo.l),
    m: lo.m + frac * (hi.m - lo.m),
    s: lo.s + frac * (hi.s - lo.s),
  };
}

/** The LMS z-score: z = ((X/M)^L − 1) / (L·S) (L ≠ 0; ln(X/M)/S when L = 0). */
export function lmsZ(x: number, { l, m, s }: Lms): number {
  return l === 0 ? Math.log(x / m) / s : (Math.pow(x / m, l) - 1) / (l * s);
}

/** The value at z on the LMS curve: X = M·(1 + L·S·z)^(1/L). */
export const lmsValue = (z: number, { l, m, s }: Lms): number =>
  l === 0 ? m * Math.exp(s * z) : m * Math.pow(1 + l * s * z, 1 / l);

/**
 * The WHO restricted z-score for weight and BMI (`anthro_api_compute_zscore_adjusted`): beyond ±3 SD the
 * distance is measured in units of the 2–3 SD distance of that side, so the skewed tail does not stretch.
 */
export function restrictedZ(x: number, lms: Lms): number {
  const z = lmsZ(x, lms);
  if (z > 3) {
    const sd3 = lmsValue(3, lms);
    return 3 + (x - sd3) / (sd3 - lmsValue(2, lms));
  }
  if (z < -3) {
    const sd3 = lmsValue(-3, lms);
    return -3 + (x - sd3) / (lmsValue(-2, lms) - sd3);
  }
  return z;
}

export function zScore(index: GrowthIndex, sex: Sex, months: number, value: number): number | null {
  const lms = lmsAt(index, sex, months);
  if (!lms) return null;
  return TABLES[index].restricted ? restrictedZ(value, lms) : lmsZ(value, lms);
}

/** One band of a cut-off table: applies when z < `below` (or z ≤ `atMost`); the last band has neither. */
export interface CutoffBand<S extends string> {
  status: S;
  th: string;
  en: string;
  below?: number;
  atMost?: number;
}

/**
 * The Thai Department of Health's categories by standard deviations from the reference median, as data.
 * Lower bands are strict (z < −2 is ผอม; z = −2 exactly is ค่อนข้างผอม), upper bands inclusive (z = +1.5 is
 * still สมส่วน, z = +2 still ท้วม, z = +3 still เริ่มอ้วน). The SD lines (median, ±1.5, ±2, +3 SD) are those
 * drawn on the Department's 6–19-year growth charts (คู่มือการใช้เกณฑ์อ้างอิงการเจริญเติบโตฯ, 2564); the
 * band names are the Department's. Which side of a line a child exactly on it falls is this service's choice.
 */
export const NUTRITION_CUTOFFS = {
  weightForAge: [
    { status: 'UNDERWEIGHT', th: 'น้ำหนักน้อยกว่าเกณฑ์', en: 'underweight', below: -2 },
    { status: 'SOMEWHAT_UNDERWEIGHT', th: 'น้ำหนักค่อนข้างน้อย', en: 'somewhat underweight', below: -1.5 },
    { status: 'NORMAL', th: 'น้ำหนักตามเกณฑ์', en: 'normal', atMost: 1.5 },
    { status: 'SOMEWHAT_OVERWEIGHT', th: 'น้ำหนักค่อนข้างมาก', en: 'somewhat overweight', atMost: 2 },
    { status: 'OVERWEIGHT', th: 'น้ำหนักมากกว่าเกณฑ์', en: 'overweight for age' },
  ],
  heightForAge: [
    { status: 'SHORT', th: 'เตี้ย', en: 'short', below: -2 },
    { status: 'SOMEWHAT_SHORT', th: 'ค่อนข้างเตี้ย', en: 'somewhat short', below: -1.5 },
    { status: 'NORMAL', th: 'สูงตามเกณฑ์', en: 'normal', atMost: 1.5 },
    { status: 'SOMEWHAT_TALL', th: 'ค่อนข้างสูง', en: 'somewhat tall', atMost: 2 },
    { status: 'TALL', th: 'สูง', en: 'tall' },
  ],
  /** Judged on BMI-for-age (no WHO 2007 weight-for-height table exists for school ages). */
  weightForHeight: [
    { status: 'THIN', th: 'ผอม', en: 'thin', below: -2 },
    { status: 'SOMEWHAT_THIN', th: 'ค่อนข้างผอม', en: 'somewhat thin', below: -1.5 },
    { status: 'NORMAL', th: 'สมส่วน', en: 'normal (proportionate)', atMost: 1.5 },
    { status: 'PLUMP', th: 'ท้วม', en: 'plump', atMost: 2 },
    { status: 'OVERWEIGHT', th: 'เริ่มอ้วน', en: 'overweight', atMost: 3 },
    { status: 'OBESE', th: 'อ้วน', en: 'obese' },
  ],
} as const satisfies Record<string, readonly CutoffBand<string>[]>;

export type StatusOf<K extends keyof typeof NUTRITION_CUTOFFS> =
  (typeof NUTRITION_CUTOFFS)[K][number]['status'];

export function classify<K extends keyof typeof NUTRITION_CUTOFFS>(
  index: K,
  z: number | null,
): (typeof NUTRITION_CUTOFFS)[K][number] | null {
  if (z == null || !Number.isFinite(z)) return null;
  const bands = NUTRITION_CUTOFFS[index] as readonly CutoffBand<string>[];
  for (const band of bands) {
    if (band.below !== undefined && z < band.below) return band as never;
    if (band.atMost !== undefined && z <= band.atMost) return band as never;
    if (band.below === undefined && band.atMost === undefined) return band as never;
  }
  return null;
}

export interface NutritionAssessment {
  ageMonths: number;
  bmi: number;
  weightForAgeZ: number | null;
  heightForAgeZ: number | null;
  bmiForAgeZ: number | null;
  weightForAge: StatusOf<'weightForAge'> | null;
  heightForAge: StatusOf<'heightForAge'> | null;
  weightForHeight: StatusOf<'weightForHeight'> | null;
}

/** The three indices and their Thai categories for one measurement. */
export function assessNutrition(m: {
  sex: Sex;
  birthDate: string;
  measuredOn: string;
  weightKg: number;
  heightCm: number;
}): NutritionAssessment {
  const ageMonths = ageInMonths(m.birthDate, m.measuredOn);
  const bmi = m.weightKg / (m.heightCm / 100) ** 2;
  const weightForAgeZ = zScore('weightForAge', m.sex, ageMonths, m.weightKg);
  const heightForAgeZ = zScore('heightForAge', m.sex, ageMonths, m.heightCm);
  const bmiForAgeZ = zScore('bmiForAge', m.sex, ageMonths, bmi);
  return {
    ageMonths,
    bmi,
    weightForAgeZ,
    heightForAgeZ,
    bmiForAgeZ,
    weightForAge: classify('weightForAge', weightForAgeZ)?.status ?? null,
    heightForAge: classify('heightForAge', heightForAgeZ)?.status ?? null,
    weightForHeight: classify('weightForHeight', bmiForAgeZ)?.status ?? null,
  };
}

/** The Thai label of a stored status. */
export function thaiLabel(index: keyof typeof NUTRITION_CUTOFFS, status: string | null): string | null {
  if (!status) return null;
  return (
    (NUTRITION_CUTOFFS[index] as readonly CutoffBand<string>[]).find((b) => b.status === status)?.th ?? null
  );
}
