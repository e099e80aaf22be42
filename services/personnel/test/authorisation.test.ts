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
  | 'self'
  | 'otherStaffX'
  | 'directorX'
  | 'directorY'
  | 'officerA'
  | 'officerB'
  | 'officerBNoAggregates'
  | 'analyst'
  | 'partner',
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
  T.officerBNoAggregates = await token('area-officer', areaB, undefined, ['pii:read']);
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

describe('who may see what (enforced in the subgraph)', () => {
  it.each([
    ['obec-admin', 'admin', true],
    ['obec-analyst (masked)', 'analyst', true],
    ['the area officer of the area', 'officerA', true],
    ['the school’s director', 'directorX', true],
    ['the staff member themself', 'self', true],
    ['an area officer of another area', 'officerB', false],
    ['another school’s director', 'directorY', false],
    ['another staff member of the school', 'otherStaffX', false],
    ['a partner', 'partner', false],
  ])('staffMember(id) of a teacher: %s → %s', async (_label, who, allowed) => {
    const res = await h.q(
      STAFF_MEMBER,
      { id: teacher.id },
      who === 'admin' ? admin : T[who as keyof typeof T],
    );
    if (allowed) {
      expect(res.errors).toBeUndefined();
      expect(res.data.staffMember.id).toBe(teacher.id);
    } else {
      expect(code(res)).toBe('FORBIDDEN');
      expect(res.errors?.[0]?.extensions?.messageTh).toBeTruthy();
      expect(res.data?.staffMember ?? null).toBeNull();
    }
  });

  it('answers anonymous callers with UNAUTHENTICATED', async () => {
    expect(code(await h.q(STAFF_MEMBER, { id: teacher.id }))).toBe('UNAUTHENTICATED');
    expect(code(await h.q(SCHOOL, { r: [{ __typename: 'School', id: schoolX.id }] }))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('lists a school’s staff for its director and area, only themself for a staff member, and refuses others', async () => {
    const list = async (t: string) => {
      const res = await h.q(SCHOOL, { r: [{ __typename: 'School', id: schoolX.id }] }, t);
      return { res, school: res.data?._entities?.[0] };
    };
    expect((await list(T.directorX)).school.staff.totalCount).toBe(3);
    expect((await list(T.officerA)).school.staff.totalCount).toBe(3);
    const self = await list(T.self);
    expect(self.school.staff.edges.map((e: any) => e.node.id)).toEqual([teacher.id]);
    expect((await list(T.otherStaffX)).school.staff.totalCount).toBe(0);
    for (const t of [T.directorY, T.officerB, T.partner]) {
      const { res, school } = await list(t);
      expect(code(res)).toBe('FORBIDDEN');
      expect(school.staff).toBeNull();
    }
  });

  it('shows aggregates (staffCount, staffing) to partners and other areas with aggregates:read, not without', async () => {
    for (const t of [T.partner, T.officerB, T.directorX, T.self]) {
      const res = await h.q(SCHOOL, { r: [{ __typename: 'School', id: schoolX.id }] }, t);
      expect(res.data._entities[0].staffCount).toBe(3);
      expect(res.data._entities[0].staffing.teachersActual).toBe(2);
    }
    const noScope = await h.q(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on School { staffCount } } }`,
      {
        r: [{ __typename: 'School', id: schoolX.id }],
      },
      T.officerBNoAggregates,
    );
    expect(code(noScope)).toBe('FORBIDDEN');
    const director = await h.q(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on School { staffCount } } }`,
      {
        r: [{ __typename: 'School', id: schoolZ.id }],
      },
      T.directorX,
    );
    expect(code(director)).toBe('FORBIDDEN');
  });

  it('resolves StaffMember entities in order, each under the same rule as staffMember(id)', async () => {
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
    expect(res.data._entities[0].id).toBe(teacher.id);
    expect(res.data._entities[1]).toBeNull();
    expect(res.data._entities[2].id).toBe(colleague);
    expect(res.data._entities[3]).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.path).toEqual(['_entities', 1]);
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('lists only the viewer’s reach in Query.staff and refuses partners and name searches without pii:read', async () => {
    const ids = async (t: string) => {
      const res = await h.q(`{ staff(first: 100) { totalCount edges { node { id } } } }`, {}, t);
      return res.data.staff.edges.map((e: any) => e.node.id);
    };
    expect(await ids(T.officerA)).not.toContain(foreigner);
    expect(await ids(T.officerA)).toContain(teacher.id);
    expect(await ids(T.self)).toEqual([teacher.id]);
    expect(await ids(T.officerB)).toEqual([foreigner]);
    expect(code(await h.q(`{ staff { totalCount } }`, {}, T.partner))).toBe('FORBIDDEN');
    expect(code(await h.q(`{ staff(filter: { search: "สม" }) { totalCount } }`, {}, T.analyst))).toBe(
      'FORBIDDEN',
    );
    const found = await h.q(`{ staff(filter: { search: "สมศรี" }) { totalCount } }`, {}, T.officerA);
    expect(found.data.staff.totalCount).toBeGreaterThanOrEqual(3);
  });

  it('shows a leave request to the person, the approver and the area, not to another school', async () => {
    const q = `query($id: ID!) { leaveRequest(id: $id) { id reason } }`;
    for (const t of [T.self, T.directorX, T.officerA, admin]) {
      expect((await h.q(q, { id: leaveId }, t)).data.leaveRequest.id).toBe(leaveId);
    }
    for (const t of [T.directorY, T.officerB, T.otherStaffX])
      expect(code(await h.q(q, { id: leaveId }, t))).toBe('FORBIDDEN');
    expect(code(await h.q(`{ leaveRequests { totalCount } }`, {}, T.partner))).toBe('FORBIDDEN');
  });
});

describe('personal data: masked without pii:read, every unmasked read audited', () => {
  const audit = (requestId: string) =>
    h.service.dataSource.query(
      `SELECT viewer_subject, viewer_role, viewer_org, record_type, record_id, staff_id, fields FROM personal_data_read
        WHERE request_id = $1 ORDER BY record_type, record_id`,
      [requestId],
    );

  it('masks national ID and names and hides birth date, phone, salary and leave reasons without pii:read, auditing nothing', async () => {
    const requestId = `masked-${Math.random()}`;
    const res = await gql(
      h.service.url,
      STAFF_MEMBER,
      { id: teacher.id },
      { token: T.analyst, headers: { 'x-request-id': requestId } },
    );
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
    expect(await audit(requestId)).toEqual([]);
  });

  it('reveals them with pii:read after writing one audit row per record read (who, role, which fields)', async () => {
    const requestId = `audit-${Math.random()}`;
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
      { token: T.directorX, headers: { 'x-request-id': requestId } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0]).toMatchObject({
      nationalId: teacher.nationalId,
      firstNameTh: 'สมศรี',
      salary: '32150.00',
    });
    expect(res.data.leaveRequest.reason).toBe('ผ่าตัดไส้ติ่ง');
    const rows = await audit(requestId);
    expect(rows).toHaveLength(3);
    const byRecord = Object.fromEntries(rows.map((r: any) => [`${r.record_type}:${r.record_id}`, r]));
    expect(byRecord[`StaffMember:${teacher.id}`]).toMatchObject({
      viewer_subject: `test:school-director:${schoolX.obecCode}`,
      viewer_role: 'school-director',
      viewer_org: schoolX.obecCode,
      staff_id: teacher.id,
      fields: ['firstNameTh', 'lastNameTh', 'nationalId', 'salary'],
    });
    expect(byRecord[`LeaveRequest:${leaveId}`]).toMatchObject({ staff_id: teacher.id, fields: ['reason'] });
  });
});
