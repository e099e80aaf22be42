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

  it('refuses to enrol a student who is already active in another school (double enrolment)', async () => {
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
    expect(second.errors?.[0]?.extensions?.reason).toBe('ALREADY_ENROLLED');
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
    expect(wrongSchool.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const accepted = await schoolB(
      `mutation($i: AcceptTransferInput!) { acceptTransfer(input: $i) { status acceptedOn student { currentEnrollment { school { id } gradeLevel } enrollments { status school { id } startedOn endedOn } } } }`,
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
    expect(accepted.data.acceptTransfer).toMatchObject({
      status: 'ACCEPTED',
      acceptedOn: '2026-08-03',
      student: {
        currentEnrollment: { school: { id: h.schools.b.id }, gradeLevel: 'P3' },
        enrollments: [
          {
            status: 'TRANSFERRED_OUT',
            school: { id: h.schools.a.id },
            startedOn: '2026-05-16',
            endedOn: '2026-08-01',
          },
          { status: 'ACTIVE', school: { id: h.schools.b.id }, startedOn: '2026-08-03', endedOn: null },
        ],
      },
    });
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
