import { badInput } from '@smss/core';
import { fromThaiDigits, validateNationalId, NATIONAL_ID_ERROR_MESSAGES } from '@smss/thai';
import { parseBirthDate } from '../imports/import.rows';

/**
 * The MOI school-age population file of an area (ทะเบียนราษฎร์ประชากรวัยเรียน): one row per child, headers
 * in Thai or English. Pure: header mapping and row validation, with bilingual row errors like the
 * student importer's (row number as in the file, header as written).
 */

export interface PopulationRow {
  row: number;
  nationalId: string;
  prefix: string | null;
  firstName: string;
  lastName: string;
  /** ISO; null when the file has none (the child's age is then unknown). */
  birthDate: string | null;
  districtCode: string;
  districtName: string | null;
  /** หมู่ที่; null when the address has none (municipal areas). */
  village: number | null;
}

export interface PopulationRowError {
  row: number;
  column: string;
  messageEn: string;
  messageTh: string;
}

export const POPULATION_COLUMNS: Record<string, string[]> = {
  nationalId: ['เลขประจำตัวประชาชน', 'เลขบัตรประชาชน', 'national_id', 'nationalid', 'pid'],
  prefix: ['คำนำหน้าชื่อ', 'คำนำหน้า', 'prefix', 'title'],
  firstName: ['ชื่อ', 'first_name', 'firstname', 'name'],
  lastName: ['นามสกุล', 'สกุล', 'last_name', 'lastname', 'surname'],
  birthDate: ['วันเดือนปีเกิด', 'วันเกิด', 'birth_date', 'birthdate', 'dob'],
  districtCode: ['รหัสอำเภอ', 'district_code', 'districtcode', 'amphoe_code'],
  districtName: ['อำเภอ', 'ชื่ออำเภอ', 'district_name', 'district', 'amphoe'],
  village: ['หมู่ที่', 'หมู่', 'village', 'moo', 'village_no'],
};

const REQUIRED = ['nationalId', 'firstName', 'lastName', 'birthDate', 'districtCode'] as const;

const normalise = (h: string) =>
  String(h ?? '')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s.]+/g, '');

/** Column positions of the known headers; missing required columns are BAD_USER_INPUT naming them in both languages. */
export function mapPopulationHeaders(raw: string[]): {
  positions: Map<string, number>;
  headers: Record<string, string>;
} {
  const byAlias = new Map<string, string>();
  for (const [key, aliases] of Object.entries(POPULATION_COLUMNS))
    for (const a of aliases) byAlias.set(normalise(a), key);
  const positions = new Map<string, number>();
  const headers: Record<string, string> = {};
  raw.forEach((h, i) => {
    const key = byAlias.get(normalise(h));
    if (key && !positions.has(key)) {
      positions.set(key, i);
      headers[key] = String(h)
        .replace(/^\uFEFF/, '')
        .trim();
    }
  });
  const missing = REQUIRED.filter((c) => !positions.has(c));
  if (missing.length)
    throw badInput(
      `Missing columns: ${missing.map((m) => POPULATION_COLUMNS[m]!.slice(0, 3).join(' / ')).join('; ')}`,
      `ไม่พบคอลัมน์: ${missing.map((m) => POPULATION_COLUMNS[m]![0]).join(', ')}`,
    );
  return { positions, headers };
}

export const POPULATION_MESSAGES = {
  birthDate: {
    en: (v: string) =>
      `"${v}" is not a date (YYYY-MM-DD or dd/mm/yyyy, B.E. or C.E.); leave it empty if unknown`,
    th: (v: string) => `"${v}" ไม่ใช่วันที่ (วว/ดด/ปปปป พ.ศ. หรือ YYYY-MM-DD) หากไม่ทราบให้เว้นว่าง`,
  },
  birthFuture: {
    en: 'the birth date is after the reference date of the academic year',
    th: 'วันเกิดอยู่หลังวันอ้างอิงของปีการศึกษา',
  },
  districtCode: {
    en: (v: string) => `district code "${v}" must be 4 digits (province + district, e.g. 1601)`,
    th: (v: string) => `รหัสอำเภอ "${v}" ต้องเป็นตัวเลข 4 หลัก (รหัสจังหวัดและอำเภอ เช่น 1601)`,
  },
  village: {
    en: (v: string) => `village number "${v}" must be a whole number from 1 to 99`,
    th: (v: string) => `หมู่ที่ "${v}" ต้องเป็นจำนวนเต็ม 1–99`,
  },
  name: {
    en: 'first and last name are required (at most 100 characters each)',
    th: 'ต้องระบุชื่อและนามสกุล (ไม่เกิน 100 ตัวอักษร)',
  },
  duplicate: {
    en: (row: number) => `duplicate of row ${row} (same national ID): collapsed into one child`,
    th: (row: number) => `ซ้ำกับแถวที่ ${row} (เลขประจำตัวประชาชนเดียวกัน) รวมเป็นเด็กคนเดียว`,
  },
};

/**
 * Validate one row. Thai digits (๐–๙) are read as digits in the national ID, dates, district code and
 * village; dashes and spaces in the ID are ignored. A missing birth date is allowed (age unknown); a
 * birth date that is not a date is an error (fix the file rather than guess).
 */
export function validatePopulationRow(
  row: number,
  cells: string[],
  positions: Map<string, number>,
  headers: Record<string, string>,
  referenceDate: string,
): { ok: true; value: PopulationRow } | { ok: false; errors: PopulationRowError[] } {
  const v = (key: string) => {
    const i = positions.get(key);
    return i === undefined ? '' : String(cells[i] ?? '').trim();
  };
  const errors: PopulationRowError[] = [];
  const err = (key: string, messageEn: string, messageTh: string) =>
    errors.push({ row, column: headers[key] ?? key, messageEn, messageTh });

  const id = validateNationalId(fromThaiDigits(v('nationalId')));
  if (!id.ok)
    err(
      'nationalId',
      NATIONAL_ID_ERROR_MESSAGES[id.reason].messageEn,
      NATIONAL_ID_ERROR_MESSAGES[id.reason].messageTh,
    );

  const first = v('firstName');
  const last = v('lastName');
  if (!first || !last || first.length > 100 || last.length > 100)
    err(
      !first || first.length > 100 ? 'firstName' : 'lastName',
      POPULATION_MESSAGES.name.en,
      POPULATION_MESSAGES.name.th,
    );

  const birthText = v('birthDate');
  let birthDate: string | null = null;
  if (birthText && !/^[-/\s]+$/.test(birthText)) {
    birthDate = parseBirthDate(birthText);
    if (!birthDate)
      err(
        'birthDate',
        POPULATION_MESSAGES.birthDate.en(birthText),
        POPULATION_MESSAGES.birthDate.th(birthText),
      );
    else if (birthDate > referenceDate)
      err('birthDate', POPULATION_MESSAGES.birthFuture.en, POPULATION_MESSAGES.birthFuture.th);
  }

  const districtText = fromThaiDigits(v('districtCode')).replace(/\s+/g, '');
  if (!/^\d{4}$/.test(districtText))
    err(
      'districtCode',
      POPULATION_MESSAGES.districtCode.en(v('districtCode')),
      POPULATION_MESSAGES.districtCode.th(v('districtCode')),
    );

  const villageText = fromThaiDigits(v('village'))
    .replace(/^หมู่(ที่)?\s*/, '')
    .trim();
  let village: number | null = null;
  if (villageText) {
    village = /^\d{1,2}$/.test(villageText) ? Number(villageText) : NaN;
    if (!(village >= 1 && village <= 99))
      err(
        'village',
        POPULATION_MESSAGES.village.en(v('village')),
        POPULATION_MESSAGES.village.th(v('village')),
      );
  }

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      row,
      nationalId: (id as { value: string }).value,
      prefix: v('prefix') || null,
      firstName: first,
      lastName: last,
      birthDate,
      districtCode: districtText,
      districtName: v('districtName') || null,
      village,
    },
  };
}

/**
 * The age rule: a child is of compulsory school age for academic year Y when they are 6 to 15 years old
 * (completed years, both ends included) on the reference date, 16 May of Y's first Gregorian year — the
 * day the academic year starts (`academicYearRange` of @smss/thai). So for 2569 (16 May 2026): born
 * 17 May 2010 – 16 May 2020. Turning 6 on 16 May counts; turning 16 on 16 May does not.
 */
export function compulsoryBirthRange(referenceDate: string): { bornAfter: string; bornOnOrBefore: string } {
  const [y, m, d] = referenceDate.split('-').map(Number) as [number, number, number];
  const iso = (year: number) =>
    `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { bornAfter: iso(y - 16), bornOnOrBefore: iso(y - 6) };
}
