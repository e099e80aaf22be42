import { z } from 'zod';
import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { forbidden, inputFields, inputProblems, parseInput, type FieldProblem } from '@smss/core';
import { INDICATOR_FRAMEWORKS, ORGANISATION_LEVELS } from '@smss/events';
import { Decimal } from '@smss/money';
import { QUANTITY_PATTERN, SCORE_PATTERN, toQuantityString } from '../scoring/scalars';
import { toScoreString, type ScoringCriteria } from '../scoring/score';
import { PLATFORM_MEASURES, type IndicatorDraft, type IndicatorRecord } from './catalogue.types';

/** The rules of the catalogue, pure: what a valid indicator is, and who keeps the catalogue. */

export const scoreText = z
  .string({ error: 'must be a decimal string with at most five places, e.g. "12.5"' })
  .regex(SCORE_PATTERN, 'must be a decimal string with at most five places, e.g. "12.5"')
  .transform(toScoreString);
export const quantityText = z
  .string({ error: 'must be a decimal string with at most five places, e.g. "87.5"' })
  .regex(QUANTITY_PATTERN, 'must be a decimal string with at most five places, e.g. "87.5"')
  .transform(toQuantityString);
export const fiscalYearSchema = z.number().int().min(2400).max(2700);

const { text, optionalText } = inputFields;

const criteriaSchema = z.object({
  method: z.enum(['LEVELS', 'CHECKLIST', 'YES_NO', 'PMQA_LEVEL']),
  direction: z.enum(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']).nullish(),
  thresholds: z.array(quantityText).max(5).nullish(),
  steps: z.array(text(500)).max(10).nullish(),
});

const createSchema = z.object({
  fiscalYear: fiscalYearSchema,
  framework: z.enum(INDICATOR_FRAMEWORKS),
  code: z
    .string()
    .trim()
    .regex(
      /^[\p{L}\p{N}][\p{L}\p{N} .\-/]{0,29}$/u,
      'must be 1–30 letters, digits, spaces, dots, dashes or slashes',
    ),
  nameTh: text(500),
  nameEn: text(500),
  unit: text(50),
  weight: scoreText,
  target: quantityText.nullish(),
  ownerLevel: z.enum(ORGANISATION_LEVELS),
  scoring: criteriaSchema,
  measure: z.enum(PLATFORM_MEASURES).nullish(),
  pmqaCategory: z.number().int().min(1).max(7).nullish(),
  description: optionalText(4000),
});

const updateSchema = z.object({
  expectedVersion: z.number().int().positive(),
  nameTh: text(500).optional(),
  nameEn: text(500).optional(),
  unit: text(50).optional(),
  weight: scoreText.optional(),
  target: quantityText.nullish(),
  scoring: criteriaSchema.optional(),
  description: optionalText(4000).optional(),
});

export const CATALOGUE_MESSAGES_TH: Record<string, string> = {
  fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569',
  framework: 'กรอบการประเมินต้องเป็น KRS, ARS หรือ PMQA',
  code: 'รหัสตัวชี้วัดต้องยาว 1–30 ตัวอักษร (ตัวอักษร ตัวเลข ช่องว่าง จุด ขีด)',
  nameTh: 'ชื่อตัวชี้วัดภาษาไทยต้องยาว 1–500 ตัวอักษร',
  nameEn: 'ชื่อตัวชี้วัดภาษาอังกฤษต้องยาว 1–500 ตัวอักษร',
  unit: 'หน่วยนับต้องยาว 1–50 ตัวอักษร',
  weight: 'น้ำหนักต้องเป็นข้อความตัวเลข 0–100 ทศนิยมไม่เกิน 5 ตำแหน่ง',
  target: 'ค่าเป้าหมายต้องเป็นข้อความตัวเลข ทศนิยมไม่เกิน 5 ตำแหน่ง',
  ownerLevel: 'ระดับหน่วยงานต้องเป็น OBEC, AREA_OFFICE หรือ SCHOOL',
  scoring: 'เกณฑ์การให้คะแนนไม่ถูกต้อง',
  measure: 'ข้อมูลในระบบที่ผูกไว้ไม่ถูกต้อง',
  pmqaCategory: 'หมวด PMQA ต้องเป็น 1–7',
  description: 'คำอธิบายยาวได้ไม่เกิน 4,000 ตัวอักษร',
  expectedVersion: 'ต้องระบุเลขรุ่นที่อ่านมา',
};

const problem = (field: string, messageEn: string, messageTh: string): FieldProblem => ({
  field,
  messageEn,
  messageTh,
});

/** Criteria as stored: only what the method uses. */
export function normaliseCriteria(c: z.infer<typeof criteriaSchema>): ScoringCriteria {
  return {
    method: c.method,
    direction: c.method === 'LEVELS' ? (c.direction ?? null) : null,
    thresholds: c.method === 'LEVELS' ? (c.thresholds ?? []) : [],
    steps: c.method === 'CHECKLIST' ? (c.steps ?? []) : [],
  };
}

/** Everything about an indicator zod cannot say on its own: the method's data, PMQA, the bound measure. */
export function indicatorProblems(d: {
  framework: string;
  ownerLevel: string;
  weight: string;
  scoring: z.infer<typeof criteriaSchema>;
  measure: string | null;
  pmqaCategory: number | null;
}): FieldProblem[] {
  const out: FieldProblem[] = [];
  const c = d.scoring;
  if (new Decimal(d.weight).greaterThan(100) || new Decimal(d.weight).isNegative())
    out.push(problem('weight', 'must be between 0 and 100', CATALOGUE_MESSAGES_TH.weight!));
  if (c.method === 'LEVELS') {
    if (!c.direction)
      out.push(
        problem(
          'scoring.direction',
          'LEVELS needs a direction (HIGHER_IS_BETTER or LOWER_IS_BETTER)',
          'เกณฑ์ 5 ระดับต้องระบุทิศทาง (ค่ามากดี หรือ ค่าน้อยดี)',
        ),
      );
    const t = (c.thresholds ?? []).map((x) => new Decimal(x));
    if (t.length !== 5)
      out.push(
        problem('scoring.thresholds', 'LEVELS needs exactly five thresholds', 'เกณฑ์ 5 ระดับต้องมีค่าเกณฑ์ 5 ค่า'),
      );
    else if (c.direction) {
      const up = c.direction === 'HIGHER_IS_BETTER';
      const ordered = t.every((x, i) => i === 0 || (up ? x.greaterThan(t[i - 1]!) : x.lessThan(t[i - 1]!)));
      if (!ordered)
        out.push(
          problem(
            'scoring.thresholds',
            `thresholds must be strictly ${up ? 'increasing' : 'decreasing'} from level 1 to level 5`,
            `ค่าเกณฑ์ต้อง${up ? 'เพิ่มขึ้น' : 'ลดลง'}อย่างเคร่งครัดจากระดับ 1 ถึงระดับ 5`,
          ),
        );
    }
  } else if (c.thresholds?.length) {
    out.push(
      problem('scoring.thresholds', 'only LEVELS criteria have thresholds', 'เฉพาะเกณฑ์ 5 ระดับที่มีค่าเกณฑ์'),
    );
  }
  if (c.method === 'CHECKLIST' && !(c.steps?.length ?? 0))
    out.push(problem('scoring.steps', 'CHECKLIST needs 1–10 steps', 'ตัวชี้วัดแบบขั้นตอนต้องมี 1–10 ขั้นตอน'));
  if (c.method !== 'CHECKLIST' && c.steps?.length)
    out.push(problem('scoring.steps', 'only CHECKLIST criteria have steps', 'เฉพาะตัวชี้วัดแบบขั้นตอนที่มีขั้นตอน'));
  const pmqa = d.framework === 'PMQA';
  if (pmqa !== (c.method === 'PMQA_LEVEL'))
    out.push(
      problem(
        'scoring.method',
        'PMQA criteria, and only they, use PMQA_LEVEL',
        'เกณฑ์ PMQA ต้องใช้วิธี PMQA_LEVEL และตัวชี้วัดอื่นใช้ไม่ได้',
      ),
    );
  if (pmqa) {
    if (d.pmqaCategory == null)
      out.push(
        problem(
          'pmqaCategory',
          'a PMQA criterion needs its category 1–7',
          CATALOGUE_MESSAGES_TH.pmqaCategory!,
        ),
      );
    if (!new Decimal(d.weight).isZero())
      out.push(
        problem('weight', 'PMQA criteria are not weighted (weight 0)', 'เกณฑ์ PMQA ไม่มีน้ำหนัก (ให้เป็น 0)'),
      );
    if (d.ownerLevel === 'SCHOOL')
      out.push(
        problem(
          'ownerLevel',
          'PMQA is assessed by OBEC and area offices, not schools',
          'PMQA ประเมินโดย สพฐ. และเขตพื้นที่ ไม่ใช่สถานศึกษา',
        ),
      );
  } else {
    if (d.pmqaCategory != null)
      out.push(problem('pmqaCategory', 'only PMQA criteria have a category', 'เฉพาะเกณฑ์ PMQA ที่มีหมวด'));
    if (new Decimal(d.weight).isZero())
      out.push(
        problem('weight', 'a KRS or ARS indicator needs a weight above 0', 'ตัวชี้วัด KRS/ARS ต้องมีน้ำหนักมากกว่า 0'),
      );
  }
  if (d.measure && c.method !== 'LEVELS')
    out.push(
      problem(
        'measure',
        'only LEVELS indicators can take their value from a platform measure',
        'เฉพาะตัวชี้วัดแบบเกณฑ์ 5 ระดับที่ดึงค่าจากข้อมูลในระบบได้',
      ),
    );
  return out;
}

/** A valid create input (every problem at once, English and Thai). */
export function parseIndicatorInput(input: unknown): IndicatorDraft {
  const v = parseInput(createSchema, input, CATALOGUE_MESSAGES_TH);
  const draft: IndicatorDraft = {
    fiscalYear: v.fiscalYear,
    framework: v.framework,
    code: v.code.replace(/\s+/g, ' '),
    nameTh: v.nameTh,
    nameEn: v.nameEn,
    unit: v.unit,
    weight: v.weight,
    target: v.target ?? null,
    ownerLevel: v.ownerLevel,
    scoring: normaliseCriteria(v.scoring),
    measure: v.measure ?? null,
    pmqaCategory: v.pmqaCategory ?? null,
    description: v.description,
  };
  const problems = indicatorProblems({ ...draft, scoring: v.scoring });
  if (problems.length) throw inputProblems(problems);
  return draft;
}

/** A valid update applied to the current indicator: the indicator as it would be, and the version read. */
export function parseIndicatorUpdate(
  current: IndicatorRecord,
  input: unknown,
): { next: IndicatorDraft; expectedVersion: number } {
  const v = parseInput(updateSchema, input, CATALOGUE_MESSAGES_TH);
  const scoring = v.scoring ?? {
    method: current.scoring.method,
    direction: current.scoring.direction,
    thresholds: [...current.scoring.thresholds],
    steps: [...current.scoring.steps],
  };
  const next: IndicatorDraft = {
    fiscalYear: current.fiscalYear,
    framework: current.framework,
    code: current.code,
    nameTh: v.nameTh ?? current.nameTh,
    nameEn: v.nameEn ?? current.nameEn,
    unit: v.unit ?? current.unit,
    weight: v.weight ?? current.weight,
    target: v.target === undefined ? current.target : v.target,
    ownerLevel: current.ownerLevel,
    scoring: normaliseCriteria(scoring),
    measure: current.measure,
    pmqaCategory: current.pmqaCategory,
    description: v.description === undefined ? current.description : v.description,
  };
  const problems = indicatorProblems({ ...next, scoring });
  if (problems.length) throw inputProblems(problems);
  return { next, expectedVersion: v.expectedVersion };
}

/** The catalogue and the reporting rounds are kept by OBEC administrators. */
export function assertCanManageCatalogue(viewer: MaybeViewer): Viewer {
  const v = requireViewer(viewer);
  if (v.role !== 'obec-admin')
    throw forbidden(
      'Only OBEC administrators keep the indicator catalogue and the reporting rounds',
      'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่จัดการบัญชีตัวชี้วัดและรอบการรายงานได้',
    );
  return v;
}
