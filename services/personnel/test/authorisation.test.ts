import { gql } from '@smss/testing';
import { maskNationalId } from '@smss/thai';
import {
  fakeArea,
  fakeSchool,
  registerStaff,
  replicateSchools,
  startPersonnel,
  token,
  type PersonnelHarness,
  type SchoolPayload,
} from './support';

/**
 * Read access as users meet it, on top of the generated matrix (trust-matrix.test.ts): the trust layer
 * decides; these pin the answers a client sees.
 */

let h: PersonnelHarness;
let admin: string;
let areaA: string;
let areaB: string;
let schoolX: SchoolPayload;
let schoolY: SchoolPayload;
let schoolZ: SchoolPayload;
let teacher: { id: string; subject: string; nationalId: string };
let colleague: string;
let foreigner: string;
let leaveId: string;
const T = {} as Record<
  'self' | 'otherStaffX' | 'directorX' | 'directorY' | 'officerA' | 'officerB' | 'analyst' | 'partner',
  string
>;

beforeAll(async () => {
  h = await startPersonnel();
  admin = await token('obec-admin', 'OBEC');
  areaA = fakeArea();
  do areaB = fakeArea();
  while (areaB === areaA);
  schoolX = fakeSchool(areaA);
  schoolY = fakeSchool(areaA);
  schoolZ = fakeSchool(areaB);
  await replicateSchools(h, [schoolX, schoolY, schoolZ]);
  const subject = `test:teacher:${Math.random()}`;
  const id = await registerStaff(
    h,
    admin,
    { schoolId: schoolX.id, positionType: 'TEACHER' },
    { accountSubject: subject, birthDate: '1985-02-14', phone: '0811111111' },
  );
  const [{ national_id }] = await h.service.dataSource.query(`SELECT national_id FROM staff WHERE id = $1`, [
    id,
  ]);
  teacher = { id, subject, nationalId: national_id };
  colleague = await registerStaff(h, admin, { schoolId: schoolX.id, positionType: 'TEACHER' });
  await registerStaff(h, admin, { schoolId: schoolX.id, positionType: 'DIRECTOR' });
  foreigner = await registerStaff(h, admin, { schoolId: schoolZ.id, positionType: 'TEACHER' });
  T.self = await token('school-staff', schoolX.obecCode, subject);
  T.otherStaffX = await token('school-staff', schoolX.obecCode, 'test:someone-else');
  T.directorX = await token('school-director', schoolX.obecCode);
  T.directorY = await token('school-director', schoolY.obecCode);
  T.officerA = await token('area-officer', areaA);
  T.officerB = await token('area-officer', areaB);
  T.analyst = await token('obec-analyst', 'OBEC');
  T.partner = await token('partner', 'EEF');
  const leave = await h.q(
    `mutation { requestLeave(input: { leaveType: SICK, startDate: "2027-01-05", endDate: "2027-01-05", reason: "ผ่าตัดไส้ติ่ง" }) { id } }`,
    {},
    T.self,
  );
  leaveId = leave.data.requestLeave.id;
});
afterAll(() => h.stop());

const code = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) =>
  res.errors?.[0]?.extensions?.code;
const STAFF_MEMBER = `query($id: ID!) { staffMember(id: $id) { id nationalId firstNameTh birthDate phone salary } }`;
const SCHOOL = `query($r: [_Any!]!) { _entities(representations: $r) { ... on School { id staff(first: 50) { totalCount edges { node { id } } } staffCount staffing { teachersActual } } } }`;

describe('who may see what (decided by the trust layer in the subgraph)', () => {
  it('answers anonymous callers with UNAUTHENTICATED, on root fields and _entities alike', async () => {
    expect(code(await h.q(STAFF_MEMBER, { id: teacher.id }))).toBe('UNAUTHENTICATED');
    expect(code(await h.q(SCHOOL, { r: [{ __typename: 'School', id: schoolX.id }] }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(code(await h.q(`{ publicHolidays(from: "2027-01-01", to: "2027-01-31") { date } }`))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('answers staffMember(id) outside the viewer’s reach with null and no error, exactly as for an unknown id', async () => {
    for (const t of [T.officerB, T.directorY, T.otherStaffX, T.partner]) {
      const outOfReach = await h.q(STAFF_MEMBER, { id: teacher.id }, t);
      const unknown = await h.q(STAFF_MEMBER, { id: '00000000-0000-4000-8000-000000000000' }, t);
      expect(outOfReach).toMatchObject({ data: { staffMember: null } });
      expect(outOfReach.errors).toBeUndefined();
      expect({ data: outOfReach.data, errors: outOfReach.errors }).toEqual({
        data: unknown.data,
        errors: unknown.errors,
      });
    }
  });

  it('resolves StaffMember entities in request order, answering out-of-scope and unknown ids alike with null', async () => {
    const res = await h.q(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on StaffMember { id firstNameTh } } }`,
      {
        r: [
          { __typename: 'StaffMember', id: teacher.id },
          { __typename: 'StaffMember', id: foreigner },
          { __typename: 'StaffMember', id: colleague },
          { __typename: 'StaffMember', id: '00000000-0000-4000-8000-000000000000' },
        ],
      },
      T.officerA,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities.map((e: any) => e?.id ?? null)).toEqual([teacher.id, null, colleague, null]);
  });

  it('lists a school’s staff for its director and area office, only themself for a staff member, and an empty list for anyone else', async () => {
    const list = async (t: string) =>
      (await h.q(SCHOOL, { r: [{ __typename: 'School', id: schoolX.id }] }, t)).data._entities[0].staff;
    expect((await list(T.directorX)).totalCount).toBe(3);
    expect((await list(T.officerA)).totalCount).toBe(3);
    expect((await list(T.self)).edges.map((e: any) => e.node.id)).toEqual([teacher.id]);
    for (const t of [T.otherStaffX, T.directorY, T.officerB, T.partner])
      expect(await list(t)).toEqual({ totalCount: 0, edges: [] });
  });

  it('shows the aggregates (staffCount, staffing) to every signed-in viewer, partners and other areas included', async () => {
    for (const t of [T.partner, T.officerB, T.directorY, T.self]) {
      const res = await h.q(SCHOOL, { r: [{ __typename: 'School', id: schoolX.id }] }, t);
      expect(res.errors).toBeUndefined();
      expect(res.data._entities[0]).toMatchObject({ staffCount: 3, staffing: { teachersActual: 2 } });
    }
  });

  it('lists only the viewer’s reach in Query.staff and Query.leaveRequests, and nothing to partners', async () => {
    const ids = async (t: string) =>
      (await h.q(`{ staff(first: 100) { totalCount edges { node { id } } } }`, {}, t)).data.staff.edges.map(
        (e: any) => e.node.id,
      );
    expect(await ids(T.officerA)).toEqual(expect.arrayContaining([teacher.id, colleague]));
    expect(await ids(T.officerA)).not.toContain(foreigner);
    expect(await ids(T.self)).toEqual([teacher.id]);
    expect(await ids(T.officerB)).toEqual([foreigner]);
    expect(await ids(T.partner)).toEqual([]);
    const leave = async (t: string) =>
      (await h.q(`{ leaveRequests(first: 100) { totalCount edges { node { id } } } }`, {}, t)).data
        .leaveRequests;
    for (const t of [T.self, T.directorX, T.officerA, admin])
      expect((await leave(t)).edges).toEqual([{ node: { id: leaveId } }]);
    for (const t of [T.directorY, T.officerB, T.otherStaffX, T.partner])
      expect(await leave(t)).toEqual({ totalCount: 0, edges: [] });
  });

  it('refuses a name search without pii:read, and audits one with it as a lookup, found or not', async () => {
    expect(code(await h.q(`{ staff(filter: { search: "สม" }) { totalCount } }`, {}, T.analyst))).toBe(
      'FORBIDDEN',
    );
    const found = await h.q(`{ staff(filter: { search: "สมศรี" }) { totalCount } }`, {}, T.officerA);
    expect(found.data.staff.totalCount).toBeGreaterThanOrEqual(3);
    const none = await h.q(`{ staff(filter: { search: "ไม่มีใครชื่อนี้" }) { totalCount } }`, {}, T.officerA);
    expect(none.data.staff.totalCount).toBe(0);
    const rows = await h.service.dataSource.query(
      `SELECT record_type, record_id, fields FROM personal_data_access WHERE request_id = ANY($1::text[])`,
      [[found.headers.get('x-request-id'), none.headers.get('x-request-id')]],
    );
    expect(rows).toEqual([
      { record_type: 'StaffMember', record_id: null, fields: ['lookup:name'] },
      { record_type: 'StaffMember', record_id: null, fields: ['lookup:name'] },
    ]);
  });
});

describe('personal data: masked without pii:read, every unmasked read audited', () => {
  const audit = (requestId: string | null) =>
    h.service.dataSource.query(
      `SELECT subject, role, org_code, record_type, record_id, fields FROM personal_data_access
        WHERE request_id = $1 ORDER BY record_type, record_id`,
      [requestId],
    );

  it('masks the national ID as 1-1037-xxxxx-xx-8 and names to their first letter, withholds birth date, phone, salary and leave reasons, and audits nothing', async () => {
    const res = await gql(h.service.url, STAFF_MEMBER, { id: teacher.id }, { token: T.analyst });
    expect(res.data.staffMember).toEqual({
      id: teacher.id,
      nationalId: maskNationalId(teacher.nationalId),
      firstNameTh: 'ส••••',
      birthDate: null,
      phone: null,
      salary: null,
    });
    const leave = await h.q(
      `query($id: ID!) { leaveRequest(id: $id) { reason } }`,
      { id: leaveId },
      T.analyst,
    );
    expect(leave.data.leaveRequest.reason).toBeNull();
    expect(await audit(res.headers.get('x-request-id'))).toEqual([]);
    expect(await audit(leave.headers.get('x-request-id'))).toEqual([]);
  });

  it('reveals them with pii:read after writing the reads to the shared personal_data_access (who, role, organisation, fields)', async () => {
    const res = await gql(
      h.service.url,
      `query($ids: [_Any!]!, $leave: ID!) {
         _entities(representations: $ids) { ... on StaffMember { id nationalId firstNameTh lastNameTh salary } }
         leaveRequest(id: $leave) { reason }
       }`,
      {
        ids: [
          { __typename: 'StaffMember', id: teacher.id },
          { __typename: 'StaffMember', id: colleague },
        ],
        leave: leaveId,
      },
      { token: T.directorX },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0]).toMatchObject({
      nationalId: teacher.nationalId,
      firstNameTh: 'สมศรี',
      salary: '32150.00',
    });
    expect(res.data.leaveRequest.reason).toBe('ผ่าตัดไส้ติ่ง');
    const rows = await audit(res.headers.get('x-request-id'));
    const fields = (type: string, id: string) =>
      rows
        .filter((r: any) => r.record_type === type && r.record_id === id)
        .flatMap((r: any) => r.fields)
        .sort();
    for (const row of rows)
      expect(row).toMatchObject({
        subject: `test:school-director:${schoolX.obecCode}`,
        role: 'school-director',
        org_code: schoolX.obecCode,
      });
    expect(fields('StaffMember', teacher.id)).toEqual(['firstNameTh', 'lastNameTh', 'nationalId', 'salary']);
    expect(fields('StaffMember', colleague)).toEqual(['firstNameTh', 'lastNameTh', 'nationalId', 'salary']);
    expect(fields('LeaveRequest', leaveId)).toEqual(['reason']);
  });

  it('keeps no second audit: the old personnel table personal_data_read is gone', async () => {
    const [{ old }] = await h.service.dataSource.query(`SELECT to_regclass('personal_data_read') AS old`);
    expect(old).toBeNull();
  });
});
