import { syntheticNationalId } from '@smss/thai';
import { createStudentsDomain } from '../src/modules/domain';
import type { StudentImportRow } from '../src/modules/imports/import.rows';
import { REGISTER, nextNationalId, registerInput, type StudentsHarness } from './support';

/** A fixture student as registered, with every raw personal value it holds. */
export interface FixtureStudent {
  id: string;
  nationalId: string | null;
  gCode: string | null;
  firstNameTh: string;
  lastNameTh: string;
  birthDate: string;
  disabilityType: string | null;
}

/**
 * The records the matrix and the audit tests read, all in area office 1601:
 * - a1 (national ID, extremely poor, disabled, orphan) and a2 (G-code) studying at school A;
 * - aT released by school A towards school B (pending: owned by A and B);
 * - b1 studying at school B, and school A's import naming b1: an enrolment conflict (importing A,
 *   enrolled B) that school A owns but whose other side only the area offices see;
 * - a closed DMC round of 2568 (snapshots for every school);
 * - 1,000 students at school S (area 1650): out of scope for every viewer below OBEC.
 */
export interface TrustWorld {
  a1: FixtureStudent;
  a2: FixtureStudent;
  aT: FixtureStudent;
  b1: FixtureStudent;
  conflictId: string;
  outOfScope: { ids: string[]; nationalIds: string[] };
  /** Every raw personal value of the fixture students (never in a response to a denied or masked viewer). */
  raw: string[];
}

const PEOPLE = {
  a1: { firstNameTh: 'ปัณณวัฒน์', lastNameTh: 'ศักดิ์สิทธิ์', birthDate: '2017-03-04' },
  a2: {
    firstNameTh: 'กัญญาณัฐ',
    lastNameTh: 'วงศ์ใหญ่',
    birthDate: '2016-11-21',
    prefix: 'เด็กหญิง',
    gender: 'FEMALE',
  },
  aT: { firstNameTh: 'ภูริณัฐ', lastNameTh: 'แสงอรุณ', birthDate: '2017-07-19' },
  b1: { firstNameTh: 'ธีรภัทร', lastNameTh: 'บุญประเสริฐ', birthDate: '2017-01-27' },
};

export async function buildTrustWorld(h: StudentsHarness): Promise<TrustWorld> {
  const admin = await h.as('obec-admin', 'OBEC');
  const register = async (school: string, o: Record<string, unknown>): Promise<FixtureStudent> => {
    const input: Record<string, unknown> = registerInput(school, o);
    const res = await admin(REGISTER, { i: input });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return {
      id: res.data.registerStudent.id,
      nationalId: (input.nationalId as string | null) ?? null,
      gCode: (input.gCode as string | null) ?? null,
      firstNameTh: input.firstNameTh as string,
      lastNameTh: input.lastNameTh as string,
      birthDate: input.birthDate as string,
      disabilityType: (input.disabilityType as string | null) ?? null,
    };
  };
  const gCode = `G${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
  const a1 = await register(h.schools.a.obecCode, {
    ...PEOPLE.a1,
    poverty: 'EXTREMELY_POOR',
    disabilityType: 'ออทิสติก',
    orphan: true,
  });
  const a2 = await register(h.schools.a.obecCode, { ...PEOPLE.a2, nationalId: null, gCode });
  const aT = await register(h.schools.a.obecCode, PEOPLE.aT);
  const released = await admin(`mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id } }`, {
    i: { studentId: aT.id, toSchoolCode: h.schools.b.obecCode, releasedOn: '2026-08-01' },
  });
  if (released.errors) throw new Error(JSON.stringify(released.errors));
  const b1 = await register(h.schools.b.obecCode, PEOPLE.b1);
  const csv = [
    'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง',
    `${b1.nationalId},เด็กชาย,สมมติ,นามสมมติ,ชาย,27/01/2560,ป.3,1`,
  ].join('\n');
  const imported = await (
    await h.as('school-staff', h.schools.a.obecCode)
  )(`mutation($i: ImportStudentsInput!) { importStudents(input: $i) { conflicts } }`, {
    i: {
      schoolCode: h.schools.a.obecCode,
      academicYear: 2569,
      fileName: 'list.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    },
  });
  if (imported.data?.importStudents?.conflicts !== 1) throw new Error(JSON.stringify(imported));
  const [{ id: conflictId }] = await h.service.dataSource.query(
    `SELECT id FROM enrollment_conflict WHERE student_id = $1`,
    [b1.id],
  );
  const round = await admin(`mutation { openDmcRound(academicYear: 2568, round: TERM1) { id } }`);
  await admin(`mutation($id: ID!) { closeDmcRound(id: $id) { id } }`, { id: round.data.openDmcRound.id });

  // 1,000 children of school S (area 1650), loaded the way the bulk loader does.
  const { imports, students } = createStudentsDomain(h.service.dataSource);
  const placementS = await students.placement(h.schools.s.obecCode);
  const rows: StudentImportRow[] = Array.from({ length: 1000 }, (_, i) => ({
    row: i + 2,
    nationalId: nextNationalId(),
    gCode: null,
    prefix: 'เด็กชาย',
    firstNameTh: 'นอกขอบเขต',
    lastNameTh: 'ทดสอบ',
    gender: 'MALE',
    birthDate: '2012-02-02',
    gradeLevel: 'M1',
    classroom: String((i % 9) + 1),
    poverty: 'NONE',
    disabilityType: null,
  }));
  await imports.apply(placementS, 2569, rows, { emitEvents: false });
  const outside: Array<{ id: string; national_id: string }> = await h.service.dataSource.query(
    `SELECT s.id, s.national_id FROM student s JOIN enrollment e ON e.student_id = s.id WHERE e.school_id = $1`,
    [h.schools.s.id],
  );
  const people = [a1, a2, aT, b1];
  return {
    a1,
    a2,
    aT,
    b1,
    conflictId,
    outOfScope: { ids: outside.map((r) => r.id), nationalIds: outside.map((r) => r.national_id) },
    raw: people.flatMap((p) =>
      [p.nationalId, p.gCode, p.firstNameTh, p.lastNameTh, p.birthDate, p.disabilityType].filter(
        (v): v is string => !!v,
      ),
    ),
  };
}

/** A valid national ID no fixture uses (unknown to the registry). */
export const unknownNationalId = (i: number) => syntheticNationalId(990_000_000 + i);
