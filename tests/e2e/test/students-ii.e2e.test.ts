import { syntheticNationalId, toThaiDigits } from '@smss/thai';
import { eventually, gql, tokenFor } from '@smss/testing';
import { startPlatform, type Platform } from './platform';
import { SCREEN, screenEligible } from './eef-screening';

/**
 * Students II through the gateway, with ordinary tokens: a school marks a day's attendance and records a
 * health measurement, screens a pupil for the EEF cash transfer; the area office uploads the MOI
 * school-age population (the gateway's upload forwarder) and lists the children enrolled nowhere. Who
 * sees what: the school and its area office see records; another school, another area, an analyst and
 * a partner do not (and a partner gets no count that gives back a small cell).
 */
const YEAR = 2569;
const DAY = '2026-11-30'; // a Monday of term 2 of 2569, no holiday

let p: Platform;
let school: { id: string; obecCode: string };
let other: { id: string; obecCode: string };
const pupils: string[] = [];
const ids: string[] = [];
const tokens: Record<string, string> = {};

const as = (who: string, query: string, variables: Record<string, unknown> = {}) =>
  gql(p.gatewayUrl, query, variables, { token: tokens[who], asGateway: false });

async function pick(area: string) {
  const res = await gql(
    p.gatewayUrl,
    `{ schools(first: 1, filter: { areaOfficeCode: "${area}", schoolType: PRIMARY, status: OPEN }) { edges { node { id obecCode } } } }`,
    {},
    { token: tokens.admin, asGateway: false },
  );
  return res.data.schools.edges[0].node as { id: string; obecCode: string };
}

beforeAll(async () => {
  p = await startPlatform();
  tokens.admin = await tokenFor('obec-admin', 'OBEC');
  school = await pick('1602');
  other = await pick('1601');
  Object.assign(tokens, {
    school: await tokenFor('school-staff', school.obecCode),
    otherSchool: await tokenFor('school-staff', other.obecCode),
    area: await tokenFor('area-officer', '1602'),
    otherArea: await tokenFor('area-officer', '1601'),
    analyst: await tokenFor('obec-analyst', 'OBEC'),
    partner: await tokenFor('partner', 'EEF'),
  });
  await eventually(async () => {
    const rows = await p.services.students!.dataSource.query(
      `SELECT 1 FROM directory_school_replica WHERE school_id = ANY($1::uuid[])`,
      [[school.id, other.id]],
    );
    return rows.length === 2;
  }, 30_000);
  const base = 940_000 + Math.floor(Math.random() * 2_000) * 10;
  for (const [i, firstNameTh] of ['มานะ', 'มานี', 'ชูใจ'].entries()) {
    const nationalId = syntheticNationalId(base + i);
    const res = await as(
      'admin',
      `mutation($i: RegisterStudentInput!) { registerStudent(input: $i) { id } }`,
      {
        i: {
          nationalId,
          prefix: i === 0 ? 'เด็กชาย' : 'เด็กหญิง',
          firstNameTh,
          lastNameTh: 'ทดสอบระบบ',
          birthDate: '2017-03-04',
          gender: i === 0 ? 'MALE' : 'FEMALE',
          schoolCode: school.obecCode,
          academicYear: YEAR,
          gradeLevel: 'P3',
          classroom: '1',
          startedOn: '2026-05-16',
        },
      },
    );
    expect(res.errors).toBeUndefined();
    pupils.push(res.data.registerStudent.id);
    ids.push(nationalId);
  }
}, 240_000);
afterAll(() => p.stop());

const SCHOOL_DAY = `query($id: ID) { school(id: $id) { attendance(date: "${DAY}") {
  enrolled attended rate counts { present absent late } classrooms { classroom attended }
  marks { status student { id firstNameTh } } } } }`;

describe('Students II through the gateway', () => {
  it('a school marks a day in one mutation; its area office sees the marks, other viewers only what aggregates allow', async () => {
    const marked = await as(
      'school',
      `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { recorded corrected } }`,
      {
        i: {
          schoolCode: school.obecCode,
          date: DAY,
          marks: [
            { studentId: pupils[0], status: 'PRESENT' },
            { studentId: pupils[1], status: 'ABSENT' },
            { studentId: pupils[2], status: 'LATE' },
          ],
        },
      },
    );
    expect(marked.errors).toBeUndefined();
    expect(marked.data.recordAttendance).toEqual({ recorded: 3, corrected: 0 });

    // Another school may not mark this school's children: refused, nothing written, no school named.
    const foreign = await as(
      'otherSchool',
      `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { recorded } }`,
      { i: { schoolCode: school.obecCode, date: DAY, marks: [{ studentId: pupils[1], status: 'PRESENT' }] } },
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(foreign.errors?.[0]?.extensions?.messageTh).toBeTruthy();
    expect(JSON.stringify(foreign)).not.toContain(school.obecCode);

    for (const who of ['school', 'area']) {
      const day = (await as(who, SCHOOL_DAY, { id: school.id })).data.school.attendance;
      expect([who, day.enrolled, day.attended, day.rate]).toEqual([who, 3, 2, 0.6667]);
      expect(day.marks.map((m: any) => m.status).sort()).toEqual(['ABSENT', 'LATE', 'PRESENT']);
      expect(day.marks.map((m: any) => m.student.firstNameTh).sort()).toEqual(['ชูใจ', 'มานะ', 'มานี']);
    }
    for (const who of ['otherSchool', 'otherArea', 'analyst', 'partner']) {
      const res = await as(who, SCHOOL_DAY, { id: school.id });
      expect([who, res.errors]).toEqual([who, undefined]);
      const day = res.data.school.attendance;
      expect([who, day.marks]).toEqual([who, []]);
      expect(JSON.stringify(res)).not.toContain('มานะ');
      // 1 absent of 3: a partner sees neither the counts nor the attended/rate that would give it back.
      if (who === 'partner')
        expect(day).toMatchObject({ attended: null, rate: null, classrooms: [], counts: { absent: null } });
      else expect(day).toMatchObject({ attended: 2, counts: { present: 1, absent: 1, late: 1 } });
    }
  });

  it('a health measurement gives a nutrition status the school reads (audited) and an analyst never does', async () => {
    const recorded = await as(
      'school',
      `mutation($i: RecordHealthMeasurementInput!) { recordHealthMeasurement(input: $i) { id } }`,
      {
        i: {
          studentId: pupils[0],
          academicYear: YEAR,
          term: 2,
          measuredOn: DAY,
          weightKg: 27.5,
          heightCm: 131.2,
        },
      },
    );
    expect(recorded.errors).toBeUndefined();
    const STATUS = `query($id: ID!) { student(id: $id) { nutritionStatus(academicYear: ${YEAR}, term: 2) {
      weightKg heightCm weightForAge heightForAge weightForHeight reference } } }`;
    const own = await as('school', STATUS, { id: pupils[0] });
    expect(own.data.student.nutritionStatus).toMatchObject({ weightKg: 27.5, heightCm: 131.2 });
    expect(own.data.student.nutritionStatus.reference).toMatch(/WHO/);
    const audited: Array<{ fields: string[]; subject: string }> = await p.services.students!.dataSource.query(
      `SELECT fields, subject FROM personal_data_access WHERE record_type = 'Student' AND record_id = $1`,
      [pupils[0]],
    );
    expect(audited.some((a) => a.fields.some((f) => f.startsWith('nutritionStatus')))).toBe(true);
    // The analyst sees the student masked and the sensitive status withheld; another school not at all.
    expect((await as('analyst', STATUS, { id: pupils[0] })).data.student.nutritionStatus).toBeNull();
    expect((await as('otherSchool', STATUS, { id: pupils[0] })).data.student).toBeNull();
  });

  it('an EEF screening puts a pupil on the school’s transfer list; partners and other schools are refused', async () => {
    const screened = await as('school', SCREEN, screenEligible(pupils[0]!, YEAR, 2));
    expect(screened.errors).toBeUndefined();
    const LIST = `{ eefTransferList(schoolCode: "${school.obecCode}", academicYear: ${YEAR}, term: 2) {
      status eligibleCount entries { student { id } attended schoolDays qualifies } } }`;
    const list = (await as('area', LIST)).data.eefTransferList;
    expect(list.status).toBe('DRAFT');
    expect(list.eligibleCount).toBe(1);
    const [entry] = list.entries;
    expect(entry.student.id).toBe(pupils[0]);
    // One day attended of the term's school days so far: far below the 80 % condition.
    expect(entry.attended).toBe(1);
    expect(entry.qualifies).toBe(entry.attended * 100 > entry.schoolDays * 80);
    for (const who of ['partner', 'otherSchool', 'otherArea']) {
      const res = await as(who, LIST);
      expect([who, res.errors?.[0]?.extensions?.code]).toEqual([who, 'FORBIDDEN']);
      expect(JSON.stringify(res)).not.toContain(pupils[0]);
    }
  });

  it('the area office uploads the MOI population through the gateway and lists the children enrolled nowhere', async () => {
    const outOfSchool = syntheticNationalId(950_000 + Math.floor(Math.random() * 2_000) * 10);
    const csv = [
      'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,วันเดือนปีเกิด,รหัสอำเภอ,อำเภอ,หมู่ที่',
      `${ids[0]},เด็กชาย,มานะ,ทดสอบระบบ,04/03/2560,1604,ชัยบาดาล,1`, // enrolled: not listed
      `${toThaiDigits(outOfSchool)},เด็กหญิง,ใจดี,นอกระบบ,๑๒/๐๑/๒๕๕๘,1604,ชัยบาดาล,๓`, // Thai digits, B.E.
      `${outOfSchool},เด็กหญิง,ใจดี,นอกระบบ,,1604,ชัยบาดาล,3`, // duplicate: collapsed
      `1234567890123,เด็กชาย,ผิด,เลขบัตร,2015-01-01,1604,ชัยบาดาล,1`, // bad check digit
    ].join('\n');
    const upload = (who: string) =>
      fetch(
        `${p.gatewayBase}/upload/students?kind=population&areaOfficeCode=1602&academicYear=${YEAR}&fileName=moi.csv`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'text/csv' },
          body: csv,
        },
      );
    const refused = await upload('school');
    expect(refused.status).toBe(403);
    const refusal = (await refused.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(refusal.errors[0]!.extensions.code).toBe('FORBIDDEN');
    const res = await upload('area');
    expect(res.status).toBe(200);
    const report = (await res.json()) as { errors: Array<{ messageTh: string }> } & Record<string, unknown>;
    expect(report).toMatchObject({ rowsRead: 4, children: 2, rejected: 1, duplicates: 1 });
    expect(report.errors[0]!.messageTh).toBeTruthy();

    const LIST = `{ outOfSchoolChildren(areaOfficeCode: "1602", academicYear: ${YEAR}, first: 50) {
      totalCount edges { node { nationalId firstName districtCode village } } } }`;
    const listed = (await as('area', LIST)).data.outOfSchoolChildren;
    expect(listed.edges.map((e: any) => e.node)).toEqual([
      { nationalId: outOfSchool, firstName: 'ใจดี', districtCode: '1604', village: 3 },
    ]);
    for (const who of ['school', 'otherArea', 'analyst', 'partner']) {
      const r = await as(who, LIST);
      expect([who, r.errors?.[0]?.extensions?.code]).toEqual([who, 'FORBIDDEN']);
      expect(JSON.stringify(r)).not.toContain(outOfSchool);
    }
    // A partner gets the count by district and village, with the small cell (1) hidden.
    const summary = await as(
      'partner',
      `{ outOfSchoolSummary(areaOfficeCode: "1602", academicYear: ${YEAR}) { districtCode village outOfSchool } }`,
    );
    expect(summary.errors).toBeUndefined();
    expect(summary.data.outOfSchoolSummary).toContainEqual({
      districtCode: '1604',
      village: 3,
      outOfSchool: null,
    });
  });
});
