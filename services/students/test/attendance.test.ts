import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { QueryCounter } from '@smss/db';
import { AttendanceDaily, STUDENTS_STREAM } from '@smss/events';
import { Readable } from 'node:stream';
import { Client as PgClient } from 'pg';
import { loadAttendanceDay } from '../src/modules/attendance/attendance.batch';
import { termAttendanceRates } from '../src/modules/attendance/attendance.rates';
import { REGISTER, registerInput, startStudents, type StudentsHarness } from './support';

/*
 * Attendance through the subgraph on a real PostgreSQL and NATS: marking, corrections, the calendar,
 * the roll, rates with leave, the chronic-absence boundaries and the daily event. Dates are school days
 * of term 2 of 2569 (the default calendar: 1 Nov 2026 – 31 Mar 2027) that have already passed.
 */

type Client = Awaited<ReturnType<StudentsHarness['as']>>;
let h: StudentsHarness;
let admin: Client;
let schoolA: Client;
let schoolB: Client;

const RECORD = `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) {
  schoolCode date period recorded corrected unchanged } }`;

/** Monday 2 – Friday 13 November 2026: ten school days (no holiday in the seeded calendar). */
const TEN_DAYS = ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13'].map((d) => `2026-11-${d}`);

const q = (sql: string, params: unknown[] = []) => h.service.dataSource.query(sql, params);
const count = async (sql: string, params: unknown[] = []) => Number((await q(sql, params))[0].n);

async function register(client: Client, school: string, o: Record<string, unknown> = {}): Promise<string> {
  const res = await client(REGISTER, { i: registerInput(school, o) });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.registerStudent.id;
}

const record = (client: Client, i: Record<string, unknown>) => client(RECORD, { i });

beforeAll(async () => {
  h = await startStudents();
  admin = await h.as('obec-admin', 'OBEC');
  schoolA = await h.as('school-staff', h.schools.a.obecCode);
  schoolB = await h.as('school-staff', h.schools.b.obecCode);
});
afterAll(() => h.stop());

describe('recording attendance', () => {
  let a1: string;
  let a2: string;
  let b1: string;
  beforeAll(async () => {
    a1 = await register(admin, h.schools.a.obecCode, { classroom: '1' });
    a2 = await register(admin, h.schools.a.obecCode, { classroom: '2' });
    b1 = await register(admin, h.schools.b.obecCode);
  });

  it('records a whole day for many students in one mutation and counts what it wrote', async () => {
    const res = await record(schoolA, {
      schoolCode: h.schools.a.obecCode,
      date: '2026-11-16',
      marks: [
        { studentId: a1, status: 'PRESENT' },
        { studentId: a2, status: 'SICK_LEAVE' },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.recordAttendance).toEqual({
      schoolCode: h.schools.a.obecCode,
      date: '2026-11-16',
      period: null,
      recorded: 2,
      corrected: 0,
      unchanged: 0,
    });
    const rows = await q(
      `SELECT student_id::text, status, period, classroom FROM attendance_mark WHERE attended_on = '2026-11-16' ORDER BY classroom`,
    );
    expect(rows).toEqual([
      { student_id: a1, status: 'PRESENT', period: 0, classroom: '1' },
      { student_id: a2, status: 'SICK_LEAVE', period: 0, classroom: '2' },
    ]);
  });

  it('keeps the old value of a correction in the history and the new one as the mark', async () => {
    const day = { schoolCode: h.schools.a.obecCode, date: '2026-11-17' };
    await record(schoolA, {
      ...day,
      marks: [
        { studentId: a1, status: 'PRESENT' },
        { studentId: a2, status: 'PRESENT' },
      ],
    });
    const again = await record(schoolA, {
      ...day,
      marks: [
        { studentId: a1, status: 'ABSENT' },
        { studentId: a2, status: 'PRESENT' },
      ],
    });
    expect(again.data.recordAttendance).toMatchObject({ recorded: 0, corrected: 1, unchanged: 1 });
    await record(admin, { ...day, marks: [{ studentId: a1, status: 'LATE' }] });
    const noPii = await h.as('school-staff', h.schools.a.obecCode, []);
    const res = await noPii(
      `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) { ... on School {
         attendance(date: "2026-11-17") { marks { studentId status period corrections { oldStatus newStatus changedBy changedAt } } } } } }`,
      { id: h.schools.a.id },
    );
    expect(res.errors).toBeUndefined();
    const marks = res.data._entities[0].attendance.marks;
    const m1 = marks.find((m: any) => m.studentId === a1);
    expect(m1.status).toBe('LATE');
    expect(m1.corrections.map((c: any) => [c.oldStatus, c.newStatus])).toEqual([
      ['PRESENT', 'ABSENT'],
      ['ABSENT', 'LATE'],
    ]);
    // changedBy is personal (an account): masked without pii:read, in the clear with it.
    expect(m1.corrections[1].changedBy).not.toBe('test:obec-admin:OBEC');
    const withPii = await h.as('school-staff', h.schools.a.obecCode, ['pii:read']);
    const clear = await withPii(
      `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) { ... on School {
         attendance(date: "2026-11-17") { marks { studentId corrections { changedBy } } } } } }`,
      { id: h.schools.a.id },
    );
    const c1 = clear.data._entities[0].attendance.marks.find((m: any) => m.studentId === a1);
    expect(c1.corrections.map((c: any) => c.changedBy)).toEqual([
      `test:school-staff:${h.schools.a.obecCode}`,
      'test:obec-admin:OBEC',
    ]);
    const audited = await q(
      `SELECT record_type, record_id, fields FROM personal_data_access WHERE record_type = 'AttendanceMark' AND record_id LIKE $1`,
      [`%${a1}`],
    );
    expect(audited.length).toBeGreaterThan(0);
    expect(audited[0].fields).toEqual(['AttendanceCorrection.changedBy']);
    expect(marks.find((m: any) => m.studentId === a2).corrections).toEqual([]);
    const history = await q(
      `SELECT old_status, new_status, old_recorded_by, changed_by FROM attendance_mark_history WHERE student_id = $1 ORDER BY id`,
      [a1],
    );
    expect(history.map((r: any) => [r.old_status, r.new_status])).toEqual([
      ['PRESENT', 'ABSENT'],
      ['ABSENT', 'LATE'],
    ]);
    expect(history[1].changed_by).toContain('obec-admin');
  });

  it('keeps periods apart from the whole day and refuses a period outside 1–10', async () => {
    const day = { schoolCode: h.schools.a.obecCode, date: '2026-11-18' };
    const p1 = await record(schoolA, { ...day, period: 1, marks: [{ studentId: a1, status: 'ABSENT' }] });
    const p2 = await record(schoolA, { ...day, period: 2, marks: [{ studentId: a1, status: 'PRESENT' }] });
    expect(p1.data.recordAttendance).toMatchObject({ period: 1, recorded: 1 });
    expect(p2.data.recordAttendance).toMatchObject({ period: 2, recorded: 1 });
    for (const period of [0, 11]) {
      const bad = await record(schoolA, { ...day, period, marks: [{ studentId: a1, status: 'PRESENT' }] });
      expect(bad.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        problems: [{ field: 'period' }],
      });
    }
    // Attended in a period: the day counts as attended.
    const rate = await schoolA(
      `query($id: ID!) { student(id: $id) { attendanceRate(from: "2026-11-18", to: "2026-11-18") { schoolDays attended absent present } } }`,
      { id: a1 },
    );
    expect(rate.data.student.attendanceRate).toEqual({ schoolDays: 1, attended: 1, absent: 0, present: 1 });
  });

  it.each([
    ['a Saturday', '2026-11-07', /เสาร์หรืออาทิตย์/],
    ['a national holiday', '2026-07-28', /วันหยุด \(วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว\)/],
    ['a day between the terms', '2026-10-20', /นอกภาคเรียน/],
  ])('refuses %s as not a school day, in Thai, and writes nothing', async (_what, date, thai) => {
    const before = await count(`SELECT count(*) AS n FROM attendance_mark`);
    const res = await record(schoolA, {
      schoolCode: h.schools.a.obecCode,
      date,
      marks: [{ studentId: a1, status: 'PRESENT' }],
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(thai);
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/ไม่ใช่วันเรียน/);
    expect(await count(`SELECT count(*) AS n FROM attendance_mark`)).toBe(before);
  });

  it('lets a school add its own holiday, which then is no school day for it but stays one for other schools', async () => {
    const added = await schoolA(
      `mutation { addSchoolHoliday(input: { date: "2026-11-19", nameTh: "วันกีฬาสี", nameEn: "Sports day", schoolCode: "${h.schools.a.obecCode}" }) { id date schoolCode source } }`,
    );
    expect(added.errors).toBeUndefined();
    expect(added.data.addSchoolHoliday).toMatchObject({
      date: '2026-11-19',
      schoolCode: h.schools.a.obecCode,
    });
    const refused = await record(schoolA, {
      schoolCode: h.schools.a.obecCode,
      date: '2026-11-19',
      marks: [{ studentId: a1, status: 'PRESENT' }],
    });
    expect(refused.errors?.[0]?.extensions?.messageTh).toMatch(/วันกีฬาสี/);
    const otherSchool = await record(schoolB, {
      schoolCode: h.schools.b.obecCode,
      date: '2026-11-19',
      marks: [{ studentId: b1, status: 'PRESENT' }],
    });
    expect(otherSchool.errors).toBeUndefined();
    // A school may not declare another school's holiday, nor a national one.
    const notYours = await schoolB(
      `mutation { addSchoolHoliday(input: { date: "2026-11-20", nameTh: "x", nameEn: "x", schoolCode: "${h.schools.a.obecCode}" }) { id } }`,
    );
    expect(notYours.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const national = await schoolA(
      `mutation { addSchoolHoliday(input: { date: "2026-11-20", nameTh: "x", nameEn: "x" }) { id } }`,
    );
    expect(national.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const calendar = await schoolA(
      `{ schoolCalendar(academicYear: 2569, schoolCode: "${h.schools.a.obecCode}") { terms { term startsOn endsOn schoolDays source } holidays { id date nameEn schoolCode note } } }`,
    );
    expect(calendar.data.schoolCalendar.terms.map((t: any) => [t.term, t.startsOn, t.endsOn])).toEqual([
      [1, '2026-05-16', '2026-10-10'],
      [2, '2026-11-01', '2027-03-31'],
    ]);
    const national2569 = await schoolB(
      `{ schoolCalendar(academicYear: 2569) { terms { schoolDays } holidays { date schoolCode } } }`,
    );
    const own = calendar.data.schoolCalendar;
    // The school's own holiday falls in term 2: one school day fewer than the national calendar.
    expect(own.terms[1].schoolDays).toBe(national2569.data.schoolCalendar.terms[1].schoolDays - 1);
    expect(national2569.data.schoolCalendar.holidays.every((x: any) => x.schoolCode === null)).toBe(true);
    expect(own.holidays.some((x: any) => x.date === '2026-11-19')).toBe(true);
    // Lunar dates carry the caveat that they are not verified.
    expect(own.holidays.find((x: any) => x.date === '2026-07-29').note).toMatch(/not verified/);
    // Removing: another school may not, a school may not remove a national holiday, the school may.
    const id = added.data.addSchoolHoliday.id;
    const remove = `mutation($id: ID!) { removeSchoolHoliday(id: $id) }`;
    expect((await schoolB(remove, { id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const nationalId = own.holidays.find((x: any) => x.schoolCode === null).id;
    expect((await schoolA(remove, { id: nationalId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await schoolA(remove, { id })).data.removeSchoolHoliday).toBe(true);
    expect((await schoolA(remove, { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const nowASchoolDay = await record(schoolA, {
      schoolCode: h.schools.a.obecCode,
      date: '2026-11-19',
      marks: [{ studentId: a1, status: 'PRESENT' }],
    });
    expect(nowASchoolDay.errors).toBeUndefined();
  });

  it('lets only OBEC administrators set a term, inside the academic year and before the other term', async () => {
    const denied = await schoolA(
      `mutation { setSchoolTerm(input: { academicYear: 2570, term: 1, startsOn: "2027-05-17", endsOn: "2027-10-08" }) { term } }`,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const overlap = await admin(
      `mutation { setSchoolTerm(input: { academicYear: 2570, term: 1, startsOn: "2027-05-17", endsOn: "2027-11-05" }) { term } }`,
    );
    expect(overlap.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await admin(
      `mutation { setSchoolTerm(input: { academicYear: 2570, term: 1, startsOn: "2027-05-17", endsOn: "2027-10-08", source: "OBEC announcement (test)" }) { term startsOn endsOn source schoolDays } }`,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data.setSchoolTerm).toMatchObject({ term: 1, startsOn: '2027-05-17', endsOn: '2027-10-08' });
    expect(ok.data.setSchoolTerm.schoolDays).toBeGreaterThan(90);
  });

  it('refuses a student of another school naming only the row, and writes nothing of the batch', async () => {
    const before = await count(`SELECT count(*) AS n FROM attendance_mark`);
    const outboxBefore = await count(`SELECT count(*) AS n FROM outbox_event`);
    const res = await record(schoolA, {
      schoolCode: h.schools.a.obecCode,
      date: '2026-11-20',
      marks: [
        { studentId: a1, status: 'PRESENT' },
        { studentId: b1, status: 'ABSENT' },
        { studentId: '0190a8f0-0000-7000-8000-000000000000', status: 'ABSENT' },
      ],
    });
    const error = res.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.problems.map((p: any) => p.field)).toEqual([
      'marks[1].studentId',
      'marks[2].studentId',
    ]);
    // The child of school B and an unknown id get the same words; nothing names school B.
    const [p1, p2] = error!.extensions!.problems as Array<{ messageEn: string }>;
    expect(p1!.messageEn.replace('marks[1]', '')).toBe(p2!.messageEn.replace('marks[2]', ''));
    const text = JSON.stringify(res);
    for (const leak of [h.schools.b.obecCode, h.schools.b.id, 'โรงเรียน' + h.schools.b.obecCode])
      expect(text).not.toContain(leak);
    expect(error?.extensions?.messageTh).toMatch(/ไม่บันทึกข้อมูลใดเลย/);
    expect(await count(`SELECT count(*) AS n FROM attendance_mark`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM outbox_event`)).toBe(outboxBefore);
  });

  it('refuses a student outside the classroom given, a duplicate row, a future date and a bad id', async () => {
    const base = { schoolCode: h.schools.a.obecCode, date: '2026-11-23' };
    const room = await record(schoolA, {
      ...base,
      classroom: '1',
      marks: [{ studentId: a2, status: 'PRESENT' }],
    });
    expect(room.errors?.[0]?.extensions?.problems[0].messageEn).toMatch(/not in classroom 1/);
    const dup = await record(schoolA, {
      ...base,
      marks: [
        { studentId: a1, status: 'PRESENT' },
        { studentId: a1, status: 'ABSENT' },
      ],
    });
    expect(dup.errors?.[0]?.extensions?.problems[0]).toMatchObject({ field: 'marks[1].studentId' });
    const future = await record(schoolA, {
      ...base,
      date: '2099-11-23',
      marks: [{ studentId: a1, status: 'PRESENT' }],
    });
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badId = await record(schoolA, { ...base, marks: [{ studentId: 'not-a-uuid', status: 'PRESENT' }] });
    expect(badId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badDate = await record(schoolA, {
      ...base,
      date: '2026-02-30',
      marks: [{ studentId: a1, status: 'PRESENT' }],
    });
    expect(badDate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('loads a day from a file through the batch path: placed through the roll, refused rows counted, one transaction', async () => {
    const client = new PgClient({ connectionString: h.db.url });
    await client.connect();
    try {
      const a = h.schools.a.obecCode;
      const csv = (lines: string[]) => Readable.from([lines.join('\n') + '\n']);
      const first = await loadAttendanceDay(
        client,
        '2026-11-25',
        csv([
          `${a},${a1},PRESENT`,
          `${a},${a2},SICK_LEAVE`,
          `${a},${b1},PRESENT`,
          `${a},not-a-uuid,PRESENT`,
          `${a},${a1.toUpperCase()},ASLEEP`,
          `9999999999,${a1},PRESENT`,
        ]),
        'batch:test',
      );
      expect(first).toMatchObject({ rows: 6, recorded: 2, corrected: 0, refused: 4, events: 1 });
      const again = await loadAttendanceDay(
        client,
        '2026-11-25',
        csv([`${a},${a1},ABSENT`, `${a},${a2},SICK_LEAVE`]),
        'batch:test',
      );
      expect(again).toMatchObject({ rows: 2, recorded: 0, corrected: 1, refused: 0 });
      const marks = await q(
        `SELECT student_id::text AS id, status FROM attendance_mark WHERE attended_on = '2026-11-25' ORDER BY status`,
      );
      expect(marks).toEqual([
        { id: a1, status: 'ABSENT' },
        { id: a2, status: 'SICK_LEAVE' },
      ]);
      const [h1] = await q(
        `SELECT old_status, new_status, changed_by FROM attendance_mark_history WHERE attended_on = '2026-11-25'`,
      );
      expect(h1).toEqual({ old_status: 'PRESENT', new_status: 'ABSENT', changed_by: 'batch:test' });
      // A Saturday: every row refused, nothing written.
      const weekend = await loadAttendanceDay(
        client,
        '2026-11-28',
        csv([`${a},${a1},PRESENT`]),
        'batch:test',
      );
      expect(weekend).toMatchObject({ recorded: 0, refused: 1, events: 0 });
      await expect(loadAttendanceDay(client, "2026-11-25'; --", csv([]), 'x')).rejects.toThrow(/ISO date/);
    } finally {
      await client.end();
    }
  });

  it('lets only the school, its area office and OBEC administrators record', async () => {
    const marks = [{ studentId: a1, status: 'PRESENT' }];
    const i = { schoolCode: h.schools.a.obecCode, date: '2026-11-24', marks };
    expect((await record(schoolB, i)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await record(await h.as('area-officer', '1602'), i)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await record(await h.as('obec-analyst', 'OBEC'), i)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await record(await h.as('partner', 'EEF'), i)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await record(await h.as('area-officer', '1601'), i)).errors).toBeUndefined();
  });
});

describe('rates and chronic absence', () => {
  /** Day statuses over TEN_DAYS per student (P present, L late, A absent, S sick leave, K personal leave). */
  const PATTERNS = {
    exactly80: 'PPAPPAPPPP', // 8/10 = 0.8: not below the threshold; ends with attendance
    below80: 'PAPAPPAPPP', // 7/10
    twoInARow: 'PPPPPPPPAA', // 8/10 with 2 consecutive absences at the end
    threeInARow: 'PPPPPPPAAA', // 7/10 with 3 at the end: both conditions → dropout risk
    half: 'LAPAPAPAPA', // 5/10 < 0.6 → dropout risk
    withLeave: 'PPLSKAPPPP', // 6 P + 1 L = 7 attended; 1 sick, 1 personal, 1 absent
  } as const;
  const CODE: Record<string, string> = {
    P: 'PRESENT',
    L: 'LATE',
    A: 'ABSENT',
    S: 'SICK_LEAVE',
    K: 'PERSONAL_LEAVE',
  };
  const ids: Record<keyof typeof PATTERNS, string> = {} as never;
  let allPresent: string;

  beforeAll(async () => {
    for (const name of Object.keys(PATTERNS) as Array<keyof typeof PATTERNS>)
      ids[name] = await register(admin, h.schools.c.obecCode, {
        classroom: name === 'withLeave' ? '2' : '1',
      });
    allPresent = await register(admin, h.schools.c.obecCode, { classroom: '2' });
    const schoolC = await h.as('school-staff', h.schools.c.obecCode);
    for (const [d, date] of TEN_DAYS.entries()) {
      const marks = (Object.keys(PATTERNS) as Array<keyof typeof PATTERNS>).map((name) => ({
        studentId: ids[name],
        status: CODE[PATTERNS[name][d]!],
      }));
      marks.push({ studentId: allPresent, status: 'PRESENT' });
      const res = await record(schoolC, { schoolCode: h.schools.c.obecCode, date, marks });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
  });

  const chronic = async (client: Client, args = '') =>
    client(`{ chronicAbsence(schoolCode: "${h.schools.c.obecCode}", asOf: "2026-11-13", windowDays: 10${args}) {
      windowStart windowDays threshold consecutive
      entries { student { id } schoolDays attended absent rate consecutiveAbsences belowThreshold dropoutRisk } } }`);

  it('counts leave as not attended and late as attended, per student', async () => {
    const res = await admin(
      `query($id: ID!) { student(id: $id) { attendanceRate(from: "2026-11-02", to: "2026-11-13") {
         from to schoolDays attended rate present absent late sickLeave personalLeave unmarked } } }`,
      { id: ids.withLeave },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.student.attendanceRate).toEqual({
      from: '2026-11-02',
      to: '2026-11-13',
      schoolDays: 10,
      attended: 7,
      rate: 0.7,
      present: 6,
      absent: 1,
      late: 1,
      sickLeave: 1,
      personalLeave: 1,
      unmarked: 0,
    });
    // A range with unmarked school days: they count against the rate (and are reported).
    const wider = await admin(
      `query($id: ID!) { student(id: $id) { attendanceRate(from: "2026-11-01", to: "2026-11-17") { schoolDays attended unmarked rate } } }`,
      { id: ids.withLeave },
    );
    expect(wider.data.student.attendanceRate).toEqual({
      schoolDays: 12,
      attended: 7,
      unmarked: 2,
      rate: 0.5833,
    });
  });

  it('rates a list of students with one query (DataLoader)', async () => {
    const ds = h.service.dataSource as unknown as { logger: QueryCounter };
    const original = ds.logger;
    const counter = new QueryCounter(1000);
    ds.logger = counter;
    const res = await admin(
      `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) { ... on School {
         students(first: 50) { edges { node { id attendanceRate(from: "2026-11-02", to: "2026-11-13") { attended schoolDays } } } } } } }`,
      { id: h.schools.c.id },
    );
    expect(res.errors).toBeUndefined();
    const byId = new Map(
      res.data._entities[0].students.edges.map((e: any) => [e.node.id, e.node.attendanceRate]),
    );
    expect(byId.get(ids.half)).toEqual({ attended: 5, schoolDays: 10 });
    expect(byId.get(allPresent)).toEqual({ attended: 10, schoolDays: 10 });
    expect(byId.size).toBe(7);
    ds.logger = original;
    expect(counter.statements.filter((st) => st.includes('attendance_mark'))).toHaveLength(1);
  });

  it('rates the school, its classrooms and its area office in student-days', async () => {
    const res = await admin(
      `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }, { __typename: "AreaOffice", code: "1602" }]) {
         ... on School { attendanceRate(from: "2026-11-02", to: "2026-11-13") { studentDays attended rate counts { present late absent sickLeave personalLeave unmarked } }
                         classroomAttendanceRates(from: "2026-11-02", to: "2026-11-13") { gradeLevel classroom rate { studentDays attended } } }
         ... on AreaOffice { attendanceRate(from: "2026-11-02", to: "2026-11-13") { studentDays attended } } } }`,
      { id: h.schools.c.id },
    );
    expect(res.errors).toBeUndefined();
    const [school, area] = res.data._entities;
    // 7 students × 10 days; attended 8 + 7 + 8 + 7 + 5 + 7 + 10 = 52.
    expect(school.attendanceRate).toMatchObject({ studentDays: 70, attended: 52, rate: 0.7429 });
    expect(school.classroomAttendanceRates).toEqual([
      { gradeLevel: 'P3', classroom: '1', rate: { studentDays: 50, attended: 35 } },
      { gradeLevel: 'P3', classroom: '2', rate: { studentDays: 20, attended: 17 } },
    ]);
    expect(area.attendanceRate).toEqual({ studentDays: 70, attended: 52 });
  });

  it('lists below the threshold but not exactly at it, and N consecutive absences but not N−1', async () => {
    const res = await chronic(admin);
    expect(res.errors).toBeUndefined();
    const report = res.data.chronicAbsence;
    expect(report).toMatchObject({
      windowStart: '2026-11-02',
      windowDays: 10,
      threshold: 0.8,
      consecutive: 3,
    });
    const listed = new Map(report.entries.map((e: any) => [e.student.id, e]));
    expect(listed.has(ids.exactly80)).toBe(false);
    expect(listed.has(ids.twoInARow)).toBe(false);
    expect(listed.has(allPresent)).toBe(false);
    expect(listed.get(ids.below80)).toMatchObject({
      rate: 0.7,
      belowThreshold: true,
      consecutiveAbsences: 0,
      dropoutRisk: false,
    });
    expect(listed.get(ids.threeInARow)).toMatchObject({
      rate: 0.7,
      consecutiveAbsences: 3,
      dropoutRisk: true,
    });
    expect(listed.get(ids.half)).toMatchObject({ rate: 0.5, belowThreshold: true, dropoutRisk: true });
    expect(listed.get(ids.withLeave)).toMatchObject({ rate: 0.7, absent: 1, dropoutRisk: false });
    // Worst first.
    expect(report.entries[0].student.id).toBe(ids.half);

    const two = await chronic(admin, ', consecutive: 2');
    const byTwo = new Map(two.data.chronicAbsence.entries.map((e: any) => [e.student.id, e]));
    expect(byTwo.get(ids.twoInARow)).toMatchObject({
      consecutiveAbsences: 2,
      belowThreshold: false,
      dropoutRisk: false,
    });
    // A threshold just above 0.8 lists the 80 % student.
    const above = await chronic(admin, ', threshold: 0.81');
    expect(above.data.chronicAbsence.entries.map((e: any) => e.student.id)).toContain(ids.exactly80);
  });

  it('refuses unusable chronic-absence parameters', async () => {
    for (const args of [', threshold: 0', ', threshold: 1.5', ', consecutive: 0', ', consecutive: 11']) {
      const res = await chronic(admin, args);
      expect([args, res.errors?.[0]?.extensions?.code]).toEqual([args, 'BAD_USER_INPUT']);
    }
  });

  it('gives the EEF module term rates in one query: school days up to the given day or the term end', async () => {
    const rates = await termAttendanceRates(
      h.service.dataSource,
      h.schools.c.obecCode,
      2569,
      2,
      '2026-11-13',
    );
    expect(rates.size).toBe(7);
    expect(rates.get(ids.exactly80)).toEqual({ schoolDays: 10, attended: 8, rate: 0.8 });
    expect(rates.get(ids.withLeave)).toEqual({ schoolDays: 10, attended: 7, rate: 0.7 });
    // Up to 17 November: two more school days, unmarked (not attended).
    const later = await termAttendanceRates(
      h.service.dataSource.manager,
      h.schools.c.obecCode,
      2569,
      2,
      '2026-11-17',
    );
    expect(later.get(allPresent)).toEqual({ schoolDays: 12, attended: 10, rate: 10 / 12 });
    // Term 1 of 2569 has no marks at school C: every student has school days and nothing attended.
    const term1 = await termAttendanceRates(
      h.service.dataSource,
      h.schools.c.obecCode,
      2569,
      1,
      '2026-12-01',
    );
    expect(term1.get(allPresent)?.attended).toBe(0);
    expect(term1.get(allPresent)?.schoolDays).toBeGreaterThan(90);
    expect((await termAttendanceRates(h.service.dataSource, '9999999999', 2569, 2)).size).toBe(0);
    expect((await termAttendanceRates(h.service.dataSource, h.schools.c.obecCode, 2590, 2)).size).toBe(0);
  });

  it('summarises a day per classroom and for the school', async () => {
    const res = await admin(
      `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) { ... on School {
         attendance(date: "2026-11-13") { date schoolDay enrolled attended rate counts { present absent late sickLeave personalLeave unmarked }
           classrooms { gradeLevel classroom enrolled attended counts { present absent } } } } } }`,
      { id: h.schools.c.id },
    );
    expect(res.errors).toBeUndefined();
    const day = res.data._entities[0].attendance;
    // Last column of the patterns: P P A A A P + allPresent P.
    expect(day).toMatchObject({ schoolDay: true, enrolled: 7, attended: 4, rate: 0.5714 });
    expect(day.counts).toEqual({
      present: 4,
      absent: 3,
      late: 0,
      sickLeave: 0,
      personalLeave: 0,
      unmarked: 0,
    });
    expect(day.classrooms).toEqual([
      { gradeLevel: 'P3', classroom: '1', enrolled: 5, attended: 2, counts: { present: 2, absent: 3 } },
      { gradeLevel: 'P3', classroom: '2', enrolled: 2, attended: 2, counts: { present: 2, absent: 0 } },
    ]);
    const saturday = await admin(
      `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) { ... on School {
         attendance(date: "2026-11-14") { schoolDay nonSchoolDayReason } } } }`,
      { id: h.schools.c.id },
    );
    expect(saturday.data._entities[0].attendance).toEqual({
      schoolDay: false,
      nonSchoolDayReason: 'WEEKEND',
    });
  });

  it('publishes one aggregate event per school day through the outbox to JetStream, with no student ids', async () => {
    const rows = await q(
      `SELECT envelope FROM outbox_event WHERE subject = $1 AND envelope->'payload'->>'schoolId' = $2 ORDER BY occurred_at`,
      [AttendanceDaily.subject, h.schools.c.id],
    );
    expect(rows).toHaveLength(10);
    const last = rows[9].envelope.payload;
    expect(last).toMatchObject({
      schoolCode: h.schools.c.obecCode,
      areaOfficeCode: '1602',
      date: '2026-11-13',
      revision: 1,
      enrolled: 7,
      present: 4,
      absent: 3,
      late: 0,
      sickLeave: 0,
      personalLeave: 0,
      unmarked: 0,
    });
    const text = JSON.stringify(rows);
    for (const id of [...Object.values(ids), allPresent]) expect(text).not.toContain(id);
    // The relay publishes them on the STUDENTS stream.
    const js = jetstream(h.service.nc);
    const deadline = Date.now() + 15_000;
    let seen = 0;
    while (Date.now() < deadline && seen < 10) {
      const oc = await js.consumers.get(STUDENTS_STREAM, {
        filter_subjects: AttendanceDaily.subject,
        deliver_policy: DeliverPolicy.All,
      });
      seen = 0;
      let pending = (await oc.info()).num_pending;
      while (pending > 0) {
        const batch = await oc.fetch({ max_messages: Math.min(pending, 500), expires: 2000 });
        let got = 0;
        for await (const m of batch) {
          got += 1;
          if (m.json<any>().payload.schoolId === h.schools.c.id) seen += 1;
        }
        if (!got) break;
        pending -= got;
      }
      if (seen < 10) await new Promise((r) => setTimeout(r, 300));
    }
    expect(seen).toBe(10);
  });

  it('publishes a higher revision when a day is corrected, and nothing when a recording changes nothing', async () => {
    const schoolC = await h.as('school-staff', h.schools.c.obecCode);
    const day = { schoolCode: h.schools.c.obecCode, date: '2026-11-13' };
    const same = await record(schoolC, { ...day, marks: [{ studentId: allPresent, status: 'PRESENT' }] });
    expect(same.data.recordAttendance).toMatchObject({ unchanged: 1 });
    const fixed = await record(schoolC, { ...day, marks: [{ studentId: ids.half, status: 'PRESENT' }] });
    expect(fixed.data.recordAttendance).toMatchObject({ corrected: 1 });
    const rows = await q(
      `SELECT envelope->'payload' AS p FROM outbox_event
        WHERE subject = $1 AND envelope->'payload'->>'schoolId' = $2 AND envelope->'payload'->>'date' = '2026-11-13'
        ORDER BY occurred_at`,
      [AttendanceDaily.subject, h.schools.c.id],
    );
    expect(rows.map((r: any) => [r.p.revision, r.p.present, r.p.absent])).toEqual([
      [1, 4, 3],
      [2, 5, 2],
    ]);
  });
});
