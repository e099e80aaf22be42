import { z } from 'zod';
import {
  canSeeRecordsOf,
  requireViewer,
  type DirectoryPlacement,
  type MaybeViewer,
  type Role,
  type Viewer,
} from '@smss/auth';
import { badInput, forbidden, type FieldProblem } from '@smss/core';
import { parseIsoDate } from '@smss/thai';

/** The rules of a __record_words__, pure (no database): what a valid one is, and who may write one. */

const thaiMessages: Record<string, string> = {
  schoolId: 'รหัสโรงเรียนไม่ถูกต้อง',
  title: 'ชื่อรายการต้องยาว 1–200 ตัวอักษร',
  responsiblePerson: 'ชื่อผู้รับผิดชอบต้องยาว 1–200 ตัวอักษร',
  recordedOn: 'วันที่บันทึกต้องอยู่ในรูปแบบ YYYY-MM-DD และไม่เป็นวันในอนาคต',
};

const createSchema = z.object({
  schoolId: z.string().uuid(),
  title: z.string().trim().min(1).max(200),
  responsiblePerson: z.string().trim().min(1).max(200),
  recordedOn: z
    .string()
    .refine((v) => parseIsoDate(v) !== null, 'must be a calendar date YYYY-MM-DD')
    .nullish(),
});

export interface Valid__Record__Input {
  schoolId: string;
  title: string;
  responsiblePerson: string;
  recordedOn: string;
}

/** Validate a create input (all problems at once, English and Thai); `recordedOn` defaults to `today`. */
export function parseCreate__Record__(input: unknown, today: string): Valid__Record__Input {
  const parsed = createSchema.safeParse(input);
  const problems: FieldProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const field = String(issue.path[0] ?? 'input');
        return { field, messageEn: issue.message, messageTh: thaiMessages[field] ?? 'ข้อมูลไม่ถูกต้อง' };
      });
  const recordedOn = parsed.data?.recordedOn ?? today;
  if (parsed.success && recordedOn > today) {
    problems.push({
      field: 'recordedOn',
      messageEn: 'must not be in the future',
      messageTh: thaiMessages.recordedOn!,
    });
  }
  if (!parsed.success || problems.length) {
    throw badInput('The __record_words__ is not valid', 'ข้อมูล __Record__ ไม่ถูกต้อง', problems);
  }
  return { ...parsed.data, recordedOn };
}

const WRITERS: ReadonlySet<Role> = new Set<Role>([
  'obec-admin',
  'area-officer',
  'area-director',
  'school-director',
  'school-staff',
]);

/**
 * Who may record a __record_words__ for a school: its own staff and director, officers of its area office
 * and OBEC administrators. Analysts and partners read; they do not write.
 */
export function assertCanWrite__Record__(viewer: MaybeViewer, placement: DirectoryPlacement): Viewer {
  const v = requireViewer(viewer);
  if (!WRITERS.has(v.role) || !canSeeRecordsOf(v, placement)) {
    throw forbidden(
      `Only the school's staff, its area office or OBEC administrators may record this for school ${placement.schoolCode}`,
      `เฉพาะบุคลากรของโรงเรียน เจ้าหน้าที่เขตพื้นที่ที่สังกัด หรือผู้ดูแลระบบ สพฐ. เท่านั้นที่บันทึกรายการของโรงเรียน ${placement.schoolCode} ได้`,
    );
  }
  return v;
}
