import { z } from 'zod';
import { inputProblems, parseInput, type FieldProblem } from '@smss/core';
import { ORG_CODE } from '../access/organisation';
import { fiscalYearSchema } from '../catalogue/catalogue.rules';

/**
 * PMQA 4.0 (the Public Sector Management Quality Award criteria of the Office of the Public Sector
 * Development Commission): the organisational profile and 7 categories, each criterion self-assessed at
 * Basic, Advance or Significance with notes in the ADLR frame and an evidence register. Pure rules.
 */

export const PMQA_LEVELS = ['NOT_ASSESSED', 'BASIC', 'ADVANCE', 'SIGNIFICANCE'] as const;
export type PmqaLevelCode = (typeof PMQA_LEVELS)[number];
export type PmqaStatusCode = 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETE';

/** The 7 categories (names as the PMQA 4.0 manual gives them; see the README on their source). */
export const PMQA_CATEGORIES: ReadonlyArray<{ number: number; nameTh: string; nameEn: string }> = [
  { number: 1, nameTh: 'การนำองค์การ', nameEn: 'Leadership' },
  { number: 2, nameTh: 'การวางแผนเชิงยุทธศาสตร์', nameEn: 'Strategy' },
  { number: 3, nameTh: 'การให้ความสำคัญกับผู้รับบริการและผู้มีส่วนได้ส่วนเสีย', nameEn: 'Customers and stakeholders' },
  { number: 4, nameTh: 'การวัด การวิเคราะห์ และการจัดการความรู้', nameEn: 'Measurement, analysis and knowledge management' },
  { number: 5, nameTh: 'การมุ่งเน้นบุคลากร', nameEn: 'Workforce' },
  { number: 6, nameTh: 'การมุ่งเน้นระบบปฏิบัติการ', nameEn: 'Operations' },
  { number: 7, nameTh: 'ผลลัพธ์การดำเนินการ', nameEn: 'Results' },
];

export interface PmqaEvidenceItemRecord {
  number: number;
  title: string;
  description: string | null;
  fileId: string | null;
  /** Personal data. */
  responsiblePerson: string | null;
}

export interface CriterionAssessmentFacts {
  level: PmqaLevelCode;
  approach: string | null;
  deployment: string | null;
  learning: string | null;
  results: string | null;
  evidence: readonly PmqaEvidenceItemRecord[];
}

const RANK: Record<PmqaLevelCode, number> = { NOT_ASSESSED: 0, BASIC: 1, ADVANCE: 2, SIGNIFICANCE: 3 };

/** A level set, all four ADLR notes written and 2–5 evidence items. */
export function isCriterionComplete(a: CriterionAssessmentFacts | null | undefined): boolean {
  return (
    !!a &&
    a.level !== 'NOT_ASSESSED' &&
    [a.approach, a.deployment, a.learning, a.results].every((n) => !!n && n.trim().length > 0) &&
    a.evidence.length >= 2 &&
    a.evidence.length <= 5
  );
}

/** The lowest of some levels (a chain is as strong as its weakest link). */
export const lowestLevel = (levels: readonly PmqaLevelCode[]): PmqaLevelCode =>
  levels.length ? levels.reduce((low, l) => (RANK[l] < RANK[low] ? l : low)) : 'NOT_ASSESSED';

/**
 * A category is COMPLETE when it has criteria and every one is complete; its level is then the lowest of
 * theirs (NOT_ASSESSED before). IN_PROGRESS once any criterion has been assessed at all.
 */
export function categoryOutcome(assessments: ReadonlyArray<CriterionAssessmentFacts | null>): {
  level: PmqaLevelCode;
  status: PmqaStatusCode;
} {
  if (assessments.length && assessments.every(isCriterionComplete))
    return { level: lowestLevel(assessments.map((a) => a!.level)), status: 'COMPLETE' };
  const started = assessments.some((a) => a && (a.level !== 'NOT_ASSESSED' || a.evidence.length || a.approach));
  return { level: 'NOT_ASSESSED', status: started ? 'IN_PROGRESS' : 'NOT_STARTED' };
}

/** The whole assessment: COMPLETE with the lowest category level once all 7 are and the profile is recorded. */
export function overallOutcome(
  categories: ReadonlyArray<{ level: PmqaLevelCode; status: PmqaStatusCode }>,
  hasProfile: boolean,
): { level: PmqaLevelCode; status: PmqaStatusCode } {
  if (hasProfile && categories.length === 7 && categories.every((c) => c.status === 'COMPLETE'))
    return { level: lowestLevel(categories.map((c) => c.level)), status: 'COMPLETE' };
  const started = hasProfile || categories.some((c) => c.status !== 'NOT_STARTED');
  return { level: 'NOT_ASSESSED', status: started ? 'IN_PROGRESS' : 'NOT_STARTED' };
}

const note = z
  .string()
  .trim()
  .max(4000)
  .nullish()
  .transform((v) => v || null);

const criterionSchema = z.object({
  orgCode: z.string().regex(ORG_CODE),
  criterionId: z.string().uuid(),
  level: z.enum(PMQA_LEVELS),
  approach: note,
  deployment: note,
  learning: note,
  results: note,
  evidence: z
    .array(
      z.object({
        title: z.string().trim().min(1).max(300),
        description: z
          .string()
          .trim()
          .max(1000)
          .nullish()
          .transform((v) => v || null),
        fileId: z.string().uuid().nullish(),
        responsiblePerson: z
          .string()
          .trim()
          .max(200)
          .nullish()
          .transform((v) => v || null),
      }),
    )
    .max(5),
});

const MESSAGES_TH = {
  orgCode: 'รหัสหน่วยงานต้องเป็น OBEC หรือรหัสเขตพื้นที่ 4 หลัก',
  criterionId: 'รหัสประเด็นการประเมินไม่ถูกต้อง',
  level: 'ระดับต้องเป็น NOT_ASSESSED, BASIC, ADVANCE หรือ SIGNIFICANCE',
  approach: 'บันทึกแนวทาง (A) ยาวได้ไม่เกิน 4,000 ตัวอักษร',
  deployment: 'บันทึกการนำไปปฏิบัติ (D) ยาวได้ไม่เกิน 4,000 ตัวอักษร',
  learning: 'บันทึกการเรียนรู้ (L) ยาวได้ไม่เกิน 4,000 ตัวอักษร',
  results: 'บันทึกผลลัพธ์ (R) ยาวได้ไม่เกิน 4,000 ตัวอักษร',
  evidence: 'ทะเบียนหลักฐานมีได้ไม่เกิน 5 รายการ แต่ละรายการต้องมีชื่อ 1–300 ตัวอักษร',
};

export interface ParsedCriterionInput extends CriterionAssessmentFacts {
  orgCode: string;
  criterionId: string;
  evidence: PmqaEvidenceItemRecord[];
}

/** A valid criterion assessment: an assessed level needs all four ADLR notes and 2–5 evidence items. */
export function parseCriterionInput(input: unknown): ParsedCriterionInput {
  const v = parseInput(criterionSchema, input, MESSAGES_TH);
  const problems: FieldProblem[] = [];
  if (v.level !== 'NOT_ASSESSED') {
    for (const [field, th] of [
      ['approach', 'แนวทาง (A)'],
      ['deployment', 'การนำไปปฏิบัติ (D)'],
      ['learning', 'การเรียนรู้ (L)'],
      ['results', 'ผลลัพธ์ (R)'],
    ] as const)
      if (!v[field])
        problems.push({ field, messageEn: 'is required to assess a level', messageTh: `ต้องบันทึก${th}เมื่อประเมินระดับ` });
    if (v.evidence.length < 2)
      problems.push({
        field: 'evidence',
        messageEn: 'an assessed criterion needs 2–5 evidence items',
        messageTh: 'การประเมินระดับต้องมีทะเบียนหลักฐาน 2–5 รายการ',
      });
  }
  if (problems.length) throw inputProblems(problems);
  return {
    ...v,
    evidence: v.evidence.map((e, i) => ({
      number: i + 1,
      title: e.title,
      description: e.description,
      fileId: e.fileId ?? null,
      responsiblePerson: e.responsiblePerson,
    })),
  };
}

const profileText = (max: number) => z.string().trim().min(1).max(max);
const profileSchema = z.object({
  orgCode: z.string().regex(ORG_CODE),
  fiscalYear: fiscalYearSchema,
  nameTh: profileText(300),
  vision: profileText(2000),
  mission: profileText(4000),
  structure: profileText(4000),
  stakeholders: profileText(4000),
  challenges: profileText(4000),
});

export function parseProfileInput(input: unknown) {
  return parseInput(profileSchema, input, {
    orgCode: MESSAGES_TH.orgCode,
    fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569',
    nameTh: 'ชื่อหน่วยงานต้องยาว 1–300 ตัวอักษร',
    vision: 'วิสัยทัศน์ต้องยาว 1–2,000 ตัวอักษร',
    mission: 'พันธกิจต้องยาว 1–4,000 ตัวอักษร',
    structure: 'โครงสร้างและบุคลากรต้องยาว 1–4,000 ตัวอักษร',
    stakeholders: 'ผู้รับบริการและผู้มีส่วนได้ส่วนเสียต้องยาว 1–4,000 ตัวอักษร',
    challenges: 'ความท้าทายต้องยาว 1–4,000 ตัวอักษร',
  });
}
