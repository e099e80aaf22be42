/**
 * Retention rules as data, each with its legal source. The clause numbers and wording follow secondary
 * sources (agency summaries of the Regulation of the Prime Minister's Office on Correspondence B.E. 2526 as
 * amended B.E. 2548, 2560 and 2564); none has been checked against the Royal Gazette text yet, so every rule
 * is marked `verified: false` until someone does. The years count after the calendar year in which a letter
 * was registered (the regulation counts from when its handling ended: for a register that closes each
 * calendar year the two coincide — also unverified).
 */
export interface RetentionRuleData {
  code: string;
  /** Years kept after the year of registration; null = permanently. */
  years: number | null;
  nameTh: string;
  nameEn: string;
  source: string;
  verified: boolean;
}

export const DEFAULT_RETENTION = 'NORMAL_10_YEARS';

export const RETENTION_RULES: readonly RetentionRuleData[] = [
  {
    code: 'NORMAL_10_YEARS',
    years: 10,
    nameTh: 'หนังสือทั่วไป เก็บไว้ไม่น้อยกว่า 10 ปี',
    nameEn: 'Ordinary letters: kept at least 10 years',
    source: 'ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 ข้อ 57 วรรคหนึ่ง',
    verified: false,
  },
  {
    code: 'ROUTINE_1_YEAR',
    years: 1,
    nameTh: 'หนังสือที่เป็นเรื่องธรรมดาสามัญซึ่งเป็นงานประจำ เก็บไว้ไม่น้อยกว่า 1 ปี',
    nameEn: 'Routine letters of no lasting importance: kept at least 1 year',
    source: 'ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 ข้อ 57.4',
    verified: false,
  },
  {
    code: 'PERMANENT',
    years: null,
    nameTh: 'หนังสือที่ต้องเก็บไว้ตลอดไป (มีคุณค่าทางประวัติศาสตร์ หรือเป็นหลักฐานสำคัญ)',
    nameEn: 'Kept permanently (historical value or important evidence)',
    source: 'ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 ข้อ 57.3',
    verified: false,
  },
  {
    code: 'FINANCIAL_AS_AGREED',
    years: 10,
    nameTh: 'หนังสือเกี่ยวกับการเงิน เก็บตามที่ตกลงกับกระทรวงการคลัง (ค่าเริ่มต้น 10 ปี)',
    nameEn: 'Financial documents: as agreed with the Ministry of Finance (default 10 years)',
    source: 'ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 ข้อ 57.5',
    verified: false,
  },
  {
    code: 'SECRET_PER_SECRECY_REGULATION',
    years: null,
    nameTh:
      'หนังสือที่ต้องสงวนเป็นความลับ ให้ปฏิบัติตามระเบียบว่าด้วยการรักษาความลับของทางราชการ (เก็บจนกว่าจะมีการทำลายตามระเบียบนั้น)',
    nameEn: 'Secret documents: as the secrecy regulation provides (kept until destroyed under it)',
    source:
      'ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 ข้อ 57.1; ระเบียบว่าด้วยการรักษาความลับของทางราชการ พ.ศ. 2544',
    verified: false,
  },
];

/** Days after the calendar year ends within which the destruction list is due. */
export const DESTRUCTION_LIST_DAYS = 60;
export const DESTRUCTION_LIST_SOURCE =
  'ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 ข้อ 66 (ยังไม่ได้ตรวจสอบกับต้นฉบับ)';
/** A chair and at least two members (ข้อ 67, unverified). */
export const MIN_COMMITTEE_MEMBERS = 3;

/** The last calendar year (B.E.) a register entry of `year` must be kept under a rule; null = permanently. */
export function retainUntil(year: number, years: number | null): number | null {
  return years == null ? null : year + years;
}

/** The destruction list of calendar year `yearBe` is due 60 days after 31 December of it (ISO date). */
export function destructionListDueOn(yearBe: number): string {
  const ce = yearBe - 543;
  const due = new Date(Date.UTC(ce, 11, 31) + DESTRUCTION_LIST_DAYS * 86_400_000);
  return due.toISOString().slice(0, 10);
}
