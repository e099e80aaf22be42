import { fromThaiDigits } from '@smss/thai';

/**
 * Thai basic-education grading (หลักสูตรแกนกลางการศึกษาขั้นพื้นฐาน พ.ศ. 2551): eight numeric grades in
 * halves from 0 to 4 for credit subjects, and the non-numeric results. Everything is exact: credits and
 * grades are whole halves, so the GPA is computed with integers (no floating point anywhere).
 */
export const NUMERIC_GRADES = ['4', '3.5', '3', '2.5', '2', '1.5', '1', '0'] as const;

export const NON_NUMERIC_RESULTS = {
  /** รอการตัดสิน / incomplete: not yet graded. */
  ร: { kind: 'PENDING', en: 'incomplete (awaiting judgement)', th: 'รอการตัดสิน' },
  /** ไม่มีสิทธิ์สอบ: not allowed to sit the final assessment; not yet graded. */
  มส: { kind: 'PENDING', en: 'not allowed to sit the exam', th: 'ไม่มีสิทธิ์เข้ารับการวัดผลปลายภาค' },
  /** ผ่าน: an activity (กิจกรรมพัฒนาผู้เรียน) passed. */
  ผ: { kind: 'ACTIVITY_PASS', en: 'activity passed', th: 'ผ่าน' },
  /** ไม่ผ่าน: an activity failed. */
  มผ: { kind: 'ACTIVITY_FAIL', en: 'activity not passed', th: 'ไม่ผ่าน' },
} as const;

export type Grade = (typeof NUMERIC_GRADES)[number] | keyof typeof NON_NUMERIC_RESULTS;
export type GradeKind = 'NUMERIC' | 'PENDING' | 'ACTIVITY_PASS' | 'ACTIVITY_FAIL';

/**
 * How a GPA is written, as data. Two decimals, truncated (not rounded): the reading of the OBEC guideline
 * "แนวปฏิบัติการวัดและประเมินผลการเรียนรู้ ตามหลักสูตรแกนกลางการศึกษาขั้นพื้นฐาน พ.ศ. 2551" that GPA and
 * GPAX are computed "ทศนิยม 2 ตำแหน่ง ไม่ปัดเศษ". The guideline's text was not available offline to verify.
 */
export const GPA_RULE = {
  decimals: 2,
  rounding: 'TRUNCATE',
  source:
    'OBEC basic-education assessment guideline (B.E. 2551 core curriculum): GPA to two decimals, not rounded (ไม่ปัดเศษ). Not verified against the guideline text offline.',
} as const;

/**
 * The promotion check this service implements (a simplification of the same guideline's year-end
 * criteria): every credit subject of the year graded at least 1 (no 0, ร or มส outstanding) and every
 * activity passed (ผ). The guideline's other criteria (reading–thinking–writing, desired characteristics,
 * attendance of 80 %, remedial re-assessment) are not recorded here and are not judged.
 */
export const PROMOTION_RULE = {
  minimumGrade: 1,
  activitiesMustPass: true,
  pendingBlocks: true,
  source:
    'Simplified from the OBEC assessment guideline (B.E. 2551): all subjects graded ≥ 1, no ร/มส outstanding, all activities ผ. Other criteria (reading–thinking–writing, desired characteristics, attendance) are not judged.',
} as const;

/** Normalise a written grade: Thai digits, "4.0", "3.50", "ผ่าน"/"ไม่ผ่าน", spaces. Null when unknown. */
export function parseGrade(text: string): Grade | null {
  const t = fromThaiDigits(String(text)).replace(/\s+/g, '');
  if (t === 'ผ่าน') return 'ผ';
  if (t === 'ไม่ผ่าน') return 'มผ';
  if (t in NON_NUMERIC_RESULTS) return t as Grade;
  if (!/^\d(\.\d{1,2})?$/.test(t)) return null;
  const halves = Number(t) * 2;
  if (!Number.isInteger(halves) || halves < 0 || halves > 8) return null;
  return String(halves / 2) as Grade;
}

export function kindOf(grade: Grade): GradeKind {
  return grade in NON_NUMERIC_RESULTS
    ? NON_NUMERIC_RESULTS[grade as keyof typeof NON_NUMERIC_RESULTS].kind
    : 'NUMERIC';
}

/** Credits as whole halves (1.5 → 3); null unless a multiple of 0.5 from 0 to 20. */
export function creditHalves(credits: number | string): number | null {
  const n = typeof credits === 'number' ? credits : Number(fromThaiDigits(String(credits).trim()));
  const halves = n * 2;
  return Number.isFinite(n) && Number.isInteger(halves) && halves >= 0 && halves <= 40 ? halves : null;
}

/** Halves as an exact decimal string: 3 → "1.5", 8 → "4.0". */
export const halvesToDecimal = (h: number): string => `${Math.floor(h / 2)}.${h % 2 ? 5 : 0}`;

export interface GradedSubject {
  subjectCode: string;
  /** Credits in halves. */
  creditHalves: number;
  grade: Grade;
}

export interface GpaFigure {
  /** Two decimals, truncated (GPA_RULE); null when nothing numeric is graded. */
  gpa: string | null;
  /** Credits counted in the GPA (numeric grades only), exact. */
  credits: string;
  /** Subjects awaiting a result (ร, มส): excluded from the GPA. */
  pending: number;
}

/**
 * Credit-weighted GPA in exact integer arithmetic: with c = credits × 2 and g = grade × 2,
 * GPA = Σ(credits × grade) / Σ credits = Σ(c·g) / (2·Σc), truncated to hundredths by integer division.
 */
export function gpaOf(subjects: readonly GradedSubject[]): GpaFigure {
  let points = 0;
  let credits = 0;
  let pending = 0;
  for (const s of subjects) {
    const kind = kindOf(s.grade);
    if (kind === 'PENDING') pending += 1;
    if (kind !== 'NUMERIC' || s.creditHalves === 0) continue;
    points += s.creditHalves * Number(s.grade) * 2;
    credits += s.creditHalves;
  }
  if (credits === 0) return { gpa: null, credits: '0.0', pending };
  const hundredths = Math.floor((100 * points) / (2 * credits));
  return {
    gpa: `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`,
    credits: halvesToDecimal(credits),
    pending,
  };
}

export interface PromotionCheck {
  eligible: boolean;
  /** "<subject code> <result>" for every result that blocks promotion. */
  blocking: string[];
}

/** The year's results against PROMOTION_RULE; no result at all is not eligible. */
export function promotionCheck(subjects: readonly GradedSubject[]): PromotionCheck {
  const blocking = subjects
    .filter((s) => {
      const kind = kindOf(s.grade);
      if (kind === 'PENDING') return PROMOTION_RULE.pendingBlocks;
      if (kind === 'ACTIVITY_FAIL') return PROMOTION_RULE.activitiesMustPass;
      if (kind === 'NUMERIC') return Number(s.grade) < PROMOTION_RULE.minimumGrade;
      return false;
    })
    .map((s) => `${s.subjectCode} ${s.grade}`);
  return { eligible: subjects.length > 0 && blocking.length === 0, blocking };
}
