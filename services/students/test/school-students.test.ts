import { REGISTER, registerInput, startStudents, type StudentsHarness } from './support';

/**
 * `School.students` asked for `totalCount` alone is answered by a grouped count instead of a page
 * (dashboards); it must count exactly the students the page lists, for every viewer and filter. And
 * area and province summaries count classrooms as the sum of their schools' rooms.
 */
let h: StudentsHarness;
let movedAway: string;
let pending: string;

beforeAll(async () => {
  h = await startStudents();
  const admin = await h.as('obec-admin', 'OBEC');
  const register = async (school: string, gradeLevel: string, classroom: string) => {
    const res = await admin(REGISTER, { i: registerInput(school, { gradeLevel, classroom }) });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.registerStudent.id as string;
  };
  const { a, b, c } = h.schools;
  // School A: P3 rooms 1 and 2, P4 room 1; school B (same area): P3 room 1; school C (area 1602): P3 room 1.
  await register(a.obecCode, 'P3', '1');
  await register(a.obecCode, 'P3', '1');
  await register(a.obecCode, 'P3', '2');
  await register(a.obecCode, 'P4', '1');
  await register(b.obecCode, 'P3', '1');
  await register(c.obecCode, 'P3', '1');
  // One child moved from A to B (accepted), one released by A towards B (pending).
  movedAway = await register(a.obecCode, 'P3', '1');
  pending = await register(a.obecCode, 'P3', '2');
  const release = async (studentId: string) => {
    const res = await admin(`mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id } }`, {
      i: { studentId, toSchoolCode: b.obecCode, releasedOn: '2026-08-01' },
    });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.releaseStudent.id as string;
  };
  const transferId = await release(movedAway);
  await release(pending);
  const accepted = await admin(
    `mutation($i: AcceptTransferInput!) { acceptTransfer(input: $i) { status } }`,
    {
      i: { transferId, schoolCode: b.obecCode, gradeLevel: 'P3', classroom: '1', acceptedOn: '2026-08-02' },
    },
  );
  if (accepted.errors) throw new Error(JSON.stringify(accepted.errors));
});
afterAll(() => h.stop());

const COUNT_ONLY = `query($id: ID!, $f: StudentFilter) { _entities(representations: [{ __typename: "School", id: $id }]) {
  ... on School { students(first: 5, filter: $f) { totalCount } } } }`;
const COUNT_BY_FRAGMENT = `query($id: ID!, $f: StudentFilter) { _entities(representations: [{ __typename: "School", id: $id }]) {
  ... on School { students(first: 5, filter: $f) { ...Count } } } } fragment Count on StudentConnection { totalCount }`;
const PAGE = `query($id: ID!, $f: StudentFilter) { _entities(representations: [{ __typename: "School", id: $id }]) {
  ... on School { students(first: 100, filter: $f) { totalCount edges { node { id } } } } } }`;

describe('School.students asked for totalCount only', () => {
  const viewers: Array<[string, Parameters<StudentsHarness['as']>[0], string]> = [
    ['an OBEC administrator', 'obec-admin', 'OBEC'],
    ['the area officer of schools A and B', 'area-officer', '1601'],
    ['an area officer of another area', 'area-officer', '1602'],
    ['school A', 'school-staff', '1016010001'],
    ['school B', 'school-staff', '1016010002'],
  ];
  const filters: Array<Record<string, unknown> | null> = [
    null,
    { activeOnly: false },
    { gradeLevel: 'P3' },
    { classroom: '2', activeOnly: false },
    { academicYear: 2568 },
  ];

  it.each(viewers)(
    'counts exactly the students the page lists, for %s, with every filter',
    async (_, role, org) => {
      const run = await h.as(role, org);
      for (const school of [h.schools.a, h.schools.b, h.schools.c]) {
        for (const f of filters) {
          const page = await run(PAGE, { id: school.id, f });
          const count = await run(COUNT_ONLY, { id: school.id, f });
          const byFragment = await run(COUNT_BY_FRAGMENT, { id: school.id, f });
          expect([page.errors, count.errors, byFragment.errors]).toEqual([undefined, undefined, undefined]);
          const listed = page.data._entities[0].students;
          expect(listed.totalCount).toBe(listed.edges.length);
          expect(count.data._entities[0].students).toEqual({ totalCount: listed.totalCount });
          expect(byFragment.data._entities[0].students).toEqual({ totalCount: listed.totalCount });
        }
      }
    },
  );

  it('counts the students a school owns: not a child who moved away; a released child only among all enrolments', async () => {
    const admin = await h.as('obec-admin', 'OBEC');
    const total = async (id: string, f: Record<string, unknown> | null = null) =>
      (await admin(COUNT_ONLY, { id, f })).data._entities[0].students.totalCount;
    // A: four active; with ended enrolments also the child released towards B (A's enrolment ended,
    // still A's until B accepts), never the child B accepted.
    expect(await total(h.schools.a.id)).toBe(4);
    expect(await total(h.schools.a.id, { activeOnly: false })).toBe(5);
    expect(await total(h.schools.b.id)).toBe(2);
    const ids = (
      await admin(PAGE, { id: h.schools.a.id, f: { activeOnly: false } })
    ).data._entities[0].students.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toContain(pending);
    expect(ids).not.toContain(movedAway);
    const other = await h.as('area-officer', '1602');
    expect((await other(COUNT_ONLY, { id: h.schools.a.id })).data._entities[0].students.totalCount).toBe(0);
  });
});

describe('enrolment summaries', () => {
  const SUMMARIES = `{ _entities(representations: [
      { __typename: "School", id: "$A" }, { __typename: "AreaOffice", code: "1601" }, { __typename: "Province", code: "16" }]) {
    ... on School { enrollmentSummary(academicYear: 2569) { grades { gradeLevel total classrooms } } }
    ... on AreaOffice { enrollmentSummary(academicYear: 2569) { grades { gradeLevel total classrooms } } }
    ... on Province { enrollmentSummary(academicYear: 2569) { grades { gradeLevel total classrooms } } } } }`;

  it('counts an area’s and a province’s classrooms as the sum of their schools’ rooms, not the distinct room labels', async () => {
    const res = await (await h.as('obec-admin', 'OBEC'))(SUMMARIES.replace('$A', h.schools.a.id));
    expect(res.errors).toBeUndefined();
    const [school, area, province] = res.data._entities.map((e: any) => e.enrollmentSummary.grades);
    // School A's active P3: rooms "1" and "2". School B's P3: room "1" (with the child who moved in).
    expect(school).toEqual([
      { gradeLevel: 'P3', total: 3, classrooms: 2 },
      { gradeLevel: 'P4', total: 1, classrooms: 1 },
    ]);
    // Area 1601 (A and B): 2 + 1 P3 rooms, though only labels "1" and "2" exist. Province 16: C's room too.
    expect(area).toEqual([
      { gradeLevel: 'P3', total: 5, classrooms: 3 },
      { gradeLevel: 'P4', total: 1, classrooms: 1 },
    ]);
    expect(province).toEqual([
      { gradeLevel: 'P3', total: 6, classrooms: 4 },
      { gradeLevel: 'P4', total: 1, classrooms: 1 },
    ]);
  });
});
