import { gql } from '@smss/testing';
import { REGISTER, registerInput, startStudents, type StudentsHarness } from './support';

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
const SCHOOL_STUDENTS = `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) {
  ... on School { students { totalCount edges { node { firstNameTh } } } } } }`;
const SUMMARY = `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }, { __typename: "AreaOffice", code: "1601" }, { __typename: "Province", code: "16" }]) {
  ... on School { enrollmentSummary(academicYear: 2569) { total } } ... on AreaOffice { enrollmentSummary(academicYear: 2569) { total } } ... on Province { enrollmentSummary(academicYear: 2569) { total } } } }`;

type Who = {
  name: string;
  role: Parameters<StudentsHarness['as']>[0] | null;
  org: string;
  scopes?: string[];
};
const viewers: Who[] = [
  { name: 'an OBEC administrator', role: 'obec-admin', org: 'OBEC' },
  { name: 'an OBEC analyst (no pii:read)', role: 'obec-analyst', org: 'OBEC' },
  { name: 'the area officer of the school', role: 'area-officer', org: '1601' },
  { name: 'an area officer of another area', role: 'area-officer', org: '1602' },
  { name: 'the school’s staff', role: 'school-staff', org: '1016010001' },
  { name: 'staff of another school', role: 'school-staff', org: '1016020001' },
  { name: 'a partner agency', role: 'partner', org: 'EEF' },
  {
    name: 'a partner agency holding pii:read',
    role: 'partner',
    org: 'EEF',
    scopes: ['aggregates:read', 'pii:read'],
  },
  { name: 'anonymous', role: null, org: '' },
];

/** Expected outcome per viewer: record access (full, masked or refused), school list, aggregates. */
const expected: Record<
  string,
  { record: 'full' | 'masked' | 'FORBIDDEN' | 'UNAUTHENTICATED'; list: boolean; aggregates: boolean }
> = {
  'an OBEC administrator': { record: 'full', list: true, aggregates: true },
  'an OBEC analyst (no pii:read)': { record: 'masked', list: true, aggregates: true },
  'the area officer of the school': { record: 'full', list: true, aggregates: true },
  'an area officer of another area': { record: 'FORBIDDEN', list: false, aggregates: true },
  'the school’s staff': { record: 'full', list: true, aggregates: true },
  'staff of another school': { record: 'FORBIDDEN', list: false, aggregates: true },
  'a partner agency': { record: 'FORBIDDEN', list: false, aggregates: true },
  'a partner agency holding pii:read': { record: 'FORBIDDEN', list: false, aggregates: true },
  anonymous: { record: 'UNAUTHENTICATED', list: false, aggregates: false },
};

describe('who may see what', () => {
  it.each(viewers)('$name', async ({ name, role, org, scopes }) => {
    const run = role
      ? await h.as(role, org, scopes)
      : (query: string, v: Record<string, unknown>) => gql(h.service.url, query, v);
    const want = expected[name]!;
    const direct = await run(STUDENT, { id: studentId });
    const entity = await run(ENTITY, { id: studentId });
    if (want.record === 'full' || want.record === 'masked') {
      expect(direct.errors).toBeUndefined();
      const s = direct.data.student;
      if (want.record === 'full') {
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
    } else {
      expect(direct.errors?.[0]?.extensions?.code).toBe(want.record);
      expect(entity.errors?.[0]?.extensions?.code).toBe(want.record);
      expect(JSON.stringify(direct.data ?? {})).not.toContain('ธนากร');
      expect(JSON.stringify(entity.data ?? {})).not.toContain('ธนากร');
    }
    const list = await run(SCHOOL_STUDENTS, { id: h.schools.a.id });
    if (want.list) expect(list.data._entities[0].students.totalCount).toBe(1);
    else expect(list.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    const agg = await run(SUMMARY, { id: h.schools.a.id });
    if (want.aggregates)
      expect(agg.data._entities.map((e: any) => e.enrollmentSummary.total)).toEqual([1, 1, 2]);
    else expect(agg.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('finds a student by national ID only with pii:read', async () => {
    const byId = `query($n: String!) { studentByNationalId(nationalId: $n) { id } }`;
    const ok = await (await h.as('area-officer', '1601'))(byId, { n: nationalId });
    expect(ok.data.studentByNationalId.id).toBe(studentId);
    const analyst = await (await h.as('obec-analyst', 'OBEC'))(byId, { n: nationalId });
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('writes an audit record for every read of personal data: who, role, which student, which fields, masked or not', async () => {
    await h.service.dataSource.query(`DELETE FROM pii_access_log`);
    await (
      await h.as('area-officer', '1601')
    )(STUDENT, { id: studentId });
    await (
      await h.as('obec-analyst', 'OBEC')
    )(`query($id: ID!) { student(id: $id) { gender } }`, { id: studentId });
    const rows = await h.service.dataSource.query(
      `SELECT subject, role, org_code, student_id, fields, unmasked FROM pii_access_log ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        subject: 'test:area-officer:1601',
        role: 'area-officer',
        org_code: '1601',
        student_id: studentId,
        fields: ['nationalId', 'firstNameTh', 'lastNameTh', 'birthDate', 'disadvantage'],
        unmasked: true,
      },
    ]);
  });
});
