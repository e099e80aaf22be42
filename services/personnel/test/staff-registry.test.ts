import { todayInBangkok, addDays } from '../src/modules/calendar/dates';
import {
  fakeArea,
  fakeSchool,
  nextNationalId,
  REGISTER,
  registerStaff,
  replicateSchools,
  startPersonnel,
  token,
  type PersonnelHarness,
  type SchoolPayload,
} from './support';

let h: PersonnelHarness;
let admin: string;
let area: string;
let otherArea: string;
let schoolA: SchoolPayload;
let schoolB: SchoolPayload;
let closedSchool: SchoolPayload;
let otherSchool: SchoolPayload;
const today = todayInBangkok();

beforeAll(async () => {
  h = await startPersonnel();
  admin = await token('obec-admin', 'OBEC');
  area = fakeArea();
  do otherArea = fakeArea();
  while (otherArea === area);
  schoolA = fakeSchool(area);
  schoolB = fakeSchool(area);
  closedSchool = fakeSchool(area, { status: 'CLOSED' });
  otherSchool = fakeSchool(otherArea);
  await replicateSchools(h, [schoolA, schoolB, closedSchool, otherSchool]);
});
afterAll(() => h.stop());

const outbox = (aggregateId: string) =>
  h.service.dataSource.query(
    `SELECT subject, envelope FROM outbox_event WHERE aggregate_id = $1 ORDER BY seq`,
    [aggregateId],
  );

const SCHOOL_STAFF = `query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) {
  ... on School { id staff(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id positionType currentAppointment { schoolCode } } } } } } }`;

describe('staff registry', () => {
  it('registers a staff member with a valid national ID and a first appointment, and emits personnel.staff.assigned', async () => {
    const nationalId = await nextNationalId();
    const res = await h.q(
      REGISTER,
      {
        i: {
          nationalId: `${nationalId.slice(0, 1)}-${nationalId.slice(1, 5)}-${nationalId.slice(5, 10)}-${nationalId.slice(10, 12)}-${nationalId.slice(12)}`,
          title: 'นาย',
          firstNameTh: 'ประเสริฐ',
          lastNameTh: 'ทองคำ',
          serviceStartDate: '2012-05-16',
          academicStanding: 'PROFESSIONAL',
          mainSubject: 'คณิตศาสตร์',
          qualifications: [
            { degree: 'ค.บ.', major: 'คณิตศาสตร์', institution: 'มหาวิทยาลัยราชภัฏเทพสตรี', year: 2554 },
          ],
          posting: { schoolId: schoolA.id, positionType: 'TEACHER', positionNumber: 'ครู 1234' },
        },
      },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const staff = res.data.registerStaff;
    expect(staff.nationalId).toBe(nationalId); // dashes stripped, unmasked for pii:read
    expect(staff.currentAppointment.schoolCode).toBe(schoolA.obecCode);
    const events = await outbox(staff.id);
    expect(events.map((e: any) => e.subject)).toEqual(['personnel.staff.assigned.v1']);
    expect(events[0].envelope.payload).toMatchObject({
      staffId: staff.id,
      kind: 'INITIAL',
      posting: { schoolCode: schoolA.obecCode, areaOfficeCode: area, positionType: 'TEACHER' },
      previous: null,
    });
    expect(JSON.stringify(events[0].envelope)).not.toContain(nationalId);
  });

  it('refuses a national ID with a bad check digit as BAD_USER_INPUT with a Thai message, writing nothing', async () => {
    const good = await nextNationalId();
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    const before = await h.service.dataSource.query(`SELECT count(*)::int AS n FROM staff`);
    const res = await h.q(
      REGISTER,
      {
        i: {
          nationalId: bad,
          firstNameTh: 'มาลี',
          lastNameTh: 'ศรีสุข',
          serviceStartDate: '2020-01-01',
          posting: { schoolId: schoolA.id, positionType: 'TEACHER' },
        },
      },
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/หลักตรวจสอบ/);
    expect(res.errors?.[0]?.extensions?.problems?.[0]?.field).toBe('nationalId');
    const after = await h.service.dataSource.query(`SELECT count(*)::int AS n FROM staff`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses registering the same national ID twice with CONFLICT', async () => {
    const nationalId = await nextNationalId();
    const input = {
      nationalId,
      firstNameTh: 'วันดี',
      lastNameTh: 'บุญมา',
      serviceStartDate: '2020-01-01',
      posting: { schoolId: schoolA.id, positionType: 'TEACHER' },
    };
    expect((await h.q(REGISTER, { i: input }, admin)).errors).toBeUndefined();
    const again = await h.q(REGISTER, { i: input }, admin);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.extensions?.messageTh).toMatch(/เลขประจำตัวประชาชน/);
  });

  it('lets only OBEC administrators and the area’s own office appoint staff there, and refuses a closed school', async () => {
    const input = async (schoolId: string) => ({
      i: {
        nationalId: await nextNationalId(),
        firstNameTh: 'กิตติ',
        lastNameTh: 'มั่นคง',
        serviceStartDate: '2020-01-01',
        posting: { schoolId, positionType: 'TEACHER' },
      },
    });
    const own = await h.q(REGISTER, await input(schoolA.id), await token('area-officer', area));
    expect(own.errors).toBeUndefined();
    const foreign = await h.q(REGISTER, await input(schoolA.id), await token('area-officer', otherArea));
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const director = await h.q(
      REGISTER,
      await input(schoolA.id),
      await token('school-director', schoolA.obecCode),
    );
    expect(director.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const closed = await h.q(REGISTER, await input(closedSchool.id), admin);
    expect(closed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const anonymous = await h.q(REGISTER, await input(schoolA.id));
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('transfers a teacher between schools: closes one appointment the day before and opens the next, in one transaction', async () => {
    const id = await registerStaff(h, admin, {
      schoolId: schoolA.id,
      positionType: 'TEACHER',
      startDate: '2016-05-16',
    });
    const effectiveDate = addDays(today, -30);
    const res = await h.q(
      `mutation($i: TransferStaffInput!) { transferStaff(input: $i) {
         id version currentAppointment { kind schoolCode startDate }
         appointments { kind schoolCode schoolNameTh startDate endDate positionType orderReference } } }`,
      { i: { staffId: id, toSchoolId: schoolB.id, effectiveDate, orderReference: 'คำสั่ง สพป. ที่ 123/2569' } },
      await token('area-director', area),
    );
    expect(res.errors).toBeUndefined();
    const t = res.data.transferStaff;
    expect(t.appointments).toEqual([
      {
        kind: 'INITIAL',
        schoolCode: schoolA.obecCode,
        schoolNameTh: schoolA.nameTh,
        startDate: '2016-05-16',
        endDate: addDays(effectiveDate, -1),
        positionType: 'TEACHER',
        orderReference: null,
      },
      {
        kind: 'TRANSFER',
        schoolCode: schoolB.obecCode,
        schoolNameTh: schoolB.nameTh,
        startDate: effectiveDate,
        endDate: null,
        positionType: 'TEACHER',
        orderReference: 'คำสั่ง สพป. ที่ 123/2569',
      },
    ]);
    expect(t.currentAppointment).toEqual({
      kind: 'TRANSFER',
      schoolCode: schoolB.obecCode,
      startDate: effectiveDate,
    });
    expect(t.version).toBe(2);

    const lists = await h.q(
      SCHOOL_STAFF,
      {
        r: [
          { __typename: 'School', id: schoolA.id },
          { __typename: 'School', id: schoolB.id },
        ],
        first: 100,
      },
      admin,
    );
    const [a, b] = lists.data._entities;
    expect(a.staff.edges.map((e: any) => e.node.id)).not.toContain(id);
    expect(b.staff.edges.map((e: any) => e.node.id)).toContain(id);

    const events = await outbox(id);
    expect(events.map((e: any) => e.envelope.payload.kind)).toEqual(['INITIAL', 'TRANSFER']);
    expect(events[1].envelope.payload).toMatchObject({
      posting: { schoolCode: schoolB.obecCode },
      previous: { schoolCode: schoolA.obecCode, endDate: addDays(effectiveDate, -1) },
    });
  });

  it('leaves the open appointment untouched when a transfer fails after closing it (one transaction)', async () => {
    const id = await registerStaff(h, admin, {
      schoolId: schoolA.id,
      positionType: 'TEACHER',
      startDate: '2016-05-16',
    });
    const effectiveDate = addDays(today, -10);
    // The insert of the new appointment fails after the close ran (a trigger simulates the crash).
    const ds = h.service.dataSource;
    await ds.query(`CREATE FUNCTION fail_appointment_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.staff_id = '${id}' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$`);
    await ds.query(`CREATE TRIGGER fail_appointment_insert BEFORE INSERT ON appointment
      FOR EACH ROW EXECUTE FUNCTION fail_appointment_insert()`);
    let res;
    try {
      res = await h.q(
        `mutation($i: TransferStaffInput!) { transferStaff(input: $i) { id } }`,
        { i: { staffId: id, toSchoolId: schoolB.id, effectiveDate } },
        admin,
      );
    } finally {
      await ds.query(`DROP TRIGGER fail_appointment_insert ON appointment`);
      await ds.query(`DROP FUNCTION fail_appointment_insert`);
    }
    expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(res.errors?.[0]?.message).not.toMatch(/simulated|appointment/);
    const rows = await ds.query(
      `SELECT to_char(start_date, 'YYYY-MM-DD') AS start, end_date FROM appointment WHERE staff_id = $1 ORDER BY start_date`,
      [id],
    );
    expect(rows).toEqual([{ start: '2016-05-16', end_date: null }]);
    expect((await outbox(id)).map((e: any) => e.envelope.payload.kind)).toEqual(['INITIAL']);
  });

  it('refuses a transfer to the current school, before the current appointment started, or by another area office (as if unknown)', async () => {
    const id = await registerStaff(h, admin, {
      schoolId: schoolA.id,
      positionType: 'TEACHER',
      startDate: '2016-05-16',
    });
    const transfer = (i: Record<string, unknown>, t: string) =>
      h.q(
        `mutation($i: TransferStaffInput!) { transferStaff(input: $i) { id } }`,
        { i: { staffId: id, ...i } },
        t,
      );
    expect(
      (await transfer({ toSchoolId: schoolA.id, effectiveDate: today }, admin)).errors?.[0]?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
    expect(
      (await transfer({ toSchoolId: schoolB.id, effectiveDate: '2016-05-16' }, admin)).errors?.[0]?.extensions
        ?.code,
    ).toBe('BAD_USER_INPUT');
    const foreign = await transfer(
      { toSchoolId: schoolB.id, effectiveDate: today },
      await token('area-officer', otherArea),
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('pages a school’s staff with first/after, directors first, and the same totalCount on every page', async () => {
    const school = fakeSchool(area);
    await replicateSchools(h, [school]);
    const director = await registerStaff(h, admin, { schoolId: school.id, positionType: 'DIRECTOR' });
    for (let i = 0; i < 6; i += 1)
      await registerStaff(h, admin, { schoolId: school.id, positionType: 'TEACHER' });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: any = await h.q(
        SCHOOL_STAFF,
        { r: [{ __typename: 'School', id: school.id }], first: 3, after },
        admin,
      );
      expect(res.errors).toBeUndefined();
      const conn = res.data._entities[0].staff;
      expect(conn.totalCount).toBe(7);
      seen.push(...conn.edges.map((e: any) => e.node.id));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen[0]).toBe(director);
  });

  it('lists current teaching licences expiring within N days for a school and for an area, ignoring renewed ones, and none to another school’s director', async () => {
    const school = fakeSchool(area);
    await replicateSchools(h, [school]);
    const soon = await registerStaff(h, admin, { schoolId: school.id, positionType: 'TEACHER' });
    const later = await registerStaff(h, admin, { schoolId: school.id, positionType: 'TEACHER' });
    const renewed = await registerStaff(h, admin, { schoolId: school.id, positionType: 'TEACHER' });
    const expired = await registerStaff(h, admin, { schoolId: school.id, positionType: 'TEACHER' });
    const record = (staffId: string, n: string, issue: string, expiry: string) =>
      h.q(
        `mutation($i: RecordTeachingLicenceInput!) { recordTeachingLicence(input: $i) { id expiryDate daysUntilExpiry } }`,
        { i: { staffId, licenceNumber: n, issueDate: issue, expiryDate: expiry } },
        admin,
      );
    const uniq = Math.floor(Math.random() * 1e6);
    expect(
      (await record(soon, `S${uniq}01`, addDays(today, -1800), addDays(today, 20))).data.recordTeachingLicence
        .daysUntilExpiry,
    ).toBe(20);
    await record(later, `S${uniq}02`, addDays(today, -1000), addDays(today, 200));
    await record(renewed, `S${uniq}03`, addDays(today, -1800), addDays(today, 10));
    await record(renewed, `S${uniq}04`, addDays(today, 5), addDays(today, 1800));
    await record(expired, `S${uniq}05`, addDays(today, -2000), addDays(today, -3));

    const list = async (vars: Record<string, unknown>) => {
      const res = await h.q(
        `query($d: Int!, $s: ID, $a: String, $x: Boolean) { expiringTeachingLicences(withinDays: $d, schoolId: $s, areaOfficeCode: $a, includeExpired: $x, first: 50) {
           totalCount edges { node { staff { id } expiryDate daysUntilExpiry licenceNumber } } } }`,
        vars,
        admin,
      );
      expect(res.errors).toBeUndefined();
      return res.data.expiringTeachingLicences;
    };
    const bySchool = await list({ d: 30, s: school.id });
    expect(bySchool.edges.map((e: any) => e.node.staff.id)).toEqual([soon]);
    expect(bySchool.edges[0].node.daysUntilExpiry).toBe(20);
    expect((await list({ d: 365, s: school.id })).edges.map((e: any) => e.node.staff.id)).toEqual([
      soon,
      later,
    ]);
    expect((await list({ d: 30, s: school.id, x: true })).edges.map((e: any) => e.node.staff.id)).toEqual([
      expired,
      soon,
    ]);
    const byArea = await list({ d: 30, a: area });
    expect(byArea.edges.map((e: any) => e.node.staff.id)).toContain(soon);
    const both = await h.q(`{ expiringTeachingLicences(withinDays: 30) { totalCount } }`, {}, admin);
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const director = await h.q(
      `query($s: ID) { expiringTeachingLicences(withinDays: 30, schoolId: $s) { totalCount edges { node { id } } } }`,
      { s: school.id },
      await token('school-director', otherSchool.obecCode),
    );
    expect(director.errors).toBeUndefined();
    expect(director.data.expiringTeachingLicences).toEqual({ totalCount: 0, edges: [] });
  });

  it('lets staff change their own contact details but not their salary; the area office may change the salary', async () => {
    const subject = `test:teacher:${Math.random()}`;
    const id = await registerStaff(
      h,
      admin,
      { schoolId: schoolA.id, positionType: 'TEACHER' },
      { accountSubject: subject },
    );
    const self = await token('school-staff', schoolA.obecCode, subject);
    const UPDATE = `mutation($id: ID!, $i: UpdateStaffInput!) { updateStaff(id: $id, input: $i) { phone salary version } }`;
    const own = await h.q(UPDATE, { id, i: { phone: '0812345678' } }, self);
    expect(own.errors).toBeUndefined();
    expect(own.data.updateStaff.phone).toBe('0812345678');
    const raise = await h.q(UPDATE, { id, i: { salary: '40000.00' } }, self);
    expect(raise.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const director = await h.q(
      UPDATE,
      { id, i: { salary: '40000.00' } },
      await token('school-director', schoolA.obecCode),
    );
    expect(director.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const office = await h.q(
      UPDATE,
      { id, i: { salary: '40000.00', expectedVersion: 2 } },
      await token('area-officer', area),
    );
    expect(office.errors).toBeUndefined();
    expect(office.data.updateStaff).toMatchObject({ salary: '40000.00', version: 3 });
    const stale = await h.q(UPDATE, { id, i: { phone: '0899999999', expectedVersion: 2 } }, self);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const float = await h.q(
      `mutation($id: ID!) { updateStaff(id: $id, input: { salary: 40000.5 }) { salary } }`,
      { id },
      admin,
    );
    expect(float.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });
});
