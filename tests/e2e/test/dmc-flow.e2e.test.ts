import { syntheticNationalId } from '@smss/thai';
import { eventually, gql, tokenFor } from '@smss/testing';
import { startPlatform, type Platform } from './platform';
import { SCREEN, screenEligible } from './eef-screening';

/**
 * The whole DMC flow across four subgraphs, with no hand-made events: students are registered
 * through the gateway, OBEC closes a round in the students subgraph, its outbox publishes one
 * snapshot per school, and personnel (staffing norm), finance (subsidy allocation) and the war room consume
 * them.
 */

let p: Platform;
let admin: string;
let school: { id: string; obecCode: string };

beforeAll(async () => {
  p = await startPlatform();
  admin = await tokenFor('obec-admin', 'OBEC');
  const res = await gql(
    p.gatewayUrl,
    `{ schools(first: 1, filter: { areaOfficeCode: "1602", schoolType: PRIMARY, status: OPEN }) { edges { node { id obecCode } } } }`,
    {},
    { token: admin, asGateway: false },
  );
  school = res.data.schools.edges[0].node;
  await eventually(async () => {
    const [row] = await p.services.students!.dataSource.query(
      `SELECT 1 FROM directory_school_replica WHERE school_id = $1`,
      [school.id],
    );
    return row;
  }, 30_000);
});
afterAll(() => p.stop());

const via = (query: string, variables: Record<string, unknown> = {}) =>
  gql(p.gatewayUrl, query, variables, { token: admin, asGateway: false });

describe('DMC round → staffing and allocations (students, personnel, finance, schools)', () => {
  it('answers a school’s enrolment summary, staffing and allocations in one query after the round closes', async () => {
    const base = 970_000 + Math.floor(Math.random() * 2_000) * 10;
    const pupils: Array<[string, 'MALE' | 'FEMALE', string]> = [
      ['P1', 'MALE', 'NONE'],
      ['P1', 'FEMALE', 'EXTREMELY_POOR'],
      ['P1', 'FEMALE', 'NONE'],
      ['P4', 'MALE', 'POOR'],
      ['K2', 'FEMALE', 'NONE'],
    ];
    for (const [i, [gradeLevel, gender, poverty]] of pupils.entries()) {
      const res = await via(`mutation($i: RegisterStudentInput!) { registerStudent(input: $i) { id } }`, {
        i: {
          nationalId: syntheticNationalId(base + i),
          prefix: gender === 'MALE' ? 'เด็กชาย' : 'เด็กหญิง',
          firstNameTh: 'ทดสอบ',
          lastNameTh: 'ระบบ',
          birthDate: gradeLevel === 'K2' ? '2020-01-01' : gradeLevel === 'P1' ? '2018-06-01' : '2015-06-01',
          gender,
          poverty,
          schoolCode: school.obecCode,
          academicYear: 2568,
          gradeLevel,
          classroom: '1',
          startedOn: '2025-05-16',
        },
      });
      expect(res.errors).toBeUndefined();
      if (poverty === 'EXTREMELY_POOR') {
        const screened = await via(SCREEN, screenEligible(res.data.registerStudent.id, 2568));
        expect(screened.errors).toBeUndefined();
      }
    }
    const opened = await via(`mutation { openDmcRound(academicYear: 2568, round: TERM2) { id asOfDate } }`);
    expect(opened.data.openDmcRound.asOfDate).toBe('2025-11-10');
    const closed = await via(`mutation($id: ID!) { closeDmcRound(id: $id) { status snapshotCount } }`, {
      id: opened.data.openDmcRound.id,
    });
    expect(closed.data.closeDmcRound.status).toBe('CLOSED');

    const query = `query($id: ID!) { school(id: $id) { nameTh
      enrollmentSummary(academicYear: 2568) { total grades { gradeLevel total extremelyPoor } }
      staffing { teachersRequired }
      allocations(fiscalYear: 2569) { round item amount } } }`;
    const res = await eventually(async () => {
      const r = await via(query, { id: school.id });
      return r.data?.school?.allocations?.length && r.data.school.staffing?.teachersRequired != null
        ? r
        : null;
    }, 30_000);
    expect(res.errors).toBeUndefined();
    expect(res.data.school.enrollmentSummary).toEqual({
      total: 5,
      grades: [
        { gradeLevel: 'K2', total: 1, extremelyPoor: 0 },
        { gradeLevel: 'P1', total: 3, extremelyPoor: 1 },
        { gradeLevel: 'P4', total: 1, extremelyPoor: 0 },
      ],
    });
    expect(res.data.school.staffing.teachersRequired).toBeGreaterThanOrEqual(1);
    const items = res.data.school.allocations.map((a: any) => a.item);
    expect(items).toContain('TUITION');
    expect(items).toContain('EEF_CONDITIONAL_CASH_TRANSFER');
    for (const a of res.data.school.allocations) {
      expect(a.round).toBe('TERM2');
      expect(a.amount).toMatch(/^\d+\.\d{2}$/);
    }

    // The war room (warroom subgraph) learns the same round from the same events: the school's figures
    // agree with students, personnel and finance, and its area office's view counts them.
    const warRoom = `query($level: WarRoomLevel!, $code: String) { warRoom(level: $level, code: $code) {
      code schoolId students { source { round academicYear } total female extremelyPoor byGrade { key total } }
      teachers { required } allocations { total } } }`;
    const view = await eventually(async () => {
      const r = await via(warRoom, { level: 'SCHOOL', code: school.obecCode });
      return r.data?.warRoom?.students && r.data.warRoom.teachers && r.data.warRoom.allocations ? r : null;
    }, 30_000);
    const room = view.data.warRoom;
    expect(room.schoolId).toBe(school.id);
    expect(room.students).toMatchObject({
      source: { round: 'TERM2', academicYear: 2568 },
      total: 5,
      female: 3,
      extremelyPoor: 1,
    });
    expect(room.students.byGrade).toEqual([
      { key: 'K2', total: 1 },
      { key: 'P1', total: 3 },
      { key: 'P4', total: 1 },
    ]);
    expect(room.teachers.required).toBe(res.data.school.staffing.teachersRequired);
    const allocated = res.data.school.allocations.reduce(
      (n: number, a: any) => n + Math.round(Number(a.amount) * 100),
      0,
    );
    expect(Math.round(Number(room.allocations.total) * 100)).toBe(allocated);
    const area = (await via(warRoom, { level: 'AREA_OFFICE', code: '1602' })).data.warRoom;
    expect(area.students.total).toBeGreaterThanOrEqual(5);
  });
});
