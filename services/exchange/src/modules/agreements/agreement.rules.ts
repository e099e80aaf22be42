import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parse, print } from 'graphql';
import { requireViewer, type MaybeViewer, type PartnerAgreementClaim, type Viewer } from '@smss/auth';
import { badInput, forbidden, type FieldProblem } from '@smss/core';
import { parseIsoDate } from '@smss/thai';
import type { Agreement, AgreementTerms } from './agreement.types';

/** The rules of partner agreements, pure (no database). */

export const PARTNER_CODE = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Direct identifiers never go to a partner, whatever an agreement says (the MOU gives pseudonymised records):
 * national ID and G-code, names, birth date, contact details and addresses.
 */
const DIRECT_IDENTIFIER =
  /^(nationalId|gCode|citizenId|passport\w*|(first|last|middle|full|given|family)Name\w*|name|nameTh|nameEn|birthDate|dateOfBirth|address\w*|phone\w*|email\w*|houseNumber|lineId)$/;

const THAI: Record<string, string> = {
  partnerCode: 'รหัสหน่วยงานภาคีต้องเป็น A–Z 0–9 _ หรือ - ยาว 2–32 ตัว',
  nameTh: 'ชื่อภาษาไทยต้องยาว 1–200 ตัวอักษร',
  nameEn: 'ชื่อภาษาอังกฤษต้องยาว 1–200 ตัวอักษร',
  areaOfficeCodes: 'รหัสเขตพื้นที่ต้องเป็นตัวเลข 4 หลัก ไม่ซ้ำ',
  schoolCodes: 'รหัสโรงเรียนต้องเป็นตัวเลข 10 หลัก ไม่ซ้ำ',
  include: 'ขอบเขตฟิลด์ต้องมีอย่างน้อยหนึ่งชนิดข้อมูล ชื่อชนิดและฟิลด์ต้องถูกต้อง ไม่ซ้ำ',
  purposes: 'ต้องระบุวัตถุประสงค์ 1–10 ข้อ ข้อละ 1–500 ตัวอักษร',
  validFrom: 'วันเริ่มมีผลต้องอยู่ในรูปแบบ YYYY-MM-DD',
  validTo: 'วันสิ้นสุดต้องอยู่ในรูปแบบ YYYY-MM-DD ไม่ก่อนวันเริ่มมีผล และไม่เกิน 5 ปี',
};

const unique = <T>(xs: T[]) => new Set(xs).size === xs.length;
const isoDate = z.string().refine((v) => parseIsoDate(v) !== null, 'must be a calendar date YYYY-MM-DD');

const termsSchema = z.object({
  partnerCode: z.string().regex(PARTNER_CODE),
  nameTh: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  areaOfficeCodes: z
    .array(z.string().regex(/^\d{4}$/))
    .max(300)
    .refine(unique, 'must not repeat'),
  schoolCodes: z
    .array(z.string().regex(/^\d{10}$/))
    .max(5000)
    .nullish()
    .transform((v) => v ?? [])
    .refine(unique, 'must not repeat'),
  include: z
    .array(
      z.object({
        type: z.string().regex(NAME),
        fields: z.array(z.string().regex(NAME)).min(1).max(100).refine(unique, 'must not repeat'),
      }),
    )
    .min(1)
    .max(50)
    .refine((es) => unique(es.map((e) => e.type)), 'a type must not repeat'),
  purposes: z.array(z.string().trim().min(1).max(500)).min(1).max(10),
  validFrom: isoDate,
  validTo: isoDate,
});

/** Validate an agreement's terms: every problem at once, English and Thai; nothing is written on any. */
export function parseTerms(input: unknown): AgreementTerms {
  const parsed = termsSchema.safeParse(input);
  const problems: FieldProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const field = String(issue.path[0] ?? 'input');
        return { field, messageEn: issue.message, messageTh: THAI[field] ?? 'ข้อมูลไม่ถูกต้อง' };
      });
  if (parsed.success) {
    const t = parsed.data;
    if (!t.areaOfficeCodes.length && !t.schoolCodes.length)
      problems.push({
        field: 'areaOfficeCodes',
        messageEn: 'an agreement covers at least one area office or school',
        messageTh: 'ข้อตกลงต้องครอบคลุมอย่างน้อยหนึ่งเขตพื้นที่หรือหนึ่งโรงเรียน',
      });
    if (t.validTo < t.validFrom || t.validTo > fiveYearsAfter(t.validFrom))
      problems.push({
        field: 'validTo',
        messageEn: 'must be on or after validFrom and within 5 years',
        messageTh: THAI.validTo!,
      });
    for (const entry of t.include)
      for (const field of entry.fields)
        if (DIRECT_IDENTIFIER.test(field))
          problems.push({
            field: 'include',
            messageEn: `${entry.type}.${field} is a direct identifier and is never shared with a partner`,
            messageTh: `${entry.type}.${field} เป็นข้อมูลระบุตัวตนโดยตรง ไม่สามารถให้หน่วยงานภาคีได้`,
          });
  }
  if (!parsed.success || problems.length)
    throw badInput('The partner agreement is not valid', 'ข้อมูลข้อตกลงการแลกเปลี่ยนข้อมูลไม่ถูกต้อง', problems);
  return parsed.data;
}

function fiveYearsAfter(iso: string): string {
  const [y, rest] = [Number(iso.slice(0, 4)), iso.slice(4)];
  return `${y + 5}${rest}`;
}

/** Only OBEC administrators manage agreements. */
export function assertCanManageAgreements(viewer: MaybeViewer): Viewer {
  const v = requireViewer(viewer);
  if (v.role !== 'obec-admin')
    throw forbidden(
      'Only OBEC administrators manage partner agreements',
      'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่จัดการข้อตกลงการแลกเปลี่ยนข้อมูลได้',
    );
  return v;
}

/** In force on `today`: active and within its period. */
export const inForce = (a: Pick<Agreement, 'status' | 'validFrom' | 'validTo'>, today: string): boolean =>
  a.status === 'ACTIVE' && a.validFrom <= today && today <= a.validTo;

/** What the gateway asserts to the subgraphs for a partner under this agreement. */
export const claimOf = (a: Agreement): PartnerAgreementClaim => ({
  id: a.id,
  partnerCode: a.partnerCode,
  areaOfficeCodes: a.areaOfficeCodes,
  schoolCodes: a.schoolCodes,
  include: Object.fromEntries(a.include.map((e) => [e.type, e.fields])),
  purposes: a.purposes,
  keyVersion: a.keyVersion,
  validTo: a.validTo,
});

/** SHA-256 (hex) of a document's exact text: what a client sends as `persistedQuery.sha256Hash`. */
export const operationHash = (document: string): string =>
  createHash('sha256').update(document).digest('hex');

/** A registered operation must be one valid GraphQL document of at most 20,000 characters. */
export function parseOperation(input: { name: unknown; document: unknown }): {
  name: string;
  document: string;
} {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const document = typeof input.document === 'string' ? input.document : '';
  const problems: FieldProblem[] = [];
  if (name.length < 1 || name.length > 200)
    problems.push({
      field: 'name',
      messageEn: 'must be 1–200 characters',
      messageTh: 'ชื่อคำสั่งต้องยาว 1–200 ตัวอักษร',
    });
  let valid = document.length > 0 && document.length <= 20_000;
  if (valid) {
    try {
      print(parse(document));
    } catch {
      valid = false;
    }
  }
  if (!valid)
    problems.push({
      field: 'document',
      messageEn: 'must be one valid GraphQL document of at most 20,000 characters',
      messageTh: 'คำสั่งต้องเป็น GraphQL ที่ถูกต้อง ยาวไม่เกิน 20,000 ตัวอักษร',
    });
  if (problems.length) throw badInput('The operation is not valid', 'คำสั่งที่ลงทะเบียนไม่ถูกต้อง', problems);
  return { name, document };
}
