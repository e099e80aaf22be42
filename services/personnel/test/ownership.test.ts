import { randomUUID } from 'node:crypto';
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
 * Regression tests for the ownership leaks of issue 8 in personnel: leave after a transfer, appointments
 * on both sides of one, transfers pulled by the receiving side, and errors that told where someone works.
 */

const TODAY = '2026-11-24';
let h: PersonnelHarness;
let admin: string;
let areaA: string;
let areaB: string;
let X: SchoolPayload;
let Y: SchoolPayload;
let Z: SchoolPayload;
/** A second school of area B. */
let W: SchoolPayload;
const t = {} as Record<'directorX' | 'directorY' | 'directorZ' | 'officerA' | 'officerB' | 'moved', string>;
let moved: string;
let oldLeave: string;
let newLeave: string;
const OLD_REASON = 'ปวดหลังหมอนรองกระดูกทับเส้นประสาท';
const NEW_REASON = 'พาลูกไปฉีดวัคซีนรอบสอง';

const code = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) =>
  res.errors?.[0]?.extensions?.code;
const TRANSFER = `mutation($i: TransferStaffInput!) { transferStaff(input: $i) { id currentAppointment { schoolCode } } }`;
const RELEASE = `mutation($i: ReleaseStaffInput!) { releaseStaff(input: $i) { id } }`;

beforeAll(async () => {
  h = await startPersonnel({ today: () => TODAY });
  admin = await token('obec-admin', 'OBEC');
  areaA = fakeArea();
  do areaB = fakeArea();
  while (areaB === areaA);
  X = fakeSchool(areaA);
  Y = fakeSchool(areaA);
  Z = fakeSchool(areaB);
  W = fakeSchool(areaB);
  await replicateSchools(h, [X, Y, Z, W]);
  t.directorX = await token('school-director', X.obecCode);
  t.directorY = await token('school-director', Y.obecCode);
  t.directorZ = await token('school-director', Z.obecCode);
  t.officerA = await token('area-officer', areaA);
  t.officerB = await token('area-officer', areaB);
  const subject = `test:moved:${randomUUID()}`;
  moved = await registerStaff(
    h,
    admin,
    { schoolId: X.id, positionType: 'TEACHER', startDate: '2015-05-16' },
    { accountSubject: subject },
  );
  t.moved = await token('school-staff', Y.obecCode, subject);
  const filed = await h.q(
    `mutation($i: RequestLeaveInput!) { requestLeave(input: $i) { id } }`,
    {
      i: {
        staffId: moved,
        leaveType: 'SICK',
        startDate: '2026-10-20',
        endDate: '2026-10-20',
        reason: OLD_REASON,
      },
    },
    t.directorX,
  );
  oldLeave = filed.data.requestLeave.id;
  await h.q(
    `mutation($id: ID!) { decideLeave(id: $id, decision: APPROVE) { id } }`,
    { id: oldLeave },
    t.directorX,
  );
  const transfer = await h.q(
    TRANSFER,
    { i: { staffId: moved, toSchoolId: Y.id, effectiveDate: '2026-11-01' } },
    t.officerA,
  );
  expect(transfer.errors).toBeUndefined();
  const again = await h.q(
    `mutation($i: RequestLeaveInput!) { requestLeave(input: $i) { id } }`,
    {
      i: {
        leaveType: 'PERSONAL_BUSINESS',
        startDate: '2027-01-12',
        endDate: '2027-01-12',
        reason: NEW_REASON,
      },
    },
    t.moved,
  );
  newLeave = again.data.requestLeave.id;
}, 60_000);
afterAll(() => h.stop());

describe('leave and appointments after a transfer', () => {
  it('shows the new school’s director none of the leave filed at the old school — not through StaffMember.leaveRequests, leaveRequest(id), leaveRequests or _entities', async () => {
    const res = await h.q(
      `query($id: ID!, $old: ID!, $r: [_Any!]!) {
         staffMember(id: $id) { leaveRequests { id reason } }
         leaveRequest(id: $old) { id reason }
         leaveRequests(first: 100) { totalCount edges { node { id reason } } }
         _entities(representations: $r) { ... on StaffMember { leaveRequests { id reason } } }
       }`,
      { id: moved, old: oldLeave, r: [{ __typename: 'StaffMember', id: moved }] },
      t.directorY,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.staffMember.leaveRequests).toEqual([{ id: newLeave, reason: NEW_REASON }]);
    expect(res.data.leaveRequest).toBeNull();
    expect(res.data.leaveRequests).toEqual({
      totalCount: 1,
      edges: [{ node: { id: newLeave, reason: NEW_REASON } }],
    });
    expect(res.data._entities[0].leaveRequests).toEqual([{ id: newLeave, reason: NEW_REASON }]);
    expect(JSON.stringify(res)).not.toContain(OLD_REASON);
  });

  it('lets the old school’s director keep the leave filed there, without the person’s current record', async () => {
    const res = await h.q(
      `query($old: ID!, $new: ID!, $id: ID!) {
         old: leaveRequest(id: $old) { reason status staff { id } }
         new: leaveRequest(id: $new) { id }
         staffMember(id: $id) { id }
         leaveRequests(first: 100) { edges { node { id } } }
       }`,
      { old: oldLeave, new: newLeave, id: moved },
      t.directorX,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      old: { reason: OLD_REASON, status: 'APPROVED', staff: null },
      new: null,
      staffMember: null,
      leaveRequests: { edges: [{ node: { id: oldLeave } }] },
    });
  });

  it('shows each side of a transfer its own appointment: the new school the open one, the person and the area office both', async () => {
    const q = `query($id: ID!) { staffMember(id: $id) { appointments { schoolCode endDate } currentAppointment { schoolCode } leaveRequests { id } } }`;
    const asNew = await h.q(q, { id: moved }, t.directorY);
    expect(asNew.data.staffMember.appointments).toEqual([{ schoolCode: Y.obecCode, endDate: null }]);
    expect(asNew.data.staffMember.currentAppointment).toEqual({ schoolCode: Y.obecCode });
    for (const viewer of [t.moved, t.officerA]) {
      const res = await h.q(q, { id: moved }, viewer);
      expect(res.data.staffMember.appointments).toEqual([
        { schoolCode: X.obecCode, endDate: '2026-10-31' },
        { schoolCode: Y.obecCode, endDate: null },
      ]);
      expect(res.data.staffMember.leaveRequests.map((l: any) => l.id).sort()).toEqual(
        [oldLeave, newLeave].sort(),
      );
    }
  });
});

describe('transfers need the releasing side', () => {
  const teacherAt = (school: SchoolPayload) =>
    registerStaff(h, admin, { schoolId: school.id, positionType: 'TEACHER', startDate: '2015-05-16' });
  const appointments = (id: string) =>
    h.service.dataSource.query(
      `SELECT school_code, to_char(end_date, 'YYYY-MM-DD') AS end_date FROM appointment WHERE staff_id = $1 ORDER BY start_date`,
      [id],
    );

  it('refuses an area officer pulling a teacher out of another area as NOT_FOUND, exactly as for an unknown id, naming no school', async () => {
    const id = await teacherAt(Z);
    const before = await appointments(id);
    const pulled = await h.q(
      TRANSFER,
      { i: { staffId: id, toSchoolId: X.id, effectiveDate: '2026-11-15' } },
      t.officerA,
    );
    const unknown = await h.q(
      TRANSFER,
      { i: { staffId: randomUUID(), toSchoolId: X.id, effectiveDate: '2026-11-15' } },
      t.officerA,
    );
    expect(code(pulled)).toBe('NOT_FOUND');
    expect(pulled.errors?.map((e) => [e.message, e.extensions])).toEqual(
      unknown.errors?.map((e) => [e.message, e.extensions]),
    );
    for (const leak of [Z.obecCode, Z.id, areaB, id])
      expect(JSON.stringify(pulled.errors)).not.toContain(leak);
    expect(await appointments(id)).toEqual(before);
  });

  it('lets the receiving area office make a transfer only after the releasing area office released the teacher, and only once', async () => {
    const id = await teacherAt(Z);
    const into = (viewer: string, school: SchoolPayload, effectiveDate = '2026-11-15') =>
      h.q(TRANSFER, { i: { staffId: id, toSchoolId: school.id, effectiveDate } }, viewer);
    // The releasing side may not push into another area, nor a school director move anyone.
    const pushed = await into(t.officerB, X);
    expect(code(pushed)).toBe('FORBIDDEN');
    expect(pushed.errors?.[0]?.message).toMatch(/releaseStaff/);
    expect(code(await into(t.directorZ, X))).toBe('FORBIDDEN');
    expect(code(await into(t.officerA, X))).toBe('NOT_FOUND');

    const released = await h.q(
      RELEASE,
      { i: { staffId: id, toAreaOfficeCode: areaA, orderReference: 'คำสั่ง สพป. ที่ 45/2569' } },
      t.officerB,
    );
    expect(released.errors).toBeUndefined();
    // Released to area A: its office may now move the teacher, but only into area A.
    const elsewhere = await into(t.officerA, W);
    expect(code(elsewhere)).toBe('FORBIDDEN');
    const done = await into(t.officerA, X);
    expect(done.errors).toBeUndefined();
    expect(done.data.transferStaff.currentAppointment).toEqual({ schoolCode: X.obecCode });
    expect(await appointments(id)).toEqual([
      { school_code: Z.obecCode, end_date: '2026-11-14' },
      { school_code: X.obecCode, end_date: null },
    ]);
    const [release] = await h.service.dataSource.query(
      `SELECT to_area_office_code, transfer_appointment_id IS NOT NULL AS used FROM staff_release WHERE staff_id = $1`,
      [id],
    );
    expect(release).toEqual({ to_area_office_code: areaA, used: true });
    // Used once: area B can no longer reach the teacher, and the release does not carry over.
    expect(code(await into(t.officerB, Z, '2026-11-20'))).toBe('NOT_FOUND');
  });

  it('lets only the area office of the current post release a teacher; another area office gets NOT_FOUND', async () => {
    const id = await teacherAt(Z);
    const release = (viewer: string, to: string) =>
      h.q(RELEASE, { i: { staffId: id, toAreaOfficeCode: to } }, viewer);
    expect(code(await release(t.officerA, areaA))).toBe('NOT_FOUND');
    expect(code(await release(t.directorZ, areaA))).toBe('FORBIDDEN');
    expect(code(await release(t.officerB, areaB))).toBe('BAD_USER_INPUT');
    expect(code(await release(t.officerB, '9999'))).toBe('NOT_FOUND');
    expect((await release(admin, areaA)).errors).toBeUndefined();
  });

  it('answers the receiving area office with null until a future transfer takes effect, the releasing side keeping the record until then', async () => {
    const id = await teacherAt(Z);
    await h.q(RELEASE, { i: { staffId: id, toAreaOfficeCode: areaA } }, t.officerB);
    const res = await h.q(
      TRANSFER,
      { i: { staffId: id, toSchoolId: X.id, effectiveDate: '2026-12-15' } },
      t.officerA,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.transferStaff).toBeNull();
    const q = `query($id: ID!) { staffMember(id: $id) { id currentAppointment { schoolCode endDate } } }`;
    expect((await h.q(q, { id }, t.officerB)).data.staffMember).toEqual({
      id,
      currentAppointment: { schoolCode: Z.obecCode, endDate: '2026-12-14' },
    });
    expect((await h.q(q, { id }, t.officerA)).data.staffMember).toBeNull();
  });
});

describe('writes on records out of reach look like writes on unknown ids', () => {
  it('answers updateStaff, recordTeachingLicence, requestLeave, decideLeave and cancelLeave on another area’s records exactly as on unknown ids, naming no school', async () => {
    const id = await registerStaff(h, admin, { schoolId: Z.id, positionType: 'TEACHER' });
    const leave = await h.q(
      `mutation($i: RequestLeaveInput!) { requestLeave(input: $i) { id } }`,
      {
        i: {
          staffId: id,
          leaveType: 'SICK',
          startDate: '2027-01-05',
          endDate: '2027-01-05',
          reason: 'ไข้หวัด',
        },
      },
      admin,
    );
    const leaveId = leave.data.requestLeave.id;
    const writes: Array<[string, (staffId: string, leaveId: string) => Record<string, unknown>]> = [
      [`mutation($s: ID!) { updateStaff(id: $s, input: { phone: "0811111111" }) { id } }`, (s) => ({ s })],
      [
        `mutation($s: ID!) { recordTeachingLicence(input: { staffId: $s, licenceNumber: "LIC-55555", issueDate: "2024-01-01", expiryDate: "2029-01-01" }) { id } }`,
        (s) => ({ s }),
      ],
      [
        `mutation($s: ID!) { requestLeave(input: { staffId: $s, leaveType: SICK, startDate: "2027-01-06", endDate: "2027-01-06" }) { id } }`,
        (s) => ({ s }),
      ],
      [`mutation($l: ID!) { decideLeave(id: $l, decision: APPROVE) { id } }`, (_s, l) => ({ l })],
      [`mutation($l: ID!) { cancelLeave(id: $l) { id } }`, (_s, l) => ({ l })],
    ];
    for (const [mutation, vars] of writes) {
      for (const viewer of [t.directorX, t.officerA]) {
        const outOfReach = await h.q(mutation, vars(id, leaveId), viewer);
        const unknown = await h.q(mutation, vars(randomUUID(), randomUUID()), viewer);
        expect(code(outOfReach)).toBe('NOT_FOUND');
        expect(outOfReach.errors?.map((e) => [e.message, e.extensions])).toEqual(
          unknown.errors?.map((e) => [e.message, e.extensions]),
        );
        for (const leak of [Z.obecCode, Z.id, areaB])
          expect(JSON.stringify(outOfReach.errors)).not.toContain(leak);
      }
    }
    const [{ n }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM leave_request WHERE staff_id = $1`,
      [id],
    );
    expect(n).toBe(1);
  });
});
