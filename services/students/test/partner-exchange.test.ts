import { randomUUID } from 'node:crypto';
import { partnerPseudonym, type PartnerAgreementClaim } from '@smss/auth';
import { DEV_PSEUDONYM_KEY } from '@smss/core';
import { EnrollmentChanged, parseEnvelope, StudentChanged } from '@smss/events';
import { TEST_GATEWAY_KEYS } from '@smss/testing';
import { loadStudentsConfig } from '../src/environment';
import { nextNationalId, REGISTER, registerInput, startStudents, type StudentsHarness } from './support';

/*
 * Partner exchange (issue 17): partner pseudonyms, the partner row scope of the student lists, the
 * change events of the partner feed, and deleteStudent. Real PostgreSQL and NATS (support.ts).
 */

type Client = Awaited<ReturnType<StudentsHarness['as']>>;
let h: StudentsHarness;
let admin: Client;
let schoolA: Client;
let schoolB: Client;

const q = (sql: string, params: unknown[] = []) => h.service.dataSource.query(sql, params);

const agreement = (o: Partial<PartnerAgreementClaim> = {}): PartnerAgreementClaim => ({
  id: randomUUID(),
  partnerCode: 'EEF',
  areaOfficeCodes: ['1601'],
  schoolCodes: [],
  include: { Student: ['id', 'gender', 'pseudonym'] },
  purposes: ['research'],
  keyVersion: 1,
  validTo: '2027-12-31',
  ...o,
});

async function register(client: Client, school: string, o: Record<string, unknown> = {}): Promise<string> {
  const res = await client(REGISTER, { i: registerInput(school, o) });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.registerStudent.id;
}

/** The events of a contract on the outbox for one student, parsed with the contract (throws when one is not valid). */
async function eventsOf<C extends typeof StudentChanged | typeof EnrollmentChanged>(
  contract: C,
  studentId: string,
) {
  const rows: Array<{ envelope: unknown }> = await q(
    `SELECT envelope FROM outbox_event WHERE subject = $1 AND aggregate_id = $2 ORDER BY seq`,
    [contract.subject, studentId],
  );
  return rows.map((r) => parseEnvelope(contract, r.envelope).payload);
}

beforeAll(async () => {
  h = await startStudents();
  admin = await h.as('obec-admin', 'OBEC');
  schoolA = await h.as('school-staff', h.schools.a.obecCode);
  schoolB = await h.as('school-staff', h.schools.b.obecCode);
});
afterAll(() => h.stop());

describe('the pseudonym key', () => {
  const base = {
    JWT_SECRET: 'x'.repeat(8) + 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
    GATEWAY_PUBLIC_KEY: TEST_GATEWAY_KEYS.publicKey,
  };
  it('defaults to the marked development key outside production and takes a configured one', () => {
    expect(loadStudentsConfig({ ...base }).pseudonymKey).toBe(DEV_PSEUDONYM_KEY);
    const key = 'k'.repeat(4) + 'Q9w8E7r6T5y4U3i2O1pAsDfGhJkLzXcV';
    expect(loadStudentsConfig({ ...base, PSEUDONYM_KEY: key }).pseudonymKey).toBe(key);
    expect(() => loadStudentsConfig({ ...base, PSEUDONYM_KEY: 'short' })).toThrow(/PSEUDONYM_KEY/);
  });

  it('is required in production and refuses the development default there', () => {
    const production = { NODE_ENV: 'production' };
    expect(() => loadStudentsConfig(production)).toThrow(/PSEUDONYM_KEY is required in production/);
    expect(() => loadStudentsConfig({ ...production, PSEUDONYM_KEY: DEV_PSEUDONYM_KEY })).toThrow(
      /PSEUDONYM_KEY is the public development default/,
    );
  });
});

describe('Student.pseudonym', () => {
  const PSEUDONYM = `query($id: ID!) { student(id: $id) { id pseudonym } }`;
  let a1: string;
  beforeAll(async () => {
    a1 = await register(admin, h.schools.a.obecCode);
  });

  it('is stable across calls for a partner with an agreement, and the HMAC of the id under its key', async () => {
    const eef = await h.asPartner('EEF', agreement());
    const first = await eef(PSEUDONYM, { id: a1 });
    const second = await eef(PSEUDONYM, { id: a1 });
    expect(first.errors).toBeUndefined();
    expect(first.data.student.id).toBe(a1);
    expect(first.data.student.pseudonym).toMatch(/^P[0-9a-f]{24}$/);
    expect(second.data.student.pseudonym).toBe(first.data.student.pseudonym);
    expect(first.data.student.pseudonym).toBe(
      partnerPseudonym(a1, { masterKey: DEV_PSEUDONYM_KEY, partnerCode: 'EEF', keyVersion: 1 }),
    );
  });

  it('differs between two partners and after a key-version bump', async () => {
    const eef = await h.asPartner('EEF', agreement());
    const tdri = await h.asPartner('TDRI', agreement({ partnerCode: 'TDRI' }));
    const rotated = await h.asPartner('EEF', agreement({ keyVersion: 2 }));
    const [p1, p2, p3] = await Promise.all(
      [eef, tdri, rotated].map(async (c) => (await c(PSEUDONYM, { id: a1 })).data.student.pseudonym),
    );
    expect(p1).toMatch(/^P[0-9a-f]{24}$/);
    expect(p2).toMatch(/^P[0-9a-f]{24}$/);
    expect(p3).toMatch(/^P[0-9a-f]{24}$/);
    expect(new Set([p1, p2, p3]).size).toBe(3);
  });

  it('is null for school staff, the area office and OBEC (who see the student)', async () => {
    for (const client of [schoolA, await h.as('area-officer', '1601'), admin]) {
      const res = await client(PSEUDONYM, { id: a1 });
      expect(res.errors).toBeUndefined();
      expect(res.data.student).toEqual({ id: a1, pseudonym: null });
    }
  });

  it('is withheld from a partner whose agreement does not include it', async () => {
    const res = await (
      await h.asPartner('EEF', agreement({ include: { Student: ['id', 'gender'] } }))
    )(PSEUDONYM, { id: a1 });
    expect(res.errors).toBeUndefined();
    expect(res.data.student).toEqual({ id: a1, pseudonym: null });
  });
});

describe('the partner row scope of the student lists', () => {
  const LIST = `query($r: [_Any!]!) { _entities(representations: $r) {
    ... on School { id students(first: 50) { totalCount edges { node { id pseudonym } } } } } }`;
  const reps = () => [h.schools.a, h.schools.b, h.schools.c].map((s) => ({ __typename: 'School', id: s.id }));
  let inA: string[];
  let inB: string;
  beforeAll(async () => {
    inA = [
      await register(admin, h.schools.a.obecCode),
      await register(admin, h.schools.b.obecCode, { gradeLevel: 'M1' }),
    ];
    inB = await register(admin, h.schools.c.obecCode);
  });

  const listed = (res: any) => {
    expect(res.errors).toBeUndefined();
    return res.data._entities.map((s: any) => ({
      total: s.students.totalCount,
      ids: s.students.edges.map((e: any) => e.node.id),
    }));
  };

  it("lists area A's students to a partner with an agreement for area A, and none of area B's", async () => {
    const eef = await h.asPartner('EEF', agreement());
    const [a, b, c] = listed(await eef(LIST, { r: reps() }));
    expect(a.ids).toContain(inA[0]);
    expect(b.ids).toContain(inA[1]);
    expect(a.total).toBe(a.ids.length);
    expect(c).toEqual({ total: 0, ids: [] });
    expect([...a.ids, ...b.ids]).not.toContain(inB);
    // The pseudonyms come with the rows.
    const res = await eef(LIST, { r: reps() });
    for (const e of res.data._entities[0].students.edges) expect(e.node.pseudonym).toMatch(/^P[0-9a-f]{24}$/);
  });

  it("lists a single school's students to an agreement naming that school only", async () => {
    const tdri = await h.asPartner(
      'TDRI',
      agreement({ partnerCode: 'TDRI', areaOfficeCodes: [], schoolCodes: [h.schools.c.obecCode] }),
    );
    const [a, b, c] = listed(await tdri(LIST, { r: reps() }));
    expect(a).toEqual({ total: 0, ids: [] });
    expect(b).toEqual({ total: 0, ids: [] });
    expect(c.ids).toContain(inB);
  });

  it('lists none to a partner without an agreement, or with one that does not include Student', async () => {
    const plain = await h.as('partner', 'EEF');
    const withPii = await h.as('partner', 'EEF', ['aggregates:read', 'pii:read']);
    const noStudent = await h.asPartner('EEF', agreement({ include: { Enrollment: ['id'] } }));
    for (const client of [plain, withPii, noStudent]) {
      for (const school of listed(await client(LIST, { r: reps() })))
        expect(school).toEqual({ total: 0, ids: [] });
    }
    // …while school staff keep their own list.
    const [a] = listed(await schoolA(LIST, { r: reps() }));
    expect(a.ids).toContain(inA[0]);
  });
});

describe('change events of the partner feed', () => {
  it('an update of a student record enqueues StudentChanged UPDATED with its school, area and version', async () => {
    const id = await register(schoolA, h.schools.a.obecCode);
    expect(await eventsOf(StudentChanged, id)).toEqual([]);
    const res = await schoolA(
      `mutation($i: RecordDisabilitySupportInput!) { recordDisabilitySupport(input: $i) { id } }`,
      {
        i: {
          studentId: id,
          academicYear: 2569,
          disabilityType: 'บกพร่องทางการได้ยิน',
          support: 'เครื่องช่วยฟัง',
          receivedOn: '2026-07-01',
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(await eventsOf(StudentChanged, id)).toEqual([
      {
        studentId: id,
        change: 'UPDATED',
        schoolCode: h.schools.a.obecCode,
        areaOfficeCode: '1601',
        version: 2,
      },
    ]);
  });

  it('an import changing one existing student enqueues exactly one UPDATED, for it, and none for unchanged rows', async () => {
    const ids = [nextNationalId(), nextNationalId(), nextNationalId()];
    const rows = (lastOfFirst: string, roomOfSecond: string) =>
      [
        'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง',
        `${ids[0]},เด็กชาย,ธนากร,${lastOfFirst},ชาย,04/03/2560,ป.3,1`,
        `${ids[1]},เด็กหญิง,พิมพ์ชนก,แก้วดี,หญิง,2017-08-09,P3,${roomOfSecond}`,
        `${ids[2]},เด็กหญิง,ชนิดา,ใจดี,หญิง,2017-01-09,P3,1`,
      ].join('\n');
    const IMPORT = `mutation($i: ImportStudentsInput!) { importStudents(input: $i) { inserted updated unchanged errors { row messageEn } } }`;
    const run = (content: string) =>
      schoolA(IMPORT, {
        i: {
          schoolCode: h.schools.a.obecCode,
          academicYear: 2569,
          fileName: 'list.csv',
          contentBase64: Buffer.from(content).toString('base64'),
        },
      });
    const first = await run(rows('ศรีทอง', '1'));
    expect(first.data.importStudents).toMatchObject({ inserted: 3, updated: 0, errors: [] });
    const byNid = new Map<string, string>(
      (await q(`SELECT id, national_id FROM student WHERE national_id = ANY($1::text[])`, [ids])).map(
        (r: { id: string; national_id: string }) => [r.national_id, r.id],
      ),
    );
    const [one, two, three] = ids.map((nid) => byNid.get(nid)!) as [string, string, string];
    const [{ n: before }] = await q(`SELECT count(*)::int AS n FROM outbox_event WHERE subject = $1`, [
      StudentChanged.subject,
    ]);

    // The first child's last name is corrected; the second moves to room 2 (an enrolment change only).
    const second = await run(rows('ศรีทองดี', '2'));
    expect(second.data.importStudents).toMatchObject({ inserted: 0, updated: 2, unchanged: 1, errors: [] });
    const [{ n: after }] = await q(`SELECT count(*)::int AS n FROM outbox_event WHERE subject = $1`, [
      StudentChanged.subject,
    ]);
    expect(after - before).toBe(1);
    expect(await eventsOf(StudentChanged, one)).toEqual([
      {
        studentId: one,
        change: 'UPDATED',
        schoolCode: h.schools.a.obecCode,
        areaOfficeCode: '1601',
        version: 2,
      },
    ]);
    expect(await eventsOf(StudentChanged, two)).toEqual([]);
    expect(await eventsOf(StudentChanged, three)).toEqual([]);
    // The move to room 2 is on the enrolment feed; the name change is not an enrolment change.
    const moved = await eventsOf(EnrollmentChanged, two);
    expect(moved.map((e) => [e.change, e.status])).toEqual([
      ['IMPORTED', 'ACTIVE'],
      ['IMPORTED', 'ACTIVE'],
    ]);
    expect((await eventsOf(EnrollmentChanged, one)).length).toBe(1);

    // The same file again changes nothing and enqueues nothing.
    await run(rows('ศรีทองดี', '2'));
    const [{ n: again }] = await q(`SELECT count(*)::int AS n FROM outbox_event`);
    await run(rows('ศรีทองดี', '2'));
    const [{ n: again2 }] = await q(`SELECT count(*)::int AS n FROM outbox_event`);
    expect(again2).toBe(again);
  });

  it('a promotion publishes the enrolments it ended and opened (set-based)', async () => {
    const s1 = await register(schoolB, h.schools.b.obecCode, { gradeLevel: 'P6', birthDate: '2014-03-04' });
    const res = await schoolB(
      `mutation($i: PromoteStudentsInput!) { promoteStudents(input: $i) { promoted graduated } }`,
      { i: { schoolCode: h.schools.b.obecCode, academicYear: 2569 } },
    );
    expect(res.errors).toBeUndefined();
    const events = await eventsOf(EnrollmentChanged, s1);
    expect(events.map((e) => [e.change, e.status, e.gradeLevel, e.academicYear])).toEqual([
      ['ENROLLED', 'ACTIVE', 'P6', 2569],
      ['PROMOTED', 'PROMOTED', 'P6', 2569],
      ['PROMOTED', 'ACTIVE', 'M1', 2570],
    ]);
  });
});

describe('deleteStudent', () => {
  const DELETE = `mutation($id: ID!, $reason: String!) { deleteStudent(id: $id, reason: $reason) {
    id enrollmentsDeleted transfersDeleted } }`;
  const REASON = 'ลงทะเบียนซ้ำโดยผิดพลาด (registered twice by mistake)';
  const left = async (id: string) => ({
    student: (await q(`SELECT count(*)::int AS n FROM student WHERE id = $1`, [id]))[0].n,
    enrollments: (await q(`SELECT count(*)::int AS n FROM enrollment WHERE student_id = $1`, [id]))[0].n,
    transfers: (await q(`SELECT count(*)::int AS n FROM transfer WHERE student_id = $1`, [id]))[0].n,
  });

  it('deletes a fresh registration with its enrolment and transfer, records why, and enqueues DELETED', async () => {
    const id = await register(schoolA, h.schools.a.obecCode);
    const released = await schoolA(
      `mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id } }`,
      { i: { studentId: id, toSchoolCode: h.schools.b.obecCode, releasedOn: '2026-11-02' } },
    );
    expect(released.errors).toBeUndefined();
    const res = await schoolA(DELETE, { id, reason: REASON });
    expect(res.errors).toBeUndefined();
    expect(res.data.deleteStudent).toEqual({ id, enrollmentsDeleted: 1, transfersDeleted: 1 });
    expect(await left(id)).toEqual({ student: 0, enrollments: 0, transfers: 0 });
    expect((await eventsOf(StudentChanged, id)).at(-1)).toEqual({
      studentId: id,
      change: 'DELETED',
      schoolCode: h.schools.a.obecCode,
      areaOfficeCode: '1601',
      version: 1,
    });
    const [kept] = await q(
      `SELECT school_code, reason, deleted_by, deleted_by_org, request_id FROM student_deletion WHERE student_id = $1`,
      [id],
    );
    expect(kept).toMatchObject({
      school_code: h.schools.a.obecCode,
      reason: REASON,
      deleted_by: `test:school-staff:${h.schools.a.obecCode}`,
      deleted_by_org: h.schools.a.obecCode,
    });
    expect(kept.request_id).toBeTruthy();
    // Gone for everyone.
    expect((await admin(`query($id: ID!) { student(id: $id) { id } }`, { id })).data.student).toBeNull();
  });

  it('is allowed to the area office and OBEC administrators as well', async () => {
    for (const client of [await h.as('area-officer', '1601'), admin]) {
      const id = await register(admin, h.schools.a.obecCode);
      const res = await client(DELETE, { id, reason: 'ผิดพลาด' });
      expect(res.errors).toBeUndefined();
      expect(await left(id)).toEqual({ student: 0, enrollments: 0, transfers: 0 });
    }
  });

  it('refuses (CONFLICT, nothing deleted) a student with attendance: record leaving instead', async () => {
    const id = await register(schoolA, h.schools.a.obecCode);
    const marked = await schoolA(
      `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { recorded } }`,
      {
        i: {
          schoolCode: h.schools.a.obecCode,
          date: '2026-11-16',
          marks: [{ studentId: id, status: 'PRESENT' }],
        },
      },
    );
    expect(marked.errors).toBeUndefined();
    const res = await schoolA(DELETE, { id, reason: REASON });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'HAS_RECORDS' });
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/บันทึกการออกจากโรงเรียนแทน/);
    expect(await left(id)).toEqual({ student: 1, enrollments: 1, transfers: 0 });
    expect((await eventsOf(StudentChanged, id)).filter((e) => e.change === 'DELETED')).toEqual([]);
    expect(
      (await q(`SELECT count(*)::int AS n FROM student_deletion WHERE student_id = $1`, [id]))[0].n,
    ).toBe(0);
  });

  it("answers another school's student and an unknown id with the same NOT_FOUND, deleting nothing", async () => {
    const id = await register(schoolA, h.schools.a.obecCode);
    const other = await schoolB(DELETE, { id, reason: REASON });
    const unknown = await schoolB(DELETE, { id: randomUUID(), reason: REASON });
    const notUuid = await schoolB(DELETE, { id: 'x', reason: REASON });
    const otherArea = await (await h.as('area-officer', '1602'))(DELETE, { id, reason: REASON });
    const partner = await (await h.asPartner('EEF', agreement()))(DELETE, { id, reason: REASON });
    for (const r of [other, unknown, notUuid, otherArea, partner]) {
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(r.errors?.[0]?.message).toBe(other.errors?.[0]?.message);
    }
    expect(await left(id)).toEqual({ student: 1, enrollments: 1, transfers: 0 });
  });

  it('takes a reason of 1–500 characters (Thai accepted) and refuses an empty, a longer or a NUL one', async () => {
    const id = await register(schoolA, h.schools.a.obecCode);
    for (const reason of ['', '   ', 'ก'.repeat(501), 'ผิด\u0000พลาด']) {
      const res = await schoolA(DELETE, { id, reason });
      expect([reason.length, res.errors?.[0]?.extensions?.code]).toEqual([reason.length, 'BAD_USER_INPUT']);
    }
    expect(await left(id)).toEqual({ student: 1, enrollments: 1, transfers: 0 });
    const res = await schoolA(DELETE, { id, reason: 'ก'.repeat(500) });
    expect(res.errors).toBeUndefined();
    expect(await left(id)).toEqual({ student: 0, enrollments: 0, transfers: 0 });
  });

  // Last: it closes a DMC round of the year, which freezes registrations dated before its as-of date.
  it('refuses (CONFLICT) once a closed DMC round may have counted the child', async () => {
    const id = await register(schoolA, h.schools.a.obecCode, { startedOn: '2026-05-20' });
    const opened = await admin(`mutation { openDmcRound(academicYear: 2569, round: TERM1) { id } }`);
    expect(opened.errors).toBeUndefined();
    const closed = await admin(`mutation($id: ID!) { closeDmcRound(id: $id) { status } }`, {
      id: opened.data.openDmcRound.id,
    });
    expect(closed.errors).toBeUndefined();
    const res = await schoolA(DELETE, { id, reason: REASON });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DMC_COUNTED' });
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/บันทึกการออกจากโรงเรียนแทน/);
    expect(await left(id)).toEqual({ student: 1, enrollments: 1, transfers: 0 });
    // A child enrolled after the as-of date was in no frozen count: still deletable.
    const later = await register(schoolA, h.schools.a.obecCode, { startedOn: '2026-11-02' });
    expect((await schoolA(DELETE, { id: later, reason: REASON })).errors).toBeUndefined();
  });
});
