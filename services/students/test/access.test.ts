import { gql } from '@smss/testing';
import { REGISTER, registerInput, startStudents, type StudentsHarness } from './support';
import { unknownNationalId } from './fixtures';

let h: StudentsHarness;
let studentId: string;
let nationalId: string;

beforeAll(async () => {
  h = await startStudents();
  const input = registerInput(h.schools.a.obecCode, { poverty: 'EXTREMELY_POOR' });
  nationalId = input.nationalId as string;
  const res = await (await h.as('obec-admin', 'OBEC'))(REGISTER, { i: input });
  studentId = res.data.registerStudent.id;
  await (
    await h.as('obec-admin', 'OBEC')
  )(REGISTER, { i: registerInput(h.schools.c.obecCode) });
});
afterAll(() => h.stop());

const STUDENT = `query($id: ID!) { student(id: $id) { id nationalId firstNameTh lastNameTh birthDate disadvantage { poverty } } }`;
const ENTITY = `query($id: ID!) { _entities(representations: [{ __typename: "Student", id: $id }]) { ... on Student { id firstNameTh } } }`;
const SCHOOL_STUDENTS = `query($id: ID!, $all: Boolean) { _entities(representations: [{ __typename: "School", id: $id }]) {
  ... on School { students(filter: { activeOnly: $all }) { totalCount edges { node { id firstNameTh } } } } } }`;
const SUMMARY = `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }, { __typename: "AreaOffice", code: "1601" }, { __typename: "Province", code: "16" }]) {
  ... on School { enrollmentSummary(academicYear: 2569) { total } } ... on AreaOffice { enrollmentSummary(academicYear: 2569) { total } } ... on Province { enrollmentSummary(academicYear: 2569) { total } } } }`;
const BY_NATIONAL_ID = `query($n: String!) { studentByNationalId(nationalId: $n) { id firstNameTh } }`;

type Who = {
  name: string;
  role: Parameters<StudentsHarness['as']>[0] | null;
  org: string;
  scopes?: string[];
  record: 'full' | 'masked' | 'hidden' | 'UNAUTHENTICATED';
};
const viewers: Who[] = [
  { name: 'an OBEC administrator', role: 'obec-admin', org: 'OBEC', record: 'full' },
  { name: 'an OBEC analyst (no pii:read)', role: 'obec-analyst', org: 'OBEC', record: 'masked' },
  { name: 'the area officer of the school', role: 'area-officer', org: '1601', record: 'full' },
  { name: 'an area officer of another area', role: 'area-officer', org: '1602', record: 'hidden' },
  { name: 'the school’s staff', role: 'school-staff', org: '1016010001', record: 'full' },
  { name: 'staff of another school', role: 'school-staff', org: '1016020001', record: 'hidden' },
  { name: 'a partner agency', role: 'partner', org: 'EEF', record: 'hidden' },
  {
    name: 'a partner agency holding pii:read',
    role: 'partner',
    org: 'EEF',
    scopes: ['aggregates:read', 'pii:read'],
    record: 'hidden',
  },
  { name: 'anonymous', role: null, org: '', record: 'UNAUTHENTICATED' },
];

describe('who may see what', () => {
  it.each(viewers)('$name', async ({ role, org, scopes, record }) => {
    const run = role
      ? await h.as(role, org, scopes)
      : (query: string, v: Record<string, unknown>) => gql(h.service.url, query, v);
    const direct = await run(STUDENT, { id: studentId });
    const entity = await run(ENTITY, { id: studentId });
    const list = await run(SCHOOL_STUDENTS, { id: h.schools.a.id, all: true });
    const agg = await run(SUMMARY, { id: h.schools.a.id });
    if (record === 'UNAUTHENTICATED') {
      for (const r of [direct, entity, list, agg])
        expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      return;
    }
    for (const r of [direct, entity, list, agg]) expect(r.errors).toBeUndefined();
    if (record === 'hidden') {
      // Out of scope looks exactly like unknown: null, and an empty list.
      expect(direct.data).toEqual({ student: null });
      expect(entity.data).toEqual({ _entities: [null] });
      expect(list.data._entities[0].students).toEqual({ totalCount: 0, edges: [] });
    } else {
      const s = direct.data.student;
      if (record === 'full') {
        expect(s).toMatchObject({
          nationalId,
          firstNameTh: 'ธนากร',
          birthDate: '2017-03-04',
          disadvantage: { poverty: 'EXTREMELY_POOR' },
        });
      } else {
        expect(s.nationalId).toMatch(/^\d-\d{4}-x{5}-xx-\d$/);
        expect(s.firstNameTh).toBe('ธ••••');
        expect(s.birthDate).toBe('2017-xx-xx');
        expect(s.disadvantage).toBeNull();
      }
      expect(entity.data._entities[0].id).toBe(studentId);
      expect(list.data._entities[0].students.totalCount).toBe(1);
    }
    expect(agg.data._entities.map((e: any) => e.enrollmentSummary.total)).toEqual([1, 1, 2]);
  });
});

describe('ownership leaks that are closed', () => {
  it('the former school no longer lists, reads or resolves a child transferred away, even with activeOnly: false; the new school does', async () => {
    const admin = await h.as('obec-admin', 'OBEC');
    const schoolA = await h.as('school-staff', h.schools.a.obecCode);
    const schoolB = await h.as('school-staff', h.schools.b.obecCode);
    const reg = await schoolA(REGISTER, { i: registerInput(h.schools.a.obecCode, { firstNameTh: 'วรเมธ' }) });
    const id = reg.data.registerStudent.id;
    const released = await schoolA(
      `mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id } }`,
      { i: { studentId: id, toSchoolCode: h.schools.b.obecCode, releasedOn: '2026-08-01' } },
    );
    // While the transfer is pending both schools see the child (the receiving school must know whom it accepts).
    expect((await schoolB(STUDENT, { id })).data.student.id).toBe(id);
    expect((await schoolA(STUDENT, { id })).data.student.id).toBe(id);
    const accepted = await schoolB(
      `mutation($i: AcceptTransferInput!) { acceptTransfer(input: $i) { status } }`,
      {
        i: {
          transferId: released.data.releaseStudent.id,
          schoolCode: h.schools.b.obecCode,
          gradeLevel: 'P3',
          classroom: '1',
          acceptedOn: '2026-08-02',
        },
      },
    );
    expect(accepted.data.acceptTransfer.status).toBe('ACCEPTED');

    const oldList = await schoolA(SCHOOL_STUDENTS, { id: h.schools.a.id, all: false });
    expect(oldList.errors).toBeUndefined();
    expect(oldList.data._entities[0].students.edges.map((e: any) => e.node.id)).not.toContain(id);
    expect(JSON.stringify(oldList.data)).not.toContain('วรเมธ');
    expect((await schoolA(STUDENT, { id })).data).toEqual({ student: null });
    expect((await schoolA(ENTITY, { id })).data).toEqual({ _entities: [null] });
    // OBEC still sees the old enrolment under school A's list, but as school B's student.
    const adminOld = await admin(SCHOOL_STUDENTS, { id: h.schools.a.id, all: false });
    expect(adminOld.data._entities[0].students.edges.map((e: any) => e.node.id)).not.toContain(id);
    const newList = await schoolB(SCHOOL_STUDENTS, { id: h.schools.b.id, all: true });
    expect(newList.data._entities[0].students.edges).toContainEqual({ node: { id, firstNameTh: 'วรเมธ' } });
    // The new school sees its own enrolment; the former school's enrolment stays the former school's.
    const history = await schoolB(
      `query($id: ID!) { student(id: $id) { enrollments { status school { id } } } }`,
      { id },
    );
    expect(history.data.student.enrollments).toEqual([{ status: 'ACTIVE', school: { id: h.schools.b.id } }]);
    const areaView = await (
      await h.as('area-officer', '1601')
    )(`query($id: ID!) { student(id: $id) { enrollments { status school { id } } } }`, { id });
    expect(areaView.data.student.enrollments).toEqual([
      { status: 'TRANSFERRED_OUT', school: { id: h.schools.a.id } },
      { status: 'ACTIVE', school: { id: h.schools.b.id } },
    ]);
  });

  it('answers studentByNationalId with null for an unknown ID and for another school’s child alike, and audits both lookups', async () => {
    const other = await h.as('school-staff', h.schools.c.obecCode);
    const unknown = unknownNationalId(7);
    const known = await other(BY_NATIONAL_ID, { n: nationalId });
    const none = await other(BY_NATIONAL_ID, { n: unknown });
    expect(known).toMatchObject({ data: { studentByNationalId: null } });
    expect(known.errors).toBeUndefined();
    expect(none.errors).toBeUndefined();
    expect(JSON.stringify(known.data)).toBe(JSON.stringify(none.data));
    const rows = await h.service.dataSource.query(
      `SELECT record_type, record_id, fields FROM personal_data_access WHERE subject = $1 ORDER BY id`,
      [`test:school-staff:${h.schools.c.obecCode}`],
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { record_type: 'Student', record_id: studentId, fields: [`lookup:nationalId:${nationalId}`] },
        { record_type: 'Student', record_id: null, fields: [`lookup:nationalId:${unknown}`] },
      ]),
    );
    const mine = await (await h.as('area-officer', '1601'))(BY_NATIONAL_ID, { n: nationalId });
    expect(mine.data.studentByNationalId).toEqual({ id: studentId, firstNameTh: 'ธนากร' });
    const analyst = await (await h.as('obec-analyst', 'OBEC'))(BY_NATIONAL_ID, { n: nationalId });
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('writes every unmasked personal read to personal_data_access, nothing for masked reads, and nothing to the old pii_access_log', async () => {
    await h.service.dataSource.query(`DELETE FROM personal_data_access`);
    await (
      await h.as('area-officer', '1601')
    )(STUDENT, { id: studentId });
    await (
      await h.as('obec-analyst', 'OBEC')
    )(STUDENT, { id: studentId });
    const rows = await h.service.dataSource.query(
      `SELECT subject, role, org_code, record_type, record_id, fields FROM personal_data_access ORDER BY id`,
    );
    const fields = rows.flatMap((r: any) => r.fields).sort();
    expect(fields).toEqual([
      'Disadvantage.poverty',
      'birthDate',
      'disadvantage',
      'firstNameTh',
      'lastNameTh',
      'nationalId',
    ]);
    for (const r of rows)
      expect(r).toMatchObject({
        subject: 'test:area-officer:1601',
        role: 'area-officer',
        org_code: '1601',
        record_type: 'Student',
        record_id: studentId,
      });
    const [{ n }] = await h.service.dataSource.query(`SELECT count(*)::int AS n FROM pii_access_log`);
    expect(n).toBe(0);
  });

  it('hides disadvantage counts of 1–4 from partners and shows them to everyone else', async () => {
    const q = `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) { ... on School {
      enrollmentSummary(academicYear: 2569) { total grades { male extremelyPoor poor } } } } }`;
    const partner = await (await h.as('partner', 'EEF'))(q, { id: h.schools.a.id });
    const officer = await (await h.as('area-officer', '1601'))(q, { id: h.schools.a.id });
    expect(officer.data._entities[0].enrollmentSummary.grades).toEqual([
      { male: 1, extremelyPoor: 1, poor: 0 },
    ]);
    expect(partner.data._entities[0].enrollmentSummary.grades).toEqual([
      { male: 1, extremelyPoor: null, poor: 0 },
    ]);
  });
});
