import { z } from 'zod';
import { requireViewer, type MaybeViewer, type Role, type Viewer } from '@smss/auth';
import { forbidden, inputProblems, parseInput, type FieldProblem } from '@smss/core';
import { isOwnOrganisation, ORG_CODE, type Organisation } from '../access/organisation';
import { quantityText } from '../catalogue/catalogue.rules';
import type { IndicatorRecord } from '../catalogue/catalogue.types';
import { isRoundMonth, type RoundMonth } from '../rounds/round.rules';
import type { ResultRecord } from './result.types';

/** The rules of results, pure: what a valid result is, who reports it, who approves it. */

const uuidList = (max: number) =>
  z
    .array(z.string().uuid())
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an id')
    .nullish();

const resultSchema = z.object({
  indicatorId: z.string().uuid(),
  roundMonth: z.number().int().refine(isRoundMonth, 'must be 3, 6, 9 or 12'),
  orgCode: z.string().regex(ORG_CODE, 'must be OBEC, a 4-digit area office code or a 10-digit school code'),
  value: quantityText.nullish(),
  stepsDone: z
    .array(z.number().int().min(1).max(10))
    .max(10)
    .refine((s) => new Set(s).size === s.length, 'must not repeat a step')
    .nullish(),
  achieved: z.boolean().nullish(),
  narrative: z
    .string()
    .trim()
    .max(4000)
    .nullish()
    .transform((v) => v || null),
  evidenceFileIds: uuidList(20),
  projectIds: uuidList(20),
  reporterName: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
  reporterPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s()#]{3,30}$/, 'must be a telephone number')
    .nullish()
    .transform((v) => v || null),
  expectedVersion: z.number().int().positive().nullish(),
});

export const RESULT_MESSAGES_TH: Record<string, string> = {
  indicatorId: 'รหัสตัวชี้วัดไม่ถูกต้อง',
  roundMonth: 'รอบการรายงานต้องเป็น 3, 6, 9 หรือ 12 เดือน',
  orgCode: 'รหัสหน่วยงานต้องเป็น OBEC รหัสเขตพื้นที่ 4 หลัก หรือรหัสโรงเรียน 10 หลัก',
  value: 'ผลการดำเนินงานต้องเป็นข้อความตัวเลข ทศนิยมไม่เกิน 5 ตำแหน่ง',
  stepsDone: 'ขั้นตอนที่ดำเนินการต้องเป็นเลขขั้น 1–10 ไม่ซ้ำกัน',
  achieved: 'ต้องระบุว่าผ่านหรือไม่ผ่าน',
  narrative: 'คำอธิบายผลการดำเนินงานยาวได้ไม่เกิน 4,000 ตัวอักษร',
  evidenceFileIds: 'ไฟล์หลักฐานไม่ถูกต้อง (ไม่เกิน 20 ไฟล์ ไม่ซ้ำกัน)',
  projectIds: 'รหัสโครงการไม่ถูกต้อง (ไม่เกิน 20 โครงการ ไม่ซ้ำกัน)',
  reporterName: 'ชื่อผู้รายงานยาวได้ไม่เกิน 200 ตัวอักษร',
  reporterPhone: 'หมายเลขโทรศัพท์ไม่ถูกต้อง',
  expectedVersion: 'เลขรุ่นไม่ถูกต้อง',
};

export interface ParsedResultInput {
  indicatorId: string;
  roundMonth: RoundMonth;
  orgCode: string;
  value: string | null;
  stepsDone: number[] | null;
  achieved: boolean | null;
  narrative: string | null;
  evidenceFileIds: string[];
  projectIds: string[];
  reporterName: string | null;
  reporterPhone: string | null;
  expectedVersion: number | null;
}

export function parseResultInput(input: unknown): ParsedResultInput {
  const v = parseInput(resultSchema, input, RESULT_MESSAGES_TH);
  return {
    indicatorId: v.indicatorId,
    roundMonth: v.roundMonth as RoundMonth,
    orgCode: v.orgCode,
    value: v.value ?? null,
    stepsDone: v.stepsDone ?? null,
    achieved: v.achieved ?? null,
    narrative: v.narrative,
    evidenceFileIds: v.evidenceFileIds ?? [],
    projectIds: v.projectIds ?? [],
    reporterName: v.reporterName,
    reporterPhone: v.reporterPhone,
    expectedVersion: v.expectedVersion ?? null,
  };
}

const p = (field: string, messageEn: string, messageTh: string): FieldProblem => ({ field, messageEn, messageTh });

/**
 * What a result must hold for its indicator: the value of its method (and only that), no typed value
 * when the platform supplies it, projects only for ARS; to submit, also a narrative and evidence.
 */
export function resultProblems(
  indicator: IndicatorRecord,
  org: Organisation,
  r: ParsedResultInput,
  mode: 'draft' | 'submit',
): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (indicator.framework === 'PMQA')
    return [
      p(
        'indicatorId',
        'PMQA criteria are self-assessed with assessPmqaCriterion, not reported as results',
        'เกณฑ์ PMQA ประเมินตนเองด้วย assessPmqaCriterion ไม่ได้รายงานเป็นผลการดำเนินงาน',
      ),
    ];
  if (org.level !== indicator.ownerLevel)
    out.push(
      p(
        'orgCode',
        `this indicator is reported by ${indicator.ownerLevel}, not ${org.level}`,
        `ตัวชี้วัดนี้รายงานโดยหน่วยงานระดับ ${indicator.ownerLevel} ไม่ใช่ ${org.level}`,
      ),
    );
  const method = indicator.scoring.method;
  const submit = mode === 'submit';
  if (method === 'LEVELS') {
    if (indicator.measure && r.value !== null)
      out.push(
        p(
          'value',
          `the value of this indicator is taken from the platform measure ${indicator.measure}; do not type it`,
          'ค่าของตัวชี้วัดนี้ดึงจากข้อมูลในระบบ ไม่ต้องกรอก',
        ),
      );
    if (!indicator.measure && submit && r.value === null)
      out.push(p('value', 'a value is required to submit', 'ต้องกรอกผลการดำเนินงานก่อนส่ง'));
  } else if (r.value !== null)
    out.push(p('value', `a ${method} indicator takes no value`, 'ตัวชี้วัดนี้ไม่ใช้ค่าตัวเลข'));
  if (method === 'CHECKLIST') {
    if (submit && r.stepsDone === null)
      out.push(p('stepsDone', 'the steps done are required to submit (an empty list for none)', 'ต้องระบุขั้นตอนที่ดำเนินการแล้วก่อนส่ง'));
    const n = indicator.scoring.steps.length;
    if (r.stepsDone?.some((s) => s > n))
      out.push(p('stepsDone', `this checklist has ${n} steps`, `ตัวชี้วัดนี้มี ${n} ขั้นตอน`));
  } else if (r.stepsDone !== null && r.stepsDone.length)
    out.push(p('stepsDone', `a ${method} indicator has no steps`, 'ตัวชี้วัดนี้ไม่มีขั้นตอน'));
  if (method === 'YES_NO') {
    if (submit && r.achieved === null)
      out.push(p('achieved', 'say whether it was achieved to submit', 'ต้องระบุว่าผ่านหรือไม่ผ่านก่อนส่ง'));
  } else if (r.achieved !== null)
    out.push(p('achieved', `a ${method} indicator is not yes/no`, 'ตัวชี้วัดนี้ไม่ใช่แบบผ่าน/ไม่ผ่าน'));
  if (r.projectIds.length && indicator.framework !== 'ARS')
    out.push(p('projectIds', 'only ARS results report against action-plan projects', 'เฉพาะผลตัวชี้วัด ARS ที่อ้างอิงโครงการได้'));
  if (submit && !r.narrative)
    out.push(p('narrative', 'a narrative is required to submit', 'ต้องเขียนคำอธิบายผลการดำเนินงานก่อนส่ง'));
  if (submit && !r.evidenceFileIds.length)
    out.push(p('evidenceFileIds', 'at least one evidence file is required to submit', 'ต้องแนบไฟล์หลักฐานอย่างน้อย 1 ไฟล์ก่อนส่ง'));
  return out;
}

export const assertNoProblems = (problems: FieldProblem[]): void => {
  if (problems.length) throw inputProblems(problems);
};

const REPORTERS: Record<Organisation['level'], ReadonlySet<Role>> = {
  OBEC: new Set<Role>(['obec-admin']),
  AREA_OFFICE: new Set<Role>(['area-officer', 'area-director']),
  SCHOOL: new Set<Role>(['school-staff', 'school-director']),
};

/** Who reports for an organisation: its own staff (OBEC administrators for OBEC). Analysts and partners read. */
export function assertCanReport(viewer: MaybeViewer, org: Organisation): Viewer {
  const v = requireViewer(viewer);
  if (!isOwnOrganisation(v, org) || !REPORTERS[org.level].has(v.role))
    throw forbidden(
      `Only ${org.code}'s own staff may report its results`,
      `เฉพาะบุคลากรของหน่วยงาน ${org.code} เท่านั้นที่รายงานผลของหน่วยงานได้`,
    );
  return v;
}

/**
 * Who approves or returns a result: the area director of the result's area office (for the office's
 * own results and its schools'), an OBEC administrator for OBEC's own. A school never approves; nobody
 * approves a result they submitted themselves.
 */
export function assertCanDecide(viewer: MaybeViewer, result: ResultRecord): Viewer {
  const v = requireViewer(viewer);
  const allowed =
    result.orgLevel === 'OBEC'
      ? v.role === 'obec-admin'
      : v.role === 'area-director' && v.orgCode === result.areaOfficeCode;
  if (!allowed)
    throw forbidden(
      result.orgLevel === 'OBEC'
        ? 'Only an OBEC administrator approves OBEC’s own results'
        : `Only the director of area office ${result.areaOfficeCode} approves or returns this result`,
      result.orgLevel === 'OBEC'
        ? 'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่อนุมัติผลของ สพฐ. ได้'
        : `เฉพาะผู้อำนวยการสำนักงานเขตพื้นที่ ${result.areaOfficeCode} เท่านั้นที่อนุมัติหรือส่งกลับผลนี้ได้`,
    );
  if (result.submittedBy === v.subject)
    throw forbidden(
      'A result is approved or returned by someone other than its submitter',
      'ผู้ส่งผลไม่สามารถอนุมัติหรือส่งกลับผลที่ตนเองส่งได้',
    );
  return v;
}

export function parseReturnComment(comment: unknown): string {
  return parseInput(z.object({ comment: z.string().trim().min(1).max(2000) }), { comment }, {
    comment: 'ต้องระบุความเห็นในการส่งกลับ ยาว 1–2,000 ตัวอักษร',
  }).comment;
}
