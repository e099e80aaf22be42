import { z } from 'zod';
import { badInput, inputFields, inputParser } from '@smss/core';
import { LEAVE_TYPES, POSITION_TYPES } from '@smss/events';
import { isoDateInput } from '@smss/thai';

/** Thai messages per input field (the first path segment), shown beside the English detail. */
const thaiMessages: Record<string, string> = {
  nationalId: 'เลขประจำตัวประชาชนไม่ถูกต้อง',
  title: 'คำนำหน้าชื่อยาวได้ไม่เกิน 50 ตัวอักษร',
  firstNameTh: 'ชื่อภาษาไทยต้องมีตัวอักษรไทย ความยาว 1–100 ตัวอักษร',
  lastNameTh: 'นามสกุลภาษาไทยต้องมีตัวอักษรไทย ความยาว 1–100 ตัวอักษร',
  firstNameEn: 'ชื่อภาษาอังกฤษยาวได้ไม่เกิน 100 ตัวอักษร',
  lastNameEn: 'นามสกุลภาษาอังกฤษยาวได้ไม่เกิน 100 ตัวอักษร',
  birthDate: 'วันเกิดต้องอยู่ในรูปแบบ YYYY-MM-DD',
  phone: 'หมายเลขโทรศัพท์ต้องเป็นตัวเลข 9–10 หลัก',
  email: 'อีเมลไม่ถูกต้อง',
  salary: 'เงินเดือนต้องเป็นตัวเลขไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง',
  academicStanding: 'วิทยฐานะไม่ถูกต้อง',
  mainSubject: 'วิชาเอกยาวได้ไม่เกิน 100 ตัวอักษร',
  qualifications: 'วุฒิการศึกษาไม่ถูกต้อง',
  serviceStartDate: 'วันบรรจุต้องอยู่ในรูปแบบ YYYY-MM-DD',
  accountSubject: 'รหัสผู้ใช้ยาวได้ 1–200 ตัวอักษร',
  vacationCarriedOver: 'วันลาพักผ่อนสะสมต้องอยู่ระหว่าง 0 ถึง 30 วัน ครั้งละครึ่งวัน',
  vacationOpeningFiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ.',
  posting: 'ข้อมูลตำแหน่งที่แต่งตั้งไม่ถูกต้อง',
  staffId: 'รหัสบุคลากรไม่ถูกต้อง',
  toSchoolId: 'รหัสโรงเรียนปลายทางไม่ถูกต้อง',
  toAreaOfficeCode: 'รหัสเขตพื้นที่ปลายทางต้องเป็นตัวเลข 4 หลัก',
  effectiveDate: 'วันที่มีผลต้องอยู่ในรูปแบบ YYYY-MM-DD',
  positionType: 'ตำแหน่งไม่ถูกต้อง',
  positionNumber: 'เลขที่ตำแหน่งยาวได้ไม่เกิน 30 ตัวอักษร',
  orderReference: 'เลขที่คำสั่งยาวได้ไม่เกิน 100 ตัวอักษร',
  licenceNumber: 'เลขที่ใบอนุญาตต้องเป็นตัวอักษรหรือตัวเลข 5–30 ตัว',
  issueDate: 'วันออกใบอนุญาตต้องอยู่ในรูปแบบ YYYY-MM-DD',
  expiryDate: 'วันหมดอายุต้องอยู่ในรูปแบบ YYYY-MM-DD และหลังวันออกใบอนุญาต',
  leaveType: 'ประเภทการลาไม่ถูกต้อง',
  startDate: 'วันเริ่มลาต้องอยู่ในรูปแบบ YYYY-MM-DD',
  endDate: 'วันสุดท้ายที่ลาต้องอยู่ในรูปแบบ YYYY-MM-DD และไม่ก่อนวันเริ่มลา',
  halfDay: 'ลาครึ่งวันได้เฉพาะการลาวันเดียว',
  reason: 'เหตุผลการลายาวได้ไม่เกิน 1,000 ตัวอักษร',
  contactDuringLeave: 'ข้อมูลติดต่อยาวได้ไม่เกิน 500 ตัวอักษร',
  comment: 'ความเห็นยาวได้ไม่เกิน 1,000 ตัวอักษร',
  date: 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD',
  nameTh: 'ชื่อวันหยุดภาษาไทยต้องมี 1–200 ตัวอักษร',
  nameEn: 'ชื่อวันหยุดภาษาอังกฤษต้องมี 1–200 ตัวอักษร',
  source: 'ต้องระบุแหล่งที่มา',
  expectedVersion: 'เลขรุ่นต้องเป็นจำนวนเต็มบวก',
  withinDays: 'จำนวนวันต้องอยู่ระหว่าง 0 ถึง 3,650',
  from: 'วันที่เริ่มต้นต้องอยู่ในรูปแบบ YYYY-MM-DD',
  to: 'วันที่สิ้นสุดต้องอยู่ในรูปแบบ YYYY-MM-DD และห่างจากวันเริ่มไม่เกิน 3 ปี',
};

export const isoDate = isoDateInput;
const thaiText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/[\u0E00-\u0E7F]/, 'must contain Thai characters');
const { text } = inputFields;
const decimal = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'must be a non-negative decimal with at most 2 places');
const beYear = z.number().int().min(2400).max(2700);

const qualification = z.object({
  degree: text(100),
  major: text(200).nullish(),
  institution: text(200).nullish(),
  year: beYear.nullish(),
});

export const ACADEMIC_STANDINGS = [
  'NONE',
  'PROFESSIONAL',
  'SENIOR_PROFESSIONAL',
  'EXPERT',
  'SENIOR_EXPERT',
] as const;

const personalFields = {
  title: text(50).nullish(),
  firstNameEn: text(100).nullish(),
  lastNameEn: text(100).nullish(),
  birthDate: isoDate.nullish(),
  phone: z
    .string()
    .regex(/^0\d{8,9}$/, 'must be a Thai phone number of 9–10 digits starting with 0')
    .nullish(),
  email: z.email().max(200).nullish(),
  salary: decimal.nullish(),
  academicStanding: z.enum(ACADEMIC_STANDINGS).nullish(),
  mainSubject: text(100).nullish(),
  qualifications: z.array(qualification).max(20).nullish(),
  accountSubject: text(200).nullish(),
};

export const postingSchema = z
  .object({
    schoolId: z.string().uuid().nullish(),
    areaOfficeCode: z
      .string()
      .regex(/^\d{4}$/, 'must be 4 digits')
      .nullish(),
    positionType: z.enum(POSITION_TYPES),
    positionNumber: text(30).nullish(),
    startDate: isoDate.nullish(),
    orderReference: text(100).nullish(),
  })
  .refine((p) => (p.schoolId == null) !== (p.areaOfficeCode == null), {
    message: 'give exactly one of schoolId or areaOfficeCode',
  });

export const registerStaffSchema = z.object({
  nationalId: z.string(),
  firstNameTh: thaiText(100),
  lastNameTh: thaiText(100),
  ...personalFields,
  serviceStartDate: isoDate,
  vacationCarriedOver: z
    .number()
    .min(0)
    .max(30)
    .refine((n) => Number.isInteger(n * 2), 'must be a whole or half day')
    .nullish(),
  vacationOpeningFiscalYear: beYear.nullish(),
  posting: postingSchema,
});
export type RegisterStaffInput = z.infer<typeof registerStaffSchema>;

export const updateStaffSchema = z.object({
  firstNameTh: thaiText(100).nullish(),
  lastNameTh: thaiText(100).nullish(),
  ...personalFields,
  expectedVersion: z.number().int().positive().nullish(),
});
export type UpdateStaffInput = z.infer<typeof updateStaffSchema>;

export const transferStaffSchema = z
  .object({
    staffId: z.string().uuid(),
    toSchoolId: z.string().uuid().nullish(),
    toAreaOfficeCode: z
      .string()
      .regex(/^\d{4}$/, 'must be 4 digits')
      .nullish(),
    effectiveDate: isoDate,
    positionType: z.enum(POSITION_TYPES).nullish(),
    positionNumber: text(30).nullish(),
    orderReference: text(100).nullish(),
  })
  .refine((t) => (t.toSchoolId == null) !== (t.toAreaOfficeCode == null), {
    message: 'give exactly one of toSchoolId or toAreaOfficeCode',
    path: ['toSchoolId'],
  });
export type TransferStaffInput = z.infer<typeof transferStaffSchema>;

export const releaseStaffSchema = z.object({
  staffId: z.string().uuid(),
  toAreaOfficeCode: z.string().regex(/^\d{4}$/, 'must be 4 digits'),
  orderReference: text(100).nullish(),
});
export type ReleaseStaffInput = z.infer<typeof releaseStaffSchema>;

export const recordLicenceSchema = z
  .object({
    staffId: z.string().uuid(),
    licenceNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9/-]{5,30}$/, 'must be 5–30 letters, digits, / or -'),
    issueDate: isoDate,
    expiryDate: isoDate,
  })
  .refine((l) => l.expiryDate > l.issueDate, {
    message: 'must be after the issue date',
    path: ['expiryDate'],
  });
export type RecordLicenceInput = z.infer<typeof recordLicenceSchema>;

export const requestLeaveSchema = z
  .object({
    staffId: z.string().uuid().nullish(),
    leaveType: z.enum(LEAVE_TYPES),
    startDate: isoDate,
    endDate: isoDate,
    halfDay: z.enum(['MORNING', 'AFTERNOON']).nullish(),
    reason: text(1000).nullish(),
    contactDuringLeave: text(500).nullish(),
  })
  .refine((r) => r.endDate >= r.startDate, { message: 'must not be before startDate', path: ['endDate'] })
  .refine((r) => !r.halfDay || r.startDate === r.endDate, {
    message: 'a half day needs startDate = endDate',
    path: ['halfDay'],
  });
export type RequestLeaveInput = z.infer<typeof requestLeaveSchema>;

export const holidaySchema = z.object({
  date: isoDate,
  nameTh: thaiText(200),
  nameEn: text(200),
  kind: z.enum(['STATUTORY', 'SUBSTITUTE', 'SPECIAL']).nullish(),
  source: text(500),
});
export type HolidayInput = z.infer<typeof holidaySchema>;

export const commentSchema = text(1000).nullish();

/** Parse input or throw BAD_USER_INPUT listing every field problem in English and Thai (the shared parser). */
export const parseInput = inputParser(thaiMessages);

/** A single-field problem as BAD_USER_INPUT. */
export function fieldProblem(field: string, messageEn: string, messageTh: string) {
  return badInput(`${field}: ${messageEn}`, messageTh, [{ field, messageEn, messageTh }]);
}
