/**
 * Default subsidy rates shipped with the service (baht per student per year). They are DATA: OBEC
 * administrators change them per fiscal year with `setSubsidyRate`; a rate row applies from its
 * fiscal year until a newer row for the same item and level/grade exists.
 *
 * Sources, honestly stated. Only the uniform rates are marked `verified: true` (published and
 * quoted in the finance issue). Every other figure is the widely quoted OBEC table of the 15-year
 * free-education programme which we could NOT check against the official announcement here, so it
 * is `verified: false` with a note. The Cabinet raised several items stepwise for FY 2566–2569
 * (reported: tuition +2% in 2566 and about +8% in 2567, learning materials +22%, uniforms +7%,
 * activities +2% in 2566); those announced figures are not seeded because we could not verify
 * them: an OBEC administrator enters them, and until then these base rates carry forward.
 */
import type { SubsidyItemCode } from '@smss/events';

export type RateScope =
  | 'PRE_PRIMARY'
  | 'PRIMARY'
  | 'LOWER_SECONDARY'
  | 'UPPER_SECONDARY'
  | 'K1'
  | 'K2'
  | 'K3'
  | 'P1'
  | 'P2'
  | 'P3'
  | 'P4'
  | 'P5'
  | 'P6'
  | 'M1'
  | 'M2'
  | 'M3'
  | 'M4'
  | 'M5'
  | 'M6';

export type PaymentSchedule = 'PER_SEMESTER' | 'ANNUAL_AT_TERM1';

export interface DefaultRate {
  fiscalYear: number;
  item: SubsidyItemCode;
  appliesTo: RateScope;
  amountPerYear: string;
  schedule: PaymentSchedule;
  source: string;
  verified: boolean;
  note: string | null;
}

/** The fiscal year from which the base table applies (the programme started in 2552/2009). */
export const BASE_RATE_FISCAL_YEAR = 2553;

const PROGRAMME =
  'OBEC, โครงการสนับสนุนค่าใช้จ่ายในการจัดการศึกษาตั้งแต่ระดับอนุบาลจนจบการศึกษาขั้นพื้นฐาน (15-year free education), Cabinet resolution 13 Jan 2009';
const UNVERIFIED =
  'Widely quoted figure; not checked against the official OBEC announcement. Raised by the Cabinet for FY 2566–2569: enter the announced rate for those years.';

const level = (
  item: SubsidyItemCode,
  schedule: PaymentSchedule,
  amounts: [string, string, string, string],
  extra: Partial<DefaultRate> = {},
): DefaultRate[] =>
  (['PRE_PRIMARY', 'PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY'] as const).map((appliesTo, i) => ({
    fiscalYear: BASE_RATE_FISCAL_YEAR,
    item,
    appliesTo,
    amountPerYear: amounts[i]!,
    schedule,
    source: PROGRAMME,
    verified: false,
    note: UNVERIFIED,
    ...extra,
  }));

const TEXTBOOKS_BY_GRADE: Array<[RateScope, string]> = [
  ['P1', '625.00'],
  ['P2', '619.00'],
  ['P3', '622.00'],
  ['P4', '673.00'],
  ['P5', '806.00'],
  ['P6', '818.00'],
  ['M1', '764.00'],
  ['M2', '877.00'],
  ['M3', '949.00'],
  ['M4', '1318.00'],
  ['M5', '1263.00'],
  ['M6', '1109.00'],
];

export const DEFAULT_RATES: DefaultRate[] = [
  // ค่าจัดการเรียนการสอน (per-head teaching cost): paid per semester from the 10 June and 10 November counts.
  ...level('TUITION', 'PER_SEMESTER', ['1700.00', '1900.00', '3500.00', '3800.00']),
  // ค่าหนังสือเรียน (textbooks): once a year at the start of the academic year; per grade, pre-primary flat.
  {
    fiscalYear: BASE_RATE_FISCAL_YEAR,
    item: 'TEXTBOOKS',
    appliesTo: 'PRE_PRIMARY',
    amountPerYear: '200.00',
    schedule: 'ANNUAL_AT_TERM1',
    source: PROGRAMME,
    verified: false,
    note: UNVERIFIED,
  },
  ...TEXTBOOKS_BY_GRADE.map(([appliesTo, amountPerYear]) => ({
    fiscalYear: BASE_RATE_FISCAL_YEAR,
    item: 'TEXTBOOKS' as const,
    appliesTo,
    amountPerYear,
    schedule: 'ANNUAL_AT_TERM1' as const,
    source: PROGRAMME,
    verified: false,
    note: `${UNVERIFIED} Textbook rates differ per grade.`,
  })),
  // ค่าอุปกรณ์การเรียน (learning materials): per semester.
  ...level('LEARNING_MATERIALS', 'PER_SEMESTER', ['200.00', '390.00', '420.00', '460.00']),
  // ค่าเครื่องแบบนักเรียน (uniforms): once a year; 300 / 360 / 450 / 500 are the published rates.
  ...level('UNIFORMS', 'ANNUAL_AT_TERM1', ['300.00', '360.00', '450.00', '500.00'], {
    verified: true,
    note: 'Published rates (pre-primary 300, primary 360, lower secondary 450, upper secondary 500 baht a year). Raised about 7% by the Cabinet from FY 2566: enter the announced rate for those years.',
  }),
  // ค่ากิจกรรมพัฒนาคุณภาพผู้เรียน (quality-development activities): per semester.
  ...level('STUDENT_ACTIVITIES', 'PER_SEMESTER', ['430.00', '480.00', '880.00', '950.00']),
  // EEF conditional cash transfer for extremely poor students, K1–M3 only, paid by semester.
  ...(['PRE_PRIMARY', 'PRIMARY', 'LOWER_SECONDARY'] as const).map((appliesTo) => ({
    fiscalYear: BASE_RATE_FISCAL_YEAR,
    item: 'EEF_CONDITIONAL_CASH_TRANSFER' as const,
    appliesTo,
    amountPerYear: '3000.00',
    schedule: 'PER_SEMESTER' as const,
    source:
      'Equitable Education Fund (กสศ.), conditional cash transfer for extremely poor students, as reported in the finance issue (3,000 baht a year, by semester, K–M3, attendance above 80%)',
    verified: false,
    note: 'Not checked against the EEF announcement; EEF sets the amount per semester and may differ by level and year. No rate for upper secondary: the transfer covers kindergarten to M3.',
  })),
];

/** Money sources of a school (แหล่งเงิน). A receipt or voucher naming any other code is refused. */
export const MONEY_SOURCES: Array<{
  code: string;
  nameTh: string;
  nameEn: string;
  kind: 'BUDGET' | 'NON_BUDGET';
}> = [
  {
    code: 'PER_HEAD_SUBSIDY',
    nameTh: 'เงินอุดหนุนค่าจัดการเรียนการสอน (รายหัว)',
    nameEn: 'Per-head teaching subsidy',
    kind: 'BUDGET',
  },
  { code: 'TEXTBOOKS', nameTh: 'เงินค่าหนังสือเรียน', nameEn: 'Textbooks subsidy', kind: 'BUDGET' },
  {
    code: 'LEARNING_MATERIALS',
    nameTh: 'เงินค่าอุปกรณ์การเรียน',
    nameEn: 'Learning materials subsidy',
    kind: 'BUDGET',
  },
  { code: 'UNIFORMS', nameTh: 'เงินค่าเครื่องแบบนักเรียน', nameEn: 'Uniforms subsidy', kind: 'BUDGET' },
  {
    code: 'STUDENT_ACTIVITIES',
    nameTh: 'เงินค่ากิจกรรมพัฒนาคุณภาพผู้เรียน',
    nameEn: 'Quality-development activities subsidy',
    kind: 'BUDGET',
  },
  {
    code: 'POOR_STUDENT_SUPPORT',
    nameTh: 'เงินปัจจัยพื้นฐานนักเรียนยากจน',
    nameEn: 'Basic support for poor students',
    kind: 'BUDGET',
  },
  { code: 'OTHER_BUDGET', nameTh: 'เงินงบประมาณอื่น', nameEn: 'Other government budget', kind: 'BUDGET' },
  {
    code: 'EEF_CCT',
    nameTh: 'เงินอุดหนุนนักเรียนยากจนพิเศษแบบมีเงื่อนไข (กสศ.)',
    nameEn: 'EEF conditional cash transfer',
    kind: 'NON_BUDGET',
  },
  { code: 'LUNCH', nameTh: 'เงินอาหารกลางวัน', nameEn: 'School lunch funds', kind: 'NON_BUDGET' },
  { code: 'SCHOOL_REVENUE', nameTh: 'เงินรายได้สถานศึกษา', nameEn: 'School revenue', kind: 'NON_BUDGET' },
  { code: 'DONATION', nameTh: 'เงินบริจาค', nameEn: 'Donations', kind: 'NON_BUDGET' },
];

/** Which money source each subsidy item is paid into. */
export const MONEY_SOURCE_OF_ITEM: Record<SubsidyItemCode, string> = {
  TUITION: 'PER_HEAD_SUBSIDY',
  TEXTBOOKS: 'TEXTBOOKS',
  LEARNING_MATERIALS: 'LEARNING_MATERIALS',
  UNIFORMS: 'UNIFORMS',
  STUDENT_ACTIVITIES: 'STUDENT_ACTIVITIES',
  EEF_CONDITIONAL_CASH_TRANSFER: 'EEF_CCT',
};

/** The chart of accounts of the school ledger (fund accounting: every line also names its money source). */
export const LEDGER_ACCOUNTS = [
  { code: '1101', nameTh: 'เงินสดและเงินฝากธนาคาร', nameEn: 'Cash and bank deposits', type: 'ASSET' },
  { code: '2101', nameTh: 'ภาษีหัก ณ ที่จ่ายรอนำส่ง', nameEn: 'Withholding tax payable', type: 'LIABILITY' },
  { code: '4101', nameTh: 'รายรับตามแหล่งเงิน', nameEn: 'Funds received', type: 'REVENUE' },
  { code: '5101', nameTh: 'ค่าใช้จ่าย', nameEn: 'Expenses', type: 'EXPENSE' },
] as const;

export const ACCOUNT = { CASH: '1101', WHT_PAYABLE: '2101', FUNDS: '4101', EXPENSE: '5101' } as const;
