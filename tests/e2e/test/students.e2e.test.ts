import { syntheticNationalId } from '@smss/thai';
import { eventually, gql, tokenFor } from '@smss/testing';
import { startPlatform, type Platform } from './platform';

let p: Platform;
let admin: string;
let school: { id: string; obecCode: string; nameTh: string };

beforeAll(async () => {
  p = await startPlatform();
  admin = await tokenFor('obec-admin', 'OBEC');
  const res = await gql(
    p.gatewayUrl,
    `{ schools(first: 1, filter: { areaOfficeCode: "1601", schoolType: PRIMARY, status: OPEN }) { edges { node { id obecCode nameTh } } } }`,
    {},
    { token: admin, asGateway: false },
  );
  school = res.data.schools.edges[0].node;
  // The students subgraph learns the directory from schools.school.upserted events.
  await eventually(async () => {
    const [row] = await p.services.students!.dataSource.query(
      `SELECT 1 FROM directory_school_replica WHERE school_id = $1`,
      [school.id],
    );
    return row;
  }, 30_000);
});
afterAll(() => p.stop());

const via = (query: string, variables: Record<string, unknown> = {}, token = admin) =>
  gql(p.gatewayUrl, query, variables, { token, asGateway: false });

describe('students through the gateway', () => {
  it('answers School { nameTh students { totalCount } enrollmentSummary } in one query across two subgraphs', async () => {
    for (const [i, gender] of (['MALE', 'FEMALE', 'FEMALE'] as const).entries()) {
      const res = await via(`mutation($i: RegisterStudentInput!) { registerStudent(input: $i) { id } }`, {
        i: {
          nationalId: syntheticNationalId(900_000 + Math.floor(Math.random() * 90_000) * 10 + i),
          prefix: gender === 'MALE' ? 'เด็กชาย' : 'เด็กหญิง',
          firstNameTh: 'ทดสอบ',
          lastNameTh: 'ระบบ',
          birthDate: '2018-06-01',
          gender,
          schoolCode: school.obecCode,
          academicYear: 2569,
          gradeLevel: 'P2',
          classroom: '1',
          startedOn: '2026-05-16',
        },
      });
      expect(res.errors).toBeUndefined();
    }
    const res = await via(
      `query($id: ID!) { school(id: $id) { nameTh students { totalCount edges { node { firstNameTh currentEnrollment { gradeLevel } } } }
         enrollmentSummary(academicYear: 2569) { total male female grades { gradeLevel total } } } }`,
      { id: school.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.school).toMatchObject({
      nameTh: school.nameTh,
      students: { totalCount: 3 },
      enrollmentSummary: { total: 3, male: 1, female: 2, grades: [{ gradeLevel: 'P2', total: 3 }] },
    });
  });

  it('uploads a CSV through the gateway’s upload route, as curl would', async () => {
    const id = syntheticNationalId(950_000 + Math.floor(Math.random() * 40_000));
    const csv = `\uFEFFเลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง\n${id},เด็กหญิง,อรอุมา,ทองดี,หญิง,01/02/2561,ป.2,2\n1234567890123,เด็กชาย,ผิด,พลาด,ชาย,01/02/2561,ป.2,2\n`;
    const url = `${p.gatewayBase}/upload/students?schoolCode=${school.obecCode}&academicYear=2569&fileName=list.csv`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    const report: any = await res.json();
    expect(report).toMatchObject({
      rowsRead: 2,
      inserted: 1,
      errors: [{ row: 3, column: 'เลขประจำตัวประชาชน' }],
    });
    const anonymous = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(anonymous.status).toBe(401);
    const otherSchool = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenFor('school-staff', '1016029999')}`,
        'content-type': 'text/csv',
      },
      body: csv,
    });
    expect(otherSchool.status).toBe(403);
    const page = await fetch(`${p.gatewayBase}/upload`);
    expect(await page.text()).toContain('นำเข้ารายชื่อนักเรียน');
  });

  it('shows a partner only aggregates: the area office summary, never a student of the list', async () => {
    const partner = await tokenFor('partner', 'EEF');
    const summary = await via(
      `{ areaOffice(code: "1601") { nameTh enrollmentSummary(academicYear: 2569) { total } } }`,
      {},
      partner,
    );
    expect(summary.errors).toBeUndefined();
    expect(summary.data.areaOffice.enrollmentSummary.total).toBeGreaterThanOrEqual(4);
    // Out-of-scope records are left out, exactly as if there were none: an empty list, no error.
    const list = await via(
      `query($id: ID!) { school(id: $id) { students { totalCount edges { node { id firstNameTh } } } } }`,
      { id: school.id },
      partner,
    );
    expect(list.errors).toBeUndefined();
    expect(list.data.school.students).toEqual({ totalCount: 0, edges: [] });
  });
});
