import { gql } from '@smss/testing';
import { REGISTER, registerInput, startStudents, type StudentsHarness } from './support';

/*
 * Who may see what of attendance, on every path: aggregates to every signed-in viewer (small cells
 * hidden from partners), marks and the chronic-absence list to the school, its area office and OBEC
 * administrators only; a student's rate only where the student is visible (the trust layer), through
 * `student`, `_entities`, marks and the chronic-absence list alike.
 */

type Client = (q: string, v?: Record<string, unknown>) => Promise<any>;
let h: StudentsHarness;
let viewers: Record<string, Client>;
let a1: string;
let a2: string;
let moved: string;

const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04'];

const DAY = `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) { ... on School {
  attendance(date: "2026-11-03") { enrolled attended rate counts { present absent } classrooms { classroom attended }
    marks { studentId status student { id firstNameTh attendanceRate(from: "2026-11-02", to: "2026-11-04") { attended } } } } } } }`;

const CHRONIC = (
  code: string,
) => `{ chronicAbsence(schoolCode: "${code}", asOf: "2026-11-04", windowDays: 3, consecutive: 2) {
  entries { rate consecutiveAbsences student { id attendanceRate(from: "2026-11-02", to: "2026-11-04") { attended schoolDays } } } } }`;

const RATE = `query($id: ID!) { student(id: $id) { id attendanceRate(from: "2026-11-02", to: "2026-11-04") { attended schoolDays rate } } }`;
const ENTITY_RATE = `query($id: ID!) { _entities(representations: [{ __typename: "Student", id: $id }]) {
  ... on Student { id attendanceRate(from: "2026-11-02", to: "2026-11-04") { attended schoolDays } } } }`;

beforeAll(async () => {
  h = await startStudents();
  const admin = await h.as('obec-admin', 'OBEC');
  const reg = async (o: Record<string, unknown> = {}) => {
    const res = await admin(REGISTER, { i: registerInput(h.schools.a.obecCode, o) });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.registerStudent.id as string;
  };
  a1 = await reg({ firstNameTh: 'สมชาย' });
  a2 = await reg({ firstNameTh: 'สมหญิง' });
  moved = await reg({ firstNameTh: 'ย้ายไป' });
  for (const [i, date] of DAYS.entries()) {
    const res = await admin(
      `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { recorded } }`,
      {
        i: {
          schoolCode: h.schools.a.obecCode,
          date,
          marks: [
            { studentId: a1, status: 'PRESENT' },
            { studentId: a2, status: 'ABSENT' },
            { studentId: moved, status: i === 0 ? 'PRESENT' : 'ABSENT' },
          ],
        },
      },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
  // The third child moves to school B: school A keeps its marks but no longer sees the child.
  const released = await admin(`mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id } }`, {
    i: { studentId: moved, toSchoolCode: h.schools.b.obecCode, releasedOn: '2026-11-05' },
  });
  const accepted = await admin(`mutation($i: AcceptTransferInput!) { acceptTransfer(input: $i) { id } }`, {
    i: {
      transferId: released.data.releaseStudent.id,
      schoolCode: h.schools.b.obecCode,
      gradeLevel: 'P3',
      classroom: '1',
      acceptedOn: '2026-11-05',
    },
  });
  if (accepted.errors) throw new Error(JSON.stringify(accepted.errors));
  viewers = {
    ownSchool: await h.as('school-staff', h.schools.a.obecCode),
    ownArea: await h.as('area-officer', '1601'),
    obecAdmin: await h.as('obec-admin', 'OBEC'),
    otherSchoolSameArea: await h.as('school-staff', h.schools.b.obecCode),
    otherArea: await h.as('area-officer', '1602'),
    partner: await h.as('partner', 'EEF'),
    analyst: await h.as('obec-analyst', 'OBEC'),
    anonymous: (q, v = {}) => gql(h.service.url, q, v),
  };
});
afterAll(() => h.stop());

describe('a school day: counts for everyone signed in, marks for the school, its area office and OBEC administrators', () => {
  it.each(['ownSchool', 'ownArea', 'obecAdmin'])('shows %s the marks with the students', async (who) => {
    const res = await viewers[who]!(DAY, { id: h.schools.a.id });
    expect(res.errors).toBeUndefined();
    const day = res.data._entities[0].attendance;
    // The child who moved was still on school A's roll on 3 November (released on the 5th).
    expect(day).toMatchObject({ enrolled: 3, attended: 1, counts: { present: 1, absent: 2 } });
    const byId = new Map(day.marks.map((m: any) => [m.studentId, m]));
    expect((byId.get(a1) as any).student).toMatchObject({ id: a1, attendanceRate: { attended: 3 } });
    // The child who moved: school A's mark stays, the child is not school A's to see any more.
    const movedMark = byId.get(moved) as any;
    expect(movedMark.status).toBe('ABSENT');
    if (who === 'ownSchool') expect(movedMark.student).toBeNull();
    else expect(movedMark.student).toMatchObject({ id: moved, attendanceRate: { attended: 1 } });
  });

  it.each(['otherSchoolSameArea', 'otherArea', 'partner', 'analyst'])(
    'shows %s the counts but no mark and no student',
    async (who) => {
      const res = await viewers[who]!(DAY, { id: h.schools.a.id });
      expect(res.errors).toBeUndefined();
      const day = res.data._entities[0].attendance;
      expect(day.marks).toEqual([]);
      expect(day.enrolled).toBe(3);
      const text = JSON.stringify(res);
      for (const secret of [a1, a2, 'สมชาย', 'สมหญิง']) expect(text).not.toContain(secret);
      // Partners: counts of 1–4 are small cells (null); everyone else sees them.
      if (who === 'partner') expect(day.counts).toEqual({ present: null, absent: null });
      else expect(day.counts).toEqual({ present: 1, absent: 2 });
      // 3 enrolled, 1 attended: `attended` and `rate` would give back the 2 absent, so partners get
      // neither, and no classroom figures at all (a classroom is a few dozen children).
      if (who === 'partner') {
        expect(day).toMatchObject({ attended: null, rate: null, classrooms: [] });
      } else {
        expect(day).toMatchObject({ attended: 1, rate: 0.3333 });
        expect(day.classrooms.length).toBeGreaterThan(0);
      }
    },
  );

  it('refuses an anonymous caller', async () => {
    const res = await viewers.anonymous!(DAY, { id: h.schools.a.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res)).not.toContain(a1);
  });
});

describe('the chronic-absence list', () => {
  it.each(['ownSchool', 'ownArea', 'obecAdmin'])('lists the absent children for %s', async (who) => {
    const res = await viewers[who]!(CHRONIC(h.schools.a.obecCode));
    expect(res.errors).toBeUndefined();
    const entries = res.data.chronicAbsence.entries;
    // a2: absent every day; a1 present every day.
    const a2Entry = entries.find((e: any) => e.student?.id === a2);
    expect(a2Entry).toMatchObject({
      rate: 0,
      consecutiveAbsences: 3,
      student: { attendanceRate: { attended: 0, schoolDays: 3 } },
    });
    expect(entries.some((e: any) => e.student?.id === a1)).toBe(false);
  });

  it.each(['otherSchoolSameArea', 'otherArea', 'partner', 'analyst'])('refuses %s', async (who) => {
    const res = await viewers[who]!(CHRONIC(h.schools.a.obecCode));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
    expect(JSON.stringify(res)).not.toContain(a2);
  });

  it('refuses an anonymous caller', async () => {
    const res = await viewers.anonymous!(CHRONIC(h.schools.a.obecCode));
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe("a student's attendance rate follows the student's visibility on every path", () => {
  it.each([
    ['ownSchool', true],
    ['ownArea', true],
    ['obecAdmin', true],
    // OBEC analysts see student records masked (the trust layer's rule for OBEC), so the rate too.
    ['analyst', true],
    ['otherSchoolSameArea', false],
    ['otherArea', false],
    ['partner', false],
  ])('through student(id) and _entities for %s (visible: %s)', async (who, visible) => {
    const direct = await viewers[who]!(RATE, { id: a2 });
    const entity = await viewers[who]!(ENTITY_RATE, { id: a2 });
    if (visible) {
      expect(direct.data.student.attendanceRate).toEqual({ attended: 0, schoolDays: 3, rate: 0 });
      expect(entity.data._entities[0].attendanceRate).toEqual({ attended: 0, schoolDays: 3 });
    } else {
      expect(direct.data.student).toBeNull();
      expect(entity.data._entities[0]).toBeNull();
    }
  });

  it('follows a child who moved: the new school sees the whole history, the old one nothing', async () => {
    const newSchool = await viewers.otherSchoolSameArea!(RATE, { id: moved });
    expect(newSchool.data.student.attendanceRate).toEqual({ attended: 1, schoolDays: 3, rate: 0.3333 });
    const oldSchool = await viewers.ownSchool!(ENTITY_RATE, { id: moved });
    expect(oldSchool.data._entities[0]).toBeNull();
  });

  it('refuses an anonymous caller', async () => {
    const res = await viewers.anonymous!(RATE, { id: a2 });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('rates of schools and area offices and the calendar: aggregates for every signed-in viewer', () => {
  const AGG = `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }, { __typename: "AreaOffice", code: "1601" }]) {
    ... on School { attendanceRate(from: "2026-11-02", to: "2026-11-04") { studentDays attended counts { present absent } } }
    ... on AreaOffice { attendanceRate(from: "2026-11-02", to: "2026-11-04") { studentDays attended } } } }`;

  it.each(['ownSchool', 'otherSchoolSameArea', 'otherArea', 'partner', 'analyst'])(
    'answers %s',
    async (who) => {
      const res = await viewers[who]!(AGG, { id: h.schools.a.id });
      expect(res.errors).toBeUndefined();
      const [school, area] = res.data._entities;
      expect(school.attendanceRate).toMatchObject({ studentDays: 9, attended: 4 });
      // 4 present student-days: a small cell, hidden from partners only; 5 absences are not one.
      expect(school.attendanceRate.counts).toEqual({ present: who === 'partner' ? null : 4, absent: 5 });
      expect(area.attendanceRate).toEqual({ studentDays: 9, attended: 4 });
      const calendar = await viewers[who]!(`{ schoolCalendar(academicYear: 2569) { terms { term } } }`);
      expect(calendar.data.schoolCalendar.terms).toHaveLength(2);
    },
  );

  it('refuses an anonymous caller', async () => {
    expect((await viewers.anonymous!(AGG, { id: h.schools.a.id })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const calendar = await viewers.anonymous!(`{ schoolCalendar(academicYear: 2569) { terms { term } } }`);
    expect(calendar.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
