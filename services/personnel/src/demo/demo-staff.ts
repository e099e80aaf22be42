import type { EntityManager } from 'typeorm';
import {
  academicYearOf,
  computeStaffingNorm,
  demoSchoolEnrolment,
  syntheticNationalId,
  todayInBangkok,
  type StaffingNorm,
} from '@smss/thai';
import { enqueueEvents, StaffAssigned, type PositionType } from '@smss/events';
import { addDays, addYears } from '../modules/calendar/dates';

/**
 * Deterministic demo staff for one school: the same school always gets the same people. Every
 * national ID is synthetic (prefix 900, never a real person's). The director's and the first
 * teacher's logins match the dev token command's default subjects
 * (`npm run token -- --role school-director --org <obecCode>`), so they see their own records.
 *
 * The staff are sized from the school's demo enrolment (`demoSchoolEnrolment` of @smss/thai: the
 * students the students demo loads there in the same academic year) through the real staffing
 * norm, then given the gap such schools typically have (see {@link demoTeacherGap}).
 */
export interface DemoSchool {
  id: string;
  obecCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  schoolType: string;
  levels: readonly string[];
}

/** At most this many people per school: the national-ID seed leaves room for 100 (index < 100). */
export const DEMO_STAFF_MAX = 99;

/**
 * Teachers appointed minus the norm, drawn from `u` in [0, 1) by school size, as Thai schools
 * typically stand: small schools (≤ 120 students) mostly 1–3 short (70 %), mid-size schools near
 * the norm, large ones (≥ 500) more often slightly over, a few under; never more than 2 over.
 * The norm is computed from exactly the pupils the students demo loads, so the war room shows
 * these gaps once term 1's DMC snapshots arrive.
 */
export function demoTeacherGap(students: number, u: number): number {
  const bands: ReadonlyArray<readonly [number, number]> =
    students <= 120
      ? [
          [0.15, -3],
          [0.45, -2],
          [0.7, -1],
          [0.9, 0],
          [1, 1],
        ]
      : students < 500
        ? [
            [0.1, -2],
            [0.35, -1],
            [0.7, 0],
            [0.9, 1],
            [1, 2],
          ]
        : [
            [0.05, -2],
            [0.15, -1],
            [0.45, 0],
            [0.8, 1],
            [1, 2],
          ];
  return bands.find(([upTo]) => u < upTo)?.[1] ?? 0;
}

/** The staffing norm of a school's demo enrolment (what personnel computes from its DMC snapshot). */
export function demoStaffingNorm(school: DemoSchool, academicYear: number): StaffingNorm {
  return computeStaffingNorm(
    demoSchoolEnrolment(school.obecCode, school.schoolType, school.levels, academicYear).grades,
  );
}

export interface DemoStaffMember {
  nationalId: string;
  title: string;
  firstNameTh: string;
  lastNameTh: string;
  birthDate: string;
  phone: string;
  salary: string;
  academicStanding: string;
  mainSubject: string | null;
  serviceStartDate: string;
  accountSubject: string | null;
  vacationOpeningDays: number;
  positionType: PositionType;
  positionNumber: string;
  appointmentStart: string;
  licence: { number: string; issueDate: string; expiryDate: string } | null;
}

const MALE = [
  'สมชาย',
  'ประเสริฐ',
  'วิชัย',
  'สุรชัย',
  'อนุชา',
  'ธนากร',
  'กิตติ',
  'ณัฐพล',
  'ปกรณ์',
  'ศักดิ์ชัย',
  'วีระ',
  'ชัยวัฒน์',
];
const FEMALE = [
  'สมศรี',
  'มาลี',
  'วันดี',
  'สุภาพร',
  'กาญจนา',
  'นงลักษณ์',
  'พรทิพย์',
  'ศิริพร',
  'อรุณี',
  'จันทร์เพ็ญ',
  'รัตนา',
  'ปิยะนุช',
];
const LAST = [
  'ใจดี',
  'สุขสวัสดิ์',
  'ทองคำ',
  'ศรีสุข',
  'วงศ์ไทย',
  'แก้วมณี',
  'บุญมา',
  'พึ่งบุญ',
  'รักษ์ไทย',
  'มั่นคง',
  'เพชรงาม',
  'สายทอง',
  'จันทร์แก้ว',
  'ชัยมงคล',
];
const SUBJECTS = [
  'ภาษาไทย',
  'คณิตศาสตร์',
  'วิทยาศาสตร์',
  'ภาษาอังกฤษ',
  'สังคมศึกษา',
  'สุขศึกษาและพลศึกษา',
  'ศิลปะ',
  'การงานอาชีพ',
  'ปฐมวัย',
  'คอมพิวเตอร์',
];

/** mulberry32: a small deterministic generator. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hash = (text: string) =>
  [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);

/**
 * National-ID seed: area index (province 10–96 × area 00–63) × 100,000 + the school's running
 * number (< 1,000) × 100 + the person's index (< 100) — unique per person, below 10⁹.
 */
function idSeed(school: DemoSchool, index: number): number {
  const province = Number(school.areaOfficeCode.slice(0, 2));
  const area = Number(school.areaOfficeCode.slice(2, 4)) % 64;
  const running = Number(school.obecCode.slice(-4)) % 1000;
  return ((province - 10) * 64 + area) * 100_000 + running * 100 + index;
}

export function demoStaffFor(
  school: DemoSchool,
  academicYear: number = academicYearOf(todayInBangkok()),
): DemoStaffMember[] {
  const r = rng(hash(school.obecCode));
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const between = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const norm = demoStaffingNorm(school, academicYear);
  const teachers = Math.max(
    norm.students ? 1 : 0,
    norm.teachersRequired + demoTeacherGap(norm.students, r()),
  );
  // A deputy post is vacant at about one school in four that is entitled to one.
  const deputies = Math.max(0, norm.deputyDirectorsRequired - (r() < 0.25 ? 1 : 0));
  const roles: PositionType[] = (
    [
      'DIRECTOR',
      ...Array<PositionType>(deputies).fill('DEPUTY_DIRECTOR'),
      ...Array.from({ length: teachers }, (): PositionType => (r() < 0.12 ? 'ASSISTANT_TEACHER' : 'TEACHER')),
      ...(teachers >= 8 ? ['EDUCATION_SUPPORT_STAFF'] : []),
      ...(r() < 0.5 ? ['GOVERNMENT_EMPLOYEE'] : []),
      ...(r() < 0.6 ? ['TEMPORARY_EMPLOYEE'] : []),
    ] as PositionType[]
  ).slice(0, DEMO_STAFF_MAX);

  let firstTeacherLinked = false;
  return roles.map((positionType, index) => {
    const female = r() < 0.65;
    const firstNameTh = pick(female ? FEMALE : MALE);
    const lastNameTh = pick(LAST);
    const title = female ? (r() < 0.6 ? 'นาง' : 'นางสาว') : 'นาย';
    const serviceYear =
      positionType === 'ASSISTANT_TEACHER'
        ? between(2023, 2025)
        : positionType === 'DIRECTOR'
          ? between(1992, 2008)
          : between(1995, 2022);
    const serviceStartDate = `${serviceYear}-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`;
    const birthDate = addYears(serviceStartDate, -between(22, 30));
    const years = 2026 - serviceYear;
    const standing =
      positionType === 'DIRECTOR'
        ? pick(['SENIOR_PROFESSIONAL', 'SENIOR_PROFESSIONAL', 'EXPERT'])
        : positionType === 'TEACHER' || positionType === 'DEPUTY_DIRECTOR'
          ? years >= 20
            ? pick(['SENIOR_PROFESSIONAL', 'SENIOR_PROFESSIONAL', 'EXPERT'])
            : years >= 8
              ? pick(['PROFESSIONAL', 'PROFESSIONAL', 'SENIOR_PROFESSIONAL'])
              : pick(['NONE', 'PROFESSIONAL'])
          : 'NONE';
    const salary = (
      positionType === 'TEMPORARY_EMPLOYEE' ? between(9000, 15000) : between(15800, 69000)
    ).toFixed(2);
    const teaching = positionType === 'TEACHER' || positionType === 'ASSISTANT_TEACHER';
    const licensed = teaching || positionType === 'DIRECTOR' || positionType === 'DEPUTY_DIRECTOR';
    const seed = idSeed(school, index);
    const issueDate = addDays('2021-10-01', between(0, 1800));
    const posted = addDays('2019-05-16', between(0, 2000));
    let accountSubject: string | null = null;
    if (positionType === 'DIRECTOR') accountSubject = `dev:school-director:${school.obecCode}`;
    else if (teaching && !firstTeacherLinked) {
      accountSubject = `dev:school-staff:${school.obecCode}`;
      firstTeacherLinked = true;
    }
    return {
      nationalId: syntheticNationalId(seed),
      title,
      firstNameTh,
      lastNameTh,
      birthDate,
      phone: `08${String(seed % 100_000_000).padStart(8, '0')}`,
      salary,
      academicStanding: standing,
      mainSubject: teaching ? pick(SUBJECTS) : null,
      serviceStartDate,
      accountSubject,
      vacationOpeningDays: between(0, 20) / 2,
      positionType,
      positionNumber: `${school.areaOfficeCode}-${school.obecCode.slice(-4)}-${String(index + 1).padStart(2, '0')}`,
      appointmentStart: posted < serviceStartDate ? serviceStartDate : posted,
      licence: licensed
        ? {
            number: `${issueDate.slice(2, 4)}1${String(seed).padStart(9, '0')}`,
            issueDate,
            expiryDate: addYears(issueDate, 5),
          }
        : null,
    };
  });
}

/** Insert a school's demo staff (three statements) unless the school ever had an appointment. */
export async function generateDemoStaffForSchool(
  manager: EntityManager,
  school: DemoSchool,
): Promise<number> {
  const existing = await manager.query(`SELECT 1 FROM appointment WHERE school_id = $1 LIMIT 1`, [school.id]);
  if (existing.length) return 0;
  const people = demoStaffFor(school);
  const col = <K extends keyof DemoStaffMember>(k: K) => people.map((p) => p[k]);
  const inserted: Array<{ id: string; national_id: string }> = await manager.query(
    `INSERT INTO staff (national_id, title, first_name_th, last_name_th, birth_date, phone, salary, academic_standing,
                        main_subject, service_start_date, account_subject, vacation_opening_fiscal_year,
                        vacation_opening_days, created_by)
     SELECT u.national_id, u.title, u.first, u.last, u.birth, u.phone, u.salary, u.standing, u.subject, u.service,
            u.account, 2569, u.opening, 'system:demo-staff'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::numeric[], $8::text[],
                   $9::text[], $10::date[], $11::text[], $12::numeric[])
         AS u(national_id, title, first, last, birth, phone, salary, standing, subject, service, account, opening)
     ON CONFLICT DO NOTHING
     RETURNING id, national_id`,
    [
      col('nationalId'),
      col('title'),
      col('firstNameTh'),
      col('lastNameTh'),
      col('birthDate'),
      col('phone'),
      col('salary'),
      col('academicStanding'),
      col('mainSubject'),
      col('serviceStartDate'),
      col('accountSubject'),
      col('vacationOpeningDays'),
    ],
  );
  const idOf = new Map(inserted.map((r) => [r.national_id, r.id]));
  const placed = people.filter((p) => idOf.has(p.nationalId));
  const appointed: Array<{
    id: string;
    staff_id: string;
    position_type: PositionType;
    position_number: string | null;
  }> = await manager.query(
    `INSERT INTO appointment (staff_id, kind, posting_kind, school_id, school_code, area_office_code, position_type,
                                position_number, start_date, created_by)
       SELECT u.staff_id, 'INITIAL', 'SCHOOL', $1, $2, $3, u.position_type, u.position_number, u.start_date, 'system:demo-staff'
         FROM unnest($4::uuid[], $5::text[], $6::text[], $7::date[]) AS u(staff_id, position_type, position_number, start_date)
       RETURNING id, staff_id, position_type, position_number`,
    [
      school.id,
      school.obecCode,
      school.areaOfficeCode,
      placed.map((p) => idOf.get(p.nationalId)),
      placed.map((p) => p.positionType),
      placed.map((p) => p.positionNumber),
      placed.map((p) => p.appointmentStart),
    ],
  );
  // Like every appointment, the demo's are announced (personnel.staff.assigned.v1), in the same transaction:
  // the war room counts the teachers present from these events.
  const startOf = new Map(placed.map((p) => [idOf.get(p.nationalId)!, p.appointmentStart]));
  await enqueueEvents(
    manager,
    StaffAssigned,
    appointed.map((a) => ({
      aggregateId: a.staff_id,
      payload: {
        staffId: a.staff_id,
        kind: 'INITIAL' as const,
        posting: {
          appointmentId: a.id,
          orgKind: 'SCHOOL' as const,
          schoolId: school.id,
          schoolCode: school.obecCode,
          areaOfficeCode: school.areaOfficeCode,
          positionType: a.position_type,
          positionNumber: a.position_number,
        },
        startDate: startOf.get(a.staff_id)!,
        previous: null,
        orderReference: null,
      },
    })),
  );
  const licensed = placed.filter((p) => p.licence);
  await manager.query(
    `INSERT INTO teaching_licence (staff_id, licence_number, issue_date, expiry_date, created_by)
     SELECT u.staff_id, u.number, u.issue, u.expiry, 'system:demo-staff'
       FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[]) AS u(staff_id, number, issue, expiry)
     ON CONFLICT DO NOTHING`,
    [
      licensed.map((p) => idOf.get(p.nationalId)),
      licensed.map((p) => p.licence!.number),
      licensed.map((p) => p.licence!.issueDate),
      licensed.map((p) => p.licence!.expiryDate),
    ],
  );
  return placed.length;
}
