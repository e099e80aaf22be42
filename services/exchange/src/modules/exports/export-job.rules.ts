import { badInput, type FieldProblem } from '@smss/core';
import {
  EXPORT_FORMATS,
  EXPORT_PROFILES,
  type ExportFormat,
  type ExportProfileName,
  type ExportScope,
} from './export-job.types';

const AREA = /^\d{4}$/;
const SCHOOL = /^\d{10}$/;

export interface StartExportInput {
  profile: ExportProfileName;
  format: ExportFormat;
  scope: ExportScope;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Pure validation of `startExport`'s arguments: every problem at once, in English and Thai. */
export function validateStartExport(args: {
  profile?: unknown;
  format?: unknown;
  scope?: { areaOfficeCode?: unknown; schoolCode?: unknown } | null;
}): StartExportInput {
  const problems: FieldProblem[] = [];
  const profile = args.profile as ExportProfileName;
  if (!(EXPORT_PROFILES as readonly unknown[]).includes(profile))
    problems.push({
      field: 'profile',
      messageEn: 'Unknown export profile',
      messageTh: 'ไม่รู้จักรูปแบบการส่งออกนี้',
    });
  const format = args.format as ExportFormat;
  if (!(EXPORT_FORMATS as readonly unknown[]).includes(format))
    problems.push({ field: 'format', messageEn: 'Unknown file format', messageTh: 'ไม่รู้จักรูปแบบไฟล์นี้' });
  const areaOfficeCode = text(args.scope?.areaOfficeCode);
  const schoolCode = text(args.scope?.schoolCode);
  if (areaOfficeCode && schoolCode)
    problems.push({
      field: 'scope',
      messageEn: 'Give either an area office code or a school code, not both',
      messageTh: 'ระบุรหัสเขตพื้นที่หรือรหัสโรงเรียนอย่างใดอย่างหนึ่งเท่านั้น ไม่ใช่ทั้งสองอย่าง',
    });
  else if (!areaOfficeCode && !schoolCode)
    problems.push({
      field: 'scope',
      messageEn: 'Give an area office code or a school code',
      messageTh: 'ต้องระบุรหัสเขตพื้นที่หรือรหัสโรงเรียนอย่างใดอย่างหนึ่ง',
    });
  else if (areaOfficeCode && !AREA.test(areaOfficeCode))
    problems.push({
      field: 'scope.areaOfficeCode',
      messageEn: 'An area office code has 4 digits',
      messageTh: 'รหัสเขตพื้นที่ต้องเป็นตัวเลข 4 หลัก',
    });
  else if (schoolCode && !SCHOOL.test(schoolCode))
    problems.push({
      field: 'scope.schoolCode',
      messageEn: 'A school code has 10 digits',
      messageTh: 'รหัสโรงเรียนต้องเป็นตัวเลข 10 หลัก',
    });
  if (problems.length) throw badInput('The export request is not valid', 'คำขอส่งออกข้อมูลไม่ถูกต้อง', problems);
  return {
    profile,
    format,
    scope: { areaOfficeCode: schoolCode ? null : areaOfficeCode, schoolCode },
  };
}

/** Jobs per list: 1–100 (default 20). */
export const clampFirst = (first: unknown): number =>
  typeof first === 'number' && Number.isInteger(first) ? Math.min(100, Math.max(1, first)) : 20;
