import { isValidNationalId } from '@smss/thai';
import { REGISTER, registerInput, startStudents, type StudentsHarness } from './support';

let h: StudentsHarness;
let admin: Awaited<ReturnType<StudentsHarness['as']>>;
let schoolA: Awaited<ReturnType<StudentsHarness['as']>>;
let schoolB: Awaited<ReturnType<StudentsHarness['as']>>;

beforeAll(async () => {
  h = await startStudents();
  admin = await h.as('obec-admin', 'OBEC');
  schoolA = await h.as('school-staff', h.schools.a.obecCode);
  schoolB = await h.as('school-staff', h.schools.b.obecCode);
});
afterAll(() => h.stop());

const count = async (sql: string, params: unknown[] = []) =>
  Number((await h.service.dataSource.query(sql, params))[0].count);

describe('registering students', () => {
  it('registers a student with a valid national ID and enrols them', async () => {
    const input = registerInput(h.schools.a.obecCode);
    const res = await schoolA(REGISTER, { i: input });
    expect(res.errors).toBeUndefined();
    expect(isValidNationalId(input.nationalId)).toBe(true);
    expect(res.data.registerStudent).toMatchObject({
      nationalId: input.nationalId,
      firstNameTh: 'ธนากร',
      currentEnrollment: {
        gradeLevel: 'P3',
        classroom: '1',
        status: 'ACTIVE',
        school: { id: h.schools.a.id },
      },
    });
  });

  it.each([
    ['a bad check digit', '1101700123459', 'BAD_CHECK_DIGIT'],
    ['the wrong length', '110170012345', 'WRONG_LENGTH'],
    ['letters', '11017001234AB', 'NOT_DIGITS'],
  ])('rejects a national ID with %s as BAD_USER_INPUT and writes nothing', async (_what, nationalId) => {
    const before = await count('SELECT count(*) FROM student');
    const res = await schoolA(REGISTER, { i: registerInput(h.schools.a.obecCode, { nationalId }) });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.problems[0].field).toBe('nationalId');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    expect(await count('SELECT count(*) FROM student')).toBe(before);
  });

  it('registers a child without Thai ID by G-code and counts them as stateless', async () => {
    const res = await schoolA(
      `mutation($i: RegisterStudentInput!) { registerStudent(input: $i) { id nationalId gCode disadvantage { stateless } } }`,
      { i: registerInput(h.schools.a.obecCode, { nationalId: null, gCode: 'G123456789012' }) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.registerStudent).toMatchObject({
      nationalId: null,
      gCode: 'G123456789012',
      disadvantage: { stateless: true },
    });
    const bad = await schoolA(REGISTER, {
      i: registerInput(h.schools.a.obecCode, { nationalId: null, gCode: 'G12345' }),
    });
    expect(bad.errors?.[0]?.extensions?.problems[0].field).toBe('gCode');
    const both = await schoolA(REGISTER, {
      i: registerInput(h.schools.a.obecCode, { gCode: 'G123456789013' }),
    });
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a prefix that contradicts the gender, and a grade the school does not teach', async () => {
    const res = await schoolA(REGISTER, { i: registerInput(h.schools.a.obecCode, { prefix: 'เด็กหญิง' }) });
    expect(res.errors?.[0]?.extensions?.problems.map((p: any) => p.field)).toEqual(['gender']);
    const grade = await schoolA(REGISTER, { i: registerInput(h.schools.a.obecCode, { gradeLevel: 'M2' }) });
    expect(grade.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(grade.errors?.[0]?.extensions?.messageTh).toMatch(/ไม่ได้เปิดสอน/);
  });

  it('refuses a second registration of the same national ID with CONFLICT', async () => {
    const input = registerInput(h.schools.a.obecCode);
    await schoolA(REGISTER, { i: input });
    const again = await schoolB(REGISTER, { i: { ...input, schoolCode: h.schools.b.obecCode } });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('refuses to enrol a student who is already active in another school (double enrolment), naming no school', async () => {
    const res = await schoolA(REGISTER, { i: registerInput(h.schools.a.obecCode) });
    const id = res.data.registerStudent.id;
    const second = await schoolB(`mutation($i: EnrollStudentInput!) { enrollStudent(input: $i) { id } }`, {
      i: {
        studentId: id,
        schoolCode: h.schools.b.obecCode,
        academicYear: 2569,
        gradeLevel: 'P3',
        classroom: '2',
      },
    });
    expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(second.errors?.[0]?.extensions?.reason).toBe('ENROLLED_ELSEWHERE');
    expect(JSON.stringify(second.errors)).not.toMatch(
      new RegExp(`${h.schools.a.obecCode}|${h.schools.a.id}`),
    );
    expect(await count(`SELECT count(*) FROM enrollment WHERE student_id = $1`, [id])).toBe(1);
  });

  it('moves a student from school A to school B by release and accept, keeping both histories', async () => {
    const reg = await schoolA(REGISTER, { i: registerInput(h.schools.a.obecCode) });
    const id = reg.data.registerStudent.id;
    const released = await schoolA(
      `mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id status fromSchool { id } toSchool { id } } }`,
      { i: { studentId: id, toSchoolCode: h.schools.b.obecCode, releasedOn: '2026-08-01' } },
    );
    expect(released.errors).toBeUndefined();
    expect(released.data.releaseStudent).toMatchObject({
      status: 'RELEASED',
      fromSchool: { id: h.schools.a.id },
      toSchool: { id: h.schools.b.id },
    });
    const wrongSchool = await (
      await h.as('school-staff', h.schools.c.obecCode)
    )(`mutation($i: AcceptTransferInput!) { acceptTransfer(input: $i) { id } }`, {
      i: {
        transferId: released.data.releaseStudent.id,
        schoolCode: h.schools.c.obecCode,
        gradeLevel: 'P3',
        classroom: '1',
      },
    });
    // A transfer addressed to another school answers as an unknown one does.
    expect(wrongSchool.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const accepted = await schoolB(
      `mutation($i: AcceptTransferInput!) { acceptTransfer(input: $i) { status acceptedOn fromSchool { id } student { currentEnrollment { school { id } gradeLevel } enrollments { status school { id } startedOn endedOn } } } }`,
      {
        i: {
          transferId: released.data.releaseStudent.id,
          schoolCode: h.schools.b.obecCode,
          gradeLevel: 'P3',
          classroom: '4',
          acceptedOn: '2026-08-03',
        },
      },
    );
    expect(accepted.errors).toBeUndefined();
    // School B sees where the child came from (the transfer is both schools') and its own enrolment;
    // the enrolment at school A stays school A's record.
    expect(accepted.data.acceptTransfer).toEqual({
      status: 'ACCEPTED',
      acceptedOn: '2026-08-03',
      fromSchool: { id: h.schools.a.id },
      student: {
        currentEnrollment: { school: { id: h.schools.b.id }, gradeLevel: 'P3' },
        enrollments: [
          { status: 'ACTIVE', school: { id: h.schools.b.id }, startedOn: '2026-08-03', endedOn: null },
        ],
      },
    });
    const history = await (
      await h.as('area-officer', '1601')
    )(`query($id: ID!) { student(id: $id) { enrollments { status school { id } startedOn endedOn } } }`, {
      id,
    });
    expect(history.data.student.enrollments).toEqual([
      {
        status: 'TRANSFERRED_OUT',
        school: { id: h.schools.a.id },
        startedOn: '2026-05-16',
        endedOn: '2026-08-01',
      },
      { status: 'ACTIVE', school: { id: h.schools.b.id }, startedOn: '2026-08-03', endedOn: null },
    ]);
    const twice = await schoolB(`mutation($i: AcceptTransferInput!) { acceptTransfer(input: $i) { id } }`, {
      i: {
        transferId: released.data.releaseStudent.id,
        schoolCode: h.schools.b.obecCode,
        gradeLevel: 'P3',
        classroom: '4',
      },
    });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('records leaving and promotes a school at year end', async () => {
    const reg = await schoolA(REGISTER, {
      i: registerInput(h.schools.a.obecCode, { gradeLevel: 'P6', birthDate: '2014-02-02' }),
    });
    const left = await schoolA(
      `mutation($i: RecordLeavingInput!) { recordLeaving(input: $i) { status endedOn } }`,
      {
        i: { studentId: reg.data.registerStudent.id, reason: 'DROPPED_OUT', leftOn: '2026-09-01' },
      },
    );
    expect(left.data.recordLeaving).toEqual({ status: 'DROPPED_OUT', endedOn: '2026-09-01' });
    const p6 = await schoolA(REGISTER, {
      i: registerInput(h.schools.a.obecCode, { gradeLevel: 'P6', birthDate: '2014-02-02' }),
    });
    const promoted = await schoolA(
      `mutation { promoteStudents(input: { schoolCode: "${h.schools.a.obecCode}", academicYear: 2569 }) { promoted graduated } }`,
    );
    expect(promoted.errors).toBeUndefined();
    expect(promoted.data.promoteStudents.graduated).toBeGreaterThanOrEqual(1); // P6 at a primary-only school graduates
    const after = await admin(
      `query($id: ID!) { student(id: $id) { currentEnrollment { id } enrollments { status } } }`,
      { id: p6.data.registerStudent.id },
    );
    expect(after.data.student).toEqual({ currentEnrollment: null, enrollments: [{ status: 'GRADUATED' }] });
    const [p3] = await h.service.dataSource.query(
      `SELECT grade_level, academic_year FROM enrollment WHERE school_id = $1 AND status = 'ACTIVE' LIMIT 1`,
      [h.schools.a.id],
    );
    expect(p3).toEqual({ grade_level: 'P4', academic_year: 2570 });
  });
});

const ENROLL = `mutation($i: EnrollStudentInput!) { enrollStudent(input: $i) { id status } }`;
const RELEASE = `mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id status fromSchool { id } toSchool { id } } }`;
const ACCEPT = `mutation($i: AcceptTransferInput!) { acceptTransfer(input: $i) { id status student { id firstNameTh } } }`;
const LEAVE = `mutation($i: RecordLeavingInput!) { recordLeaving(input: $i) { status } }`;

describe('records move between schools only through their flows', () => {
  const enrollAt = (school: { obecCode: string }, studentId: string) => ({
    i: {
      studentId,
      schoolCode: school.obecCode,
      academicYear: 2569,
      gradeLevel: 'P3',
      classroom: '2',
      startedOn: '2026-09-15',
    },
  });
  const otherSchoolNamed = (r: unknown) =>
    new RegExp(`${h.schools.a.obecCode}|${h.schools.a.id}|ธนากร`).test(JSON.stringify(r));

  it.each([
    ['dropped out of', 'DROPPED_OUT'],
    ['graduated from', 'GRADUATED'],
    ['was released without a named school by', 'RELEASED'],
  ])(
    'refuses to enrol a child who %s another school (CONFLICT naming no school), and the child stays hidden',
    async (_what, how) => {
      const reg = await schoolA(REGISTER, { i: registerInput(h.schools.a.obecCode) });
      const id = reg.data.registerStudent.id;
      const ended =
        how === 'RELEASED'
          ? await schoolA(RELEASE, { i: { studentId: id, releasedOn: '2026-09-01' } })
          : await schoolA(LEAVE, { i: { studentId: id, reason: how, leftOn: '2026-09-01' } });
      expect(ended.errors).toBeUndefined();
      const claim = await schoolB(ENROLL, enrollAt(h.schools.b, id));
      expect(claim.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ENROLLED_ELSEWHERE' });
      expect(otherSchoolNamed(claim.errors)).toBe(false);
      expect(
        await count(`SELECT count(*) FROM enrollment WHERE student_id = $1 AND school_id = $2`, [
          id,
          h.schools.b.id,
        ]),
      ).toBe(0);
      const look = await schoolB(`query($id: ID!) { student(id: $id) { id firstNameTh } }`, { id });
      expect(look.data).toEqual({ student: null });
      // The school that owns the record may take the child back.
      if (how === 'DROPPED_OUT')
        expect((await schoolA(ENROLL, enrollAt(h.schools.a, id))).data.enrollStudent.status).toBe('ACTIVE');
    },
  );

  it('moves a child who left another school only by transfer: the old school or its area office releases, the new school accepts', async () => {
    const reg = await schoolA(REGISTER, {
      i: registerInput(h.schools.a.obecCode, { gradeLevel: 'P6', birthDate: '2014-02-02' }),
    });
    const id = reg.data.registerStudent.id;
    await schoolA(LEAVE, { i: { studentId: id, reason: 'GRADUATED', leftOn: '2026-09-01' } });
    // School B may not release a child of school A; the area office of school A may.
    const byB = await schoolB(RELEASE, { i: { studentId: id, toSchoolCode: h.schools.b.obecCode } });
    expect(byB.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const area = await (
      await h.as('area-officer', '1601')
    )(RELEASE, {
      i: { studentId: id, toSchoolCode: h.schools.b.obecCode, releasedOn: '2026-09-02' },
    });
    expect(area.errors).toBeUndefined();
    expect(area.data.releaseStudent).toMatchObject({
      status: 'RELEASED',
      fromSchool: { id: h.schools.a.id },
    });
    const again = await schoolA(RELEASE, { i: { studentId: id } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_RELEASED' });
    const accepted = await schoolB(ACCEPT, {
      i: {
        transferId: area.data.releaseStudent.id,
        schoolCode: h.schools.b.obecCode,
        gradeLevel: 'M1',
        classroom: '1',
        acceptedOn: '2026-09-03',
      },
    });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.acceptTransfer).toMatchObject({
      status: 'ACCEPTED',
      student: { id, firstNameTh: 'ธนากร' },
    });
    // Once accepted, the releasing school keeps the transfer but no longer sees the child.
    const old = await schoolA(`query($id: ID!) { student(id: $id) { id } }`, { id });
    expect(old.data).toEqual({ student: null });
  });

  it('answers registration of an existing national ID with CONFLICT naming neither the student nor the school, records the conflict and audits the lookup', async () => {
    const input = registerInput(h.schools.a.obecCode);
    const first = await schoolA(REGISTER, { i: input });
    const id = first.data.registerStudent.id;
    await schoolA(LEAVE, { i: { studentId: id, reason: 'DROPPED_OUT', leftOn: '2026-09-01' } });
    const again = await schoolB(REGISTER, {
      i: { ...input, schoolCode: h.schools.b.obecCode, firstNameTh: 'แทนที่' },
    });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_REGISTERED' });
    expect(JSON.stringify(again.errors)).not.toContain(id);
    expect(otherSchoolNamed(again.errors)).toBe(false);
    const [row] = await h.service.dataSource.query(`SELECT first_name_th FROM student WHERE id = $1`, [id]);
    expect(row.first_name_th).toBe('ธนากร');
    const conflicts = await h.service.dataSource.query(
      `SELECT importing_school_code, enrolled_school_id FROM enrollment_conflict WHERE student_id = $1`,
      [id],
    );
    expect(conflicts).toEqual([
      { importing_school_code: h.schools.b.obecCode, enrolled_school_id: h.schools.a.id },
    ]);
    const audit = await h.service.dataSource.query(
      `SELECT record_id, fields FROM personal_data_access WHERE subject = $1 AND $2 = ANY(fields)`,
      [`test:school-staff:${h.schools.b.obecCode}`, `lookup:nationalId:${input.nationalId}`],
    );
    expect(audit).toEqual([{ record_id: id, fields: [`lookup:nationalId:${input.nationalId}`] }]);
  });

  it('answers an unknown student and another school’s student with the same NOT_FOUND when releasing or recording leaving', async () => {
    const reg = await schoolA(REGISTER, { i: registerInput(h.schools.a.obecCode) });
    const id = reg.data.registerStudent.id;
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const m of [
      (studentId: string) => schoolB(RELEASE, { i: { studentId } }),
      (studentId: string) => schoolB(LEAVE, { i: { studentId, reason: 'DROPPED_OUT' } }),
    ]) {
      const theirs = await m(id);
      const none = await m(unknown);
      expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(theirs.errors?.[0]?.message).toBe(none.errors?.[0]?.message);
      expect(theirs.errors?.[0]?.extensions).toEqual(none.errors?.[0]?.extensions);
    }
    expect(
      await count(`SELECT count(*) FROM enrollment WHERE student_id = $1 AND status = 'ACTIVE'`, [id]),
    ).toBe(1);
  });

  it('answers an unknown transfer and one addressed to another school with the same NOT_FOUND', async () => {
    const reg = await schoolA(REGISTER, { i: registerInput(h.schools.a.obecCode) });
    const t = await schoolA(RELEASE, {
      i: { studentId: reg.data.registerStudent.id, toSchoolCode: h.schools.b.obecCode },
    });
    const schoolC = await h.as('school-staff', h.schools.c.obecCode);
    const accept = (transferId: string) =>
      schoolC(ACCEPT, {
        i: { transferId, schoolCode: h.schools.c.obecCode, gradeLevel: 'P3', classroom: '1' },
      });
    const addressed = await accept(t.data.releaseStudent.id);
    const none = await accept('00000000-0000-4000-8000-000000000000');
    expect(addressed.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(addressed.errors?.[0]).toMatchObject({
      message: none.errors?.[0]?.message,
      extensions: none.errors?.[0]?.extensions,
    });
  });
});
