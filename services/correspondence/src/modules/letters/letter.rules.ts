import { z } from 'zod';
import { inputFields, inputProblems, parseInput, type FieldProblem } from '@smss/core';
import { isoDateInput } from '@smss/thai';
import {
  FORMS_OF,
  LETTER_FORMS,
  LETTER_KINDS,
  SECRECIES,
  URGENCIES,
  type LetterForm,
  type LetterKind,
  type Secrecy,
} from './letter.types';

/** What a valid letter is (pure; no database). Every problem is listed at once, in English and Thai. */

const THAI: Record<string, string> = {
  kind: 'ชนิดของหนังสือไม่ถูกต้อง',
  form: 'รูปแบบย่อยไม่ตรงกับชนิดของหนังสือ',
  subject: 'เรื่องต้องยาว 1–500 ตัวอักษร',
  letterDate: 'ลงวันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD (ค.ศ.) และไม่เป็นวันในอนาคต',
  fromText: 'ช่อง "จาก" ยาวได้ไม่เกิน 300 ตัวอักษร',
  toText: 'ช่อง "เรียน/ถึง" ยาวได้ไม่เกิน 1,000 ตัวอักษร',
  reference: 'อ้างถึงยาวได้ไม่เกิน 1,000 ตัวอักษร',
  enclosures: 'สิ่งที่ส่งมาด้วยยาวได้ไม่เกิน 1,000 ตัวอักษร',
  body: 'ข้อความยาวได้ไม่เกิน 10,000 ตัวอักษร และหนังสือลับที่สุดต้องไม่มีข้อความในระบบ',
  signedBy: 'ชื่อผู้ลงนามยาวได้ไม่เกิน 200 ตัวอักษร',
  signerPosition: 'ตำแหน่งผู้ลงนามยาวได้ไม่เกิน 200 ตัวอักษร',
  urgency: 'ชั้นความเร็วไม่ถูกต้อง',
  dueAt: 'กำหนดเวลาต้องเป็นวันเวลา ISO-8601 พร้อมเขตเวลา และอยู่ในอนาคต',
  secrecy: 'ชั้นความลับไม่ถูกต้อง',
  retentionClass: 'ประเภทอายุการเก็บไม่ถูกต้อง',
  recipients: 'ผู้รับไม่ถูกต้อง: รหัสหน่วยงานต้องเป็น OBEC รหัสเขต 4 หลัก หรือรหัสโรงเรียน 10 หลัก',
  namedRecipients: 'ผู้มีสิทธิ์เห็นหนังสือลับต้องระบุเป็นรหัสผู้ใช้ ยาว 1–200 ตัวอักษร ไม่เกิน 50 คน',
  attachmentIds: 'ไฟล์แนบไม่ถูกต้อง (ไม่เกิน 20 ไฟล์) และหนังสือลับที่สุดแนบไฟล์ในระบบไม่ได้',
  documentNumber: 'เลขที่หนังสือยาวได้ไม่เกิน 100 ตัวอักษร',
  deliveryId: 'รหัสการเวียนหนังสือไม่ถูกต้อง',
  paper: 'ต้องระบุ deliveryId หรือ paper อย่างใดอย่างหนึ่ง',
  action: 'การปฏิบัติยาวได้ไม่เกิน 1,000 ตัวอักษร',
  remarks: 'หมายเหตุยาวได้ไม่เกิน 1,000 ตัวอักษร',
  note: 'หมายเหตุยาวได้ไม่เกิน 1,000 ตัวอักษร',
  comment: 'ข้อความเกษียนต้องยาว 1–2,000 ตัวอักษร',
  routeTo: 'ผู้รับเกษียนขั้นถัดไปต้องระบุบทบาทหรือผู้ใช้ (หนังสือลับต้องระบุผู้ใช้)',
};

const { text, optionalText } = inputFields;
const isoDate = isoDateInput;
const dateTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with an offset' });
const org = z
  .string()
  .regex(/^(OBEC|\d{4}|\d{10})$/, 'must be OBEC, a 4-digit area office code or a 10-digit school code');
const subject = z.string().trim().min(1).max(200);

export const recipientsSchema = z
  .object({
    orgCodes: z.array(org).max(1000).nullish(),
    allAreaOffices: z.boolean().nullish(),
    allSchools: z.boolean().nullish(),
    schoolsOfAreaOffices: z
      .array(z.string().regex(/^\d{4}$/, 'must be a 4-digit area office code'))
      .max(300)
      .nullish(),
  })
  .nullish();
export type RecipientsInput = NonNullable<z.infer<typeof recipientsSchema>>;

const letterFields = {
  kind: z.enum(LETTER_KINDS),
  form: z.enum(LETTER_FORMS).nullish(),
  subject: text(500),
  urgency: z
    .enum(URGENCIES)
    .nullish()
    .transform((v) => v ?? 'NORMAL'),
  dueAt: dateTime.nullish(),
  secrecy: z
    .enum(SECRECIES)
    .nullish()
    .transform((v) => v ?? 'NORMAL'),
  retentionClass: z
    .string()
    .regex(/^[A-Z0-9_]{1,60}$/)
    .nullish(),
  namedRecipients: z.array(subject).max(50).nullish(),
};

const sendSchema = z.object({
  ...letterFields,
  letterDate: isoDate.nullish(),
  fromText: optionalText(300),
  toText: optionalText(1000),
  reference: optionalText(1000),
  enclosures: optionalText(1000),
  body: optionalText(10_000),
  signedBy: optionalText(200),
  signerPosition: optionalText(200),
  circular: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  recipients: recipientsSchema,
  attachmentIds: z.array(z.uuid()).max(20).nullish(),
});
export type SendLetter = z.infer<typeof sendSchema> & { letterDate: string };

const paperSchema = z.object({
  ...letterFields,
  documentNumber: optionalText(100),
  letterDate: isoDate,
  fromText: text(300),
  toText: text(1000),
});
export type PaperLetter = z.infer<typeof paperSchema>;

/** Rules across fields: the form fits the type, the dates are not in the past/future, ลับที่สุด stays on paper. */
function crossChecks(
  v: {
    kind: LetterKind;
    form?: LetterForm | null;
    secrecy: Secrecy;
    dueAt?: string | null;
    letterDate: string;
    body?: string | null;
    attachmentIds?: string[] | null;
  },
  today: string,
  now: Date,
  dueMustBeFuture: boolean,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const forms = FORMS_OF[v.kind];
  if (forms ? !v.form || !forms.includes(v.form) : v.form)
    problems.push({
      field: 'form',
      messageEn: forms
        ? `must be one of ${forms.join(', ')} for ${v.kind}`
        : `${v.kind} letters have no form`,
      messageTh: THAI.form!,
    });
  if (v.letterDate > today)
    problems.push({
      field: 'letterDate',
      messageEn: 'must not be in the future',
      messageTh: THAI.letterDate!,
    });
  if (dueMustBeFuture && v.dueAt && Date.parse(v.dueAt) <= now.getTime())
    problems.push({ field: 'dueAt', messageEn: 'must be in the future', messageTh: THAI.dueAt! });
  if (v.secrecy === 'TOP_SECRET') {
    if (v.body)
      problems.push({
        field: 'body',
        messageEn:
          'a TOP_SECRET letter keeps its text on paper (Correspondence Regulation as amended B.E. 2564)',
        messageTh: THAI.body!,
      });
    if (v.attachmentIds?.length)
      problems.push({
        field: 'attachmentIds',
        messageEn: 'a TOP_SECRET letter carries no electronic attachment',
        messageTh: THAI.attachmentIds!,
      });
  }
  return problems;
}

export function parseSendLetter(input: unknown, today: string, now: Date): SendLetter {
  const v = parseInput(sendSchema, input, THAI);
  const letter = { ...v, letterDate: v.letterDate ?? today };
  const problems = crossChecks(letter, today, now, true);
  if (problems.length) throw inputProblems(problems);
  return letter;
}

export function parsePaperLetter(input: unknown, today: string, now: Date): PaperLetter {
  const v = parseInput(paperSchema, input, THAI);
  const problems = crossChecks(v, today, now, false);
  if (problems.length) throw inputProblems(problems);
  return v;
}

const receiveSchema = z
  .object({
    deliveryId: z.uuid().nullish(),
    paper: z.unknown().nullish(),
    action: optionalText(1000),
    remarks: optionalText(1000),
  })
  .refine((v) => !!v.deliveryId !== !!v.paper, {
    message: 'give deliveryId or paper, not both',
    path: ['paper'],
  });
export const parseReceive = (input: unknown) => parseInput(receiveSchema, input, THAI);

const acknowledgeSchema = z.object({ deliveryId: z.uuid(), note: optionalText(1000) });
export const parseAcknowledge = (input: unknown) => parseInput(acknowledgeSchema, input, THAI);

const forwardSchema = z.object({
  deliveryId: z.uuid(),
  recipients: recipientsSchema,
  dueAt: dateTime.nullish(),
});
export const parseForward = (input: unknown) => parseInput(forwardSchema, input, THAI);

const endorseSchema = z.object({
  deliveryId: z.uuid(),
  comment: text(2000),
  routeTo: z
    .object({
      role: z
        .enum(['school-staff', 'school-director', 'area-officer', 'area-director', 'obec-admin'])
        .nullish(),
      subject: subject.nullish(),
    })
    .refine((r) => !!r.role !== !!r.subject, { message: 'give a role or a subject' })
    .nullish(),
});
export const parseEndorse = (input: unknown) => parseInput(endorseSchema, input, THAI);

export const THAI_MESSAGES = THAI;
