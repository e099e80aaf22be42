import { REGISTER, nextNationalId, registerInput, startStudents, type StudentsHarness } from './support';

/*
 * Achievement (Students II) against a real PostgreSQL: subject results, GPA per term and cumulative
 * (exact, truncated), ร/มส/ผ/มผ, the promotion check, O-NET imports and means, and who may see them.
 * The GPA arithmetic itself is worked by hand in src/modules/achievement/grading.spec.ts.
 */

let h: StudentsHarness;
let studentId: string;
let nationalId: string;
let second: { id: string; nid: string };
let otherSchoolNid: string;

const RECORD = `mutation($i: RecordSubjectResultsInput!) { recordSubjectResults(input: $i) { id } }`;
const GPA = `query($id: ID!, $y: Int!, $t: Int!) { student(id: $id) { id gpa(academicYear: $y, term: $t) {
  termGpa termCredits cumulativeGpa cumulativeCredits pendingSubjects promotionEligible blockingSubjects
  results { subjectCode credits grade } rule } } }`;
const IMPORT = `mutation($i: ImportOnetResultsInput!) { importOnetResults(input: $i) {
  rowsRead recorded replaced unchanged errors { row column messageEn messageTh } } }`;
const ONET = `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) {
  ... on School { onetSummary(academicYear: 2569) { subject subjectTh students mean } } } }`;

const record = (results: unknown[], term = 1, academicYear = 2569, id = studentId) => ({
  studentId: id,
  academicYear,
  term,
  results,
});
const r = (subjectCode: string, credits: number, grade: string) => ({
  subjectCode,
  subjectNameTh: `วิชา ${subjectCode}`,
  credits,
  grade,
});

beforeAll(async () => {
  h = await startStudents();
  const admin = await h.as('obec-admin', 'OBEC');
  const input = registerInput(h.schools.a.obecCode, { gradeLevel: 'P6' });
  nationalId = input.nationalId as string;
  studentId = (await admin(REGISTER, { i: input })).data.registerStudent.id;
  const i2 = registerInput(h.schools.a.obecCode, { gradeLevel: 'P6' });
  second = { id: (await admin(REGISTER, { i: i2 })).data.registerStudent.id, nid: i2.nationalId as string };
  const other = registerInput(h.schools.c.obecCode);
  otherSchoolNid = other.nationalId as string;
  await admin(REGISTER, { i: other });
});
afterAll(() => h.stop());

describe('subject results and GPA', () => {
  it('answers a credit-weighted GPA per term and cumulatively, exact and truncated', async () => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    // Term 1: (1.5×4 + 1.5×3 + 1×2.5) / 4 = 13 / 4 = 3.25
    const t1 = await staff(RECORD, {
      i: record([r('ท16101', 1.5, '4'), r('ค16101', 1.5, '3'), r('ว16101', 1, '2.5'), r('ก16901', 0, 'ผ')]),
    });
    expect(t1.errors).toBeUndefined();
    // Term 2: (1×4 + 1×3.5 + 1×3.5) / 3 = 11 / 3 = 3.666… → 3.66 (truncated, not 3.67)
    await staff(RECORD, {
      i: record([r('ท16102', 1, '4'), r('ค16102', 1, '3.5'), r('ว16102', 1, '3.5')], 2),
    });
    const res = await staff(GPA, { id: studentId, y: 2569, t: 2 });
    expect(res.errors).toBeUndefined();
    // Cumulative: (13 + 11) / (4 + 3) = 24 / 7 = 3.428… → 3.42
    expect(res.data.student.gpa).toMatchObject({
      termGpa: '3.66',
      termCredits: '3.0',
      cumulativeGpa: '3.42',
      cumulativeCredits: '7.0',
      pendingSubjects: 0,
      promotionEligible: true,
      blockingSubjects: [],
    });
    expect(res.data.student.gpa.rule).toContain('ไม่ปัดเศษ');
    const t1gpa = (await staff(GPA, { id: studentId, y: 2569, t: 1 })).data.student.gpa;
    expect(t1gpa).toMatchObject({ termGpa: '3.25', cumulativeGpa: '3.25' });
    expect(t1gpa.results).toEqual([
      { subjectCode: 'ก16901', credits: '0.0', grade: 'ผ' },
      { subjectCode: 'ค16101', credits: '1.5', grade: '3' },
      { subjectCode: 'ท16101', credits: '1.5', grade: '4' },
      { subjectCode: 'ว16101', credits: '1.0', grade: '2.5' },
    ]);
  });

  it('leaves ร and มส out of the GPA and lets them, a 0 and มผ block promotion; a corrected result lifts the block', async () => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    await staff(RECORD, {
      i: record([r('ส16101', 1, 'ร'), r('พ16101', 1, 'มส'), r('ก16902', 0, 'ไม่ผ่าน')], 2),
    });
    let gpa = (await staff(GPA, { id: studentId, y: 2569, t: 2 })).data.student.gpa;
    expect(gpa).toMatchObject({ termGpa: '3.66', pendingSubjects: 2, promotionEligible: false });
    expect(gpa.blockingSubjects.sort()).toEqual(['ก16902 มผ', 'พ16101 มส', 'ส16101 ร'].sort());
    // The school re-assesses: the subjects recorded again replace their results.
    await staff(RECORD, { i: record([r('ส16101', 1, '๑'), r('พ16101', 1, '0'), r('ก16902', 0, 'ผ่าน')], 2) });
    gpa = (await staff(GPA, { id: studentId, y: 2569, t: 2 })).data.student.gpa;
    // Term 2 now: (4 + 3.5 + 3.5 + 1×1 + 1×0) / 5 = 12 / 5 = 2.40
    expect(gpa).toMatchObject({
      termGpa: '2.40',
      pendingSubjects: 0,
      promotionEligible: false,
      blockingSubjects: ['พ16101 0'],
    });
    await staff(RECORD, { i: record([r('พ16101', 1, '1')], 2) });
    gpa = (await staff(GPA, { id: studentId, y: 2569, t: 2 })).data.student.gpa;
    // (4 + 3.5 + 3.5 + 1 + 1) / 5 = 13 / 5 = 2.60
    expect(gpa).toMatchObject({ termGpa: '2.60', promotionEligible: true, blockingSubjects: [] });
  });

  it.each([
    ['a grade off the scale', [r('ท1', 1, '4.5')], 'results[0].grade', 'ไม่รู้จักผลการเรียน'],
    ['credits not in halves', [r('ท11', 1.25, '4')], 'results[0].credits', 'หน่วยกิต'],
    ['an activity with credits', [r('ก11', 1, 'ผ')], 'results[0].credits', 'ไม่มีหน่วยกิต'],
    ['a graded subject without credits', [r('ท11', 0, '3')], 'results[0].credits', 'มากกว่า 0'],
    ['a subject given twice', [r('ท11', 1, '3'), r('ท11', 1, '4')], 'results[1].subjectCode', 'ซ้ำกัน'],
    ['no results', [], 'results', 'ต้องระบุผลการเรียน'],
  ])('refuses %s with BAD_USER_INPUT in Thai and writes nothing', async (_, results, field, th) => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const res = await staff(RECORD, { i: record(results, 1, 2569, second.id) });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.errors?.[0]?.extensions?.messageTh).toContain(th);
    expect((res.errors?.[0]?.extensions?.problems as Array<{ field: string }>).map((p) => p.field)).toContain(
      field,
    );
    expect(
      await h.service.dataSource.query(`SELECT 1 FROM subject_result WHERE student_id = $1`, [second.id]),
    ).toEqual([]);
  });
});

describe('who may see and change grades (personal)', () => {
  it('refuses writes from another school, another area, partners and analysts with NOT_FOUND', async () => {
    for (const [role, org] of [
      ['school-staff', h.schools.c.obecCode],
      ['area-officer', '1602'],
      ['partner', 'EEF'],
      ['obec-analyst', 'OBEC'],
    ] as const) {
      const res = await (await h.as(role, org))(RECORD, { i: record([r('ท16101', 1.5, '0')]) });
      expect([role, res.errors?.[0]?.extensions?.code]).toEqual([role, 'NOT_FOUND']);
    }
    const [row] = await h.service.dataSource.query(
      `SELECT grade FROM subject_result WHERE student_id = $1 AND subject_code = 'ท16101'`,
      [studentId],
    );
    expect(row.grade).toBe('4');
  });

  it('audits every unmasked read; withholds the GPA without pii:read; hides it from other schools and partners', async () => {
    await h.service.dataSource.query(`DELETE FROM personal_data_access`);
    const area = await h.as('area-officer', '1601');
    expect((await area(GPA, { id: studentId, y: 2569, t: 1 })).data.student.gpa.termGpa).toBe('3.25');
    const audited = await h.service.dataSource.query(
      `SELECT DISTINCT unnest(fields) AS f FROM personal_data_access WHERE record_type = 'Student' AND record_id = $1`,
      [studentId],
    );
    expect(audited.map((a: { f: string }) => a.f)).toEqual(
      expect.arrayContaining(['gpa', 'StudentGpa.termGpa']),
    );
    await h.service.dataSource.query(`DELETE FROM personal_data_access`);
    for (const run of [
      await h.as('obec-analyst', 'OBEC'),
      await h.as('school-staff', h.schools.a.obecCode, []),
    ]) {
      const res = await run(GPA, { id: studentId, y: 2569, t: 1 });
      expect(res.data.student).toEqual({ id: studentId, gpa: null });
    }
    expect(await h.service.dataSource.query(`SELECT 1 FROM personal_data_access`)).toEqual([]);
    for (const [role, org] of [
      ['school-staff', h.schools.c.obecCode],
      ['partner', 'EEF'],
    ] as const) {
      expect((await (await h.as(role, org))(GPA, { id: studentId, y: 2569, t: 1 })).data.student).toBeNull();
    }
  });
});

describe('O-NET', () => {
  it('imports a school file with row errors in both languages and means per subject', async () => {
    await h.service.dataSource.query(`DELETE FROM personal_data_access`);
    const unknown = nextNationalId();
    const lines = [
      'เลขประจำตัวประชาชน,ชื่อ,วิชา,คะแนน',
      `${nationalId},ก,ภาษาไทย,55.25`, // 2 ok
      `${second.nid},ข,ภาษาไทย,๖๔.๕๐`, // 3 ok (Thai digits)
      `${nationalId},ก,คณิตศาสตร์,30`, // 4 ok
      `${nationalId},ก,ภาษาไทย,56`, // 5 duplicate of row 2
      `${nationalId},ก,ดนตรี,50`, // 6 unknown subject
      `${second.nid},ข,MATH,100.5`, // 7 score over 100
      `${second.nid},ข,science,12.345`, // 8 three decimals
      `${otherSchoolNid},ค,ภาษาไทย,50`, // 9 another school's child
      `${unknown},ง,ภาษาไทย,50`, // 10 unknown child: same message
    ];
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const res = await staff(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        fileName: 'onet.csv',
        contentBase64: Buffer.from(lines.join('\n')).toString('base64'),
      },
    });
    expect(res.errors).toBeUndefined();
    const report = res.data.importOnetResults;
    expect(report).toMatchObject({ rowsRead: 9, recorded: 3, replaced: 0, unchanged: 0 });
    const rows = report.errors.map((e: { row: number; column: string; messageTh: string }) => [
      e.row,
      e.column,
      e.messageTh,
    ]);
    expect(rows).toEqual([
      [5, 'เลขประจำตัวประชาชน', 'ซ้ำกับแถวที่ 2'],
      [6, 'วิชา', expect.stringContaining('ไม่รู้จักวิชา O-NET "ดนตรี"')],
      [7, 'คะแนน', 'คะแนนต้องอยู่ระหว่าง 0–100 ทศนิยมไม่เกิน 2 ตำแหน่ง'],
      [8, 'คะแนน', 'คะแนนต้องอยู่ระหว่าง 0–100 ทศนิยมไม่เกิน 2 ตำแหน่ง'],
      [9, 'เลขประจำตัวประชาชน', 'ไม่ใช่นักเรียนของโรงเรียนนี้ (ไม่พบ หรือเป็นนักเรียนของที่อื่น)'],
      [10, 'เลขประจำตัวประชาชน', 'ไม่ใช่นักเรียนของโรงเรียนนี้ (ไม่พบ หรือเป็นนักเรียนของที่อื่น)'],
    ]);
    expect(JSON.stringify(report)).not.toContain(h.schools.c.obecCode);
    const [{ n }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM personal_data_access WHERE fields && $1::text[]`,
      [[`lookup:nationalId:${otherSchoolNid}`, `lookup:nationalId:${unknown}`]],
    );
    expect(n).toBe(2);
    const again = await staff(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        fileName: 'onet.csv',
        contentBase64: Buffer.from(lines.slice(0, 3).join('\n') + `\n${nationalId},ก,คณิตศาสตร์,31`).toString(
          'base64',
        ),
      },
    });
    expect(again.data.importOnetResults).toMatchObject({
      rowsRead: 3,
      recorded: 0,
      replaced: 1,
      unchanged: 2,
    });

    // Thai: (55.25 + 64.50) / 2 = 59.875 → 59.88 (rounded to two decimals); maths: 31 (one student)
    const means = (await staff(ONET, { id: h.schools.a.id })).data._entities[0].onetSummary;
    expect(means).toEqual([
      { subject: 'MATH', subjectTh: 'คณิตศาสตร์', students: 1, mean: 31 },
      { subject: 'THAI', subjectTh: 'ภาษาไทย', students: 2, mean: 59.88 },
    ]);
    const partner = (await (await h.as('partner', 'EEF'))(ONET, { id: h.schools.a.id })).data._entities[0]
      .onetSummary;
    expect(partner).toEqual([
      { subject: 'MATH', subjectTh: 'คณิตศาสตร์', students: null, mean: null },
      { subject: 'THAI', subjectTh: 'ภาษาไทย', students: null, mean: null },
    ]);
  });

  it('refuses an import for a school the viewer may not write', async () => {
    const res = await (
      await h.as('school-staff', h.schools.c.obecCode)
    )(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        fileName: 'x.csv',
        contentBase64: Buffer.from('a\n1').toString('base64'),
      },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
