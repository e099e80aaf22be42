import { toThaiDigits } from '@smss/thai';
import { REGISTER, nextNationalId, registerInput, startStudents, type StudentsHarness } from './support';

/*
 * Out-of-school children: an area's MOI population (messy: Thai digits, dashes, B.E. and ISO dates,
 * missing birth dates, duplicates, bad check digits) matched by national ID against every enrolment of
 * the year — any school, any area — with the compulsory-age boundaries, follow-ups and who sees what.
 */

let h: StudentsHarness;
type Run = Awaited<ReturnType<StudentsHarness['as']>>;
let admin: Run;
let officer: Run;
const YEAR = 2569; // reference date 2026-05-16
const A = '1016010001';
const n: Record<string, string> = {};

const HEADER = 'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,วันเดือนปีเกิด,รหัสอำเภอ,อำเภอ,หมู่ที่';
const dashed = (id: string) => `${id[0]}-${id.slice(1, 5)}-${id.slice(5, 10)}-${id.slice(10, 12)}-${id[12]}`;
const badCheck = (id: string) => id.slice(0, 12) + String((Number(id[12]) + 1) % 10);

function populationFile(omit: string[] = []): string {
  const rows: Array<[string, string, string, string, string]> = [
    // key, id as written, birth date as written, district, village
    ['N1', toThaiDigits(dashed(n.N1!)), '2017-03-04', '1601', '1'], // enrolled here
    ['N2', n.N2!, '04/03/2560', '1601', '1'], // enrolled in another area
    ['N3', n.N3!, '2560-01-01', '1601', '1'], // enrolled last year only → out of school
    ['N4', n.N4!, '๑๕/๐๖/๒๕๖๑', '1601', '1'], // dropped out this year → out of school
    ['N5', n.N5!, '2020-05-16', '1602', 'หมู่ที่ ๓'], // exactly 6 on the reference date
    ['N6', n.N6!, '2020-05-17', '1601', '2'], // 5 (turns 6 the day after)
    ['N7', n.N7!, '17/05/2553', '1602', '3'], // 15 (turns 16 the day after)
    ['N8', n.N8!, '2010-05-16', '1601', '2'], // turns 16 on the reference date → not compulsory
    ['N9', n.N9!, '', '1602', '๓'], // birth date missing → age unknown
    ['N5', n.N5!, '2020-05-16', '1602', '4'], // duplicate of N5 → collapsed
    ['BAD', badCheck(n.N11!), '2015-01-01', '1601', '1'], // bad check digit
    ['N10', n.N10!, '', '1601', ''], // missing birth date here …
    ['N10', dashed(n.N10!), '02/02/2559', '1601', ''], // … given by its duplicate: that row wins
    ['DATE', n.N12!, '31/02/2560', '1601', '1'], // not a date
    ['DIST', n.N13!, '2015-01-01', '16O1', '1'], // bad district code
  ];
  return [
    HEADER,
    ...rows
      .filter(([k]) => !omit.includes(k))
      .map(
        ([, id, birth, district, village]) =>
          `${id},เด็กชาย,ทดสอบ,นามสกุล${district},${birth},${district},เมืองลพบุรี,${village}`,
      ),
  ].join('\n');
}

const IMPORT = `mutation($i: ImportPopulationRegistryInput!) { importPopulationRegistry(input: $i) {
  importId rowsRead children rejected duplicates missingBirthDate errorCount errors { row column messageEn messageTh } } }`;
const importAs = (run: Run, csv: string, area = '1601') =>
  run(IMPORT, {
    i: {
      areaOfficeCode: area,
      academicYear: YEAR,
      fileName: 'moi.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    },
  });
const LIST = `query($a: String!, $d: String, $first: Int, $after: String) {
  outOfSchoolChildren(areaOfficeCode: $a, academicYear: ${YEAR}, districtCode: $d, first: $first, after: $after) {
    referenceDate totalCount pageInfo { hasNextPage endCursor }
    groups { districtCode village compulsoryAge outOfSchool ageUnknown }
    edges { node { id nationalId firstName birthDate ageOnReferenceDate districtCode village followUp { status reason } } } } }`;

beforeAll(async () => {
  h = await startStudents();
  admin = await h.as('obec-admin', 'OBEC');
  officer = await h.as('area-officer', '1601');
  for (const k of ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9', 'N10', 'N11', 'N12', 'N13'])
    n[k] = nextNationalId();
  const reg = async (school: string, id: string, o: Record<string, unknown> = {}) => {
    const r = await admin(REGISTER, {
      i: registerInput(school, { nationalId: id, academicYear: YEAR, ...o }),
    });
    expect(r.errors).toBeUndefined();
    return r.data.registerStudent.id as string;
  };
  await reg(A, n.N1!);
  await reg(h.schools.c.obecCode, n.N2!); // school C is in area 1602
  await reg(A, n.N3!, { academicYear: 2568, startedOn: '2025-05-16' });
  const dropped = await reg(A, n.N4!);
  const left = await admin(`mutation($i: RecordLeavingInput!) { recordLeaving(input: $i) { status } }`, {
    i: { studentId: dropped, reason: 'DROPPED_OUT', leftOn: '2026-06-01' },
  });
  expect(left.errors).toBeUndefined();
}, 60_000);
afterAll(() => h.stop());

describe('importPopulationRegistry', () => {
  it('is for officers of that area and OBEC administrators only', async () => {
    for (const [role, org] of [
      ['school-director', A],
      ['area-officer', '1602'],
      ['obec-analyst', 'OBEC'],
      ['partner', 'EEF'],
    ] as const) {
      const r = await importAs(await h.as(role, org), populationFile());
      expect([role, r.errors?.[0]?.extensions?.code]).toEqual([role, 'FORBIDDEN']);
      expect(r.errors?.[0]?.extensions?.messageTh).toBeTruthy();
    }
    const [{ c }] = await h.service.dataSource.query(`SELECT count(*)::int AS c FROM population_child`);
    expect(c).toBe(0);
  });

  it('reads messy MOI data: Thai digits, dashes, B.E./ISO dates, missing dates; collapses duplicates; reports bad rows in both languages', async () => {
    const r = await importAs(officer, populationFile());
    expect(r.errors).toBeUndefined();
    const rep = r.data.importPopulationRegistry;
    expect(rep).toMatchObject({
      rowsRead: 15,
      children: 10,
      rejected: 3,
      duplicates: 2,
      missingBirthDate: 1,
      errorCount: 5,
    });
    const byRow = new Map(rep.errors.map((e: any) => [e.row, e]));
    expect(byRow.get(11)).toMatchObject({
      row: 11,
      column: 'เลขประจำตัวประชาชน',
      messageEn: expect.stringContaining('duplicate of row 6'),
    });
    expect(byRow.get(12)).toMatchObject({
      column: 'เลขประจำตัวประชาชน',
      messageTh: expect.stringContaining('หลักตรวจสอบ'),
    });
    expect(byRow.get(13)).toMatchObject({ messageEn: expect.stringContaining('duplicate of row 14') });
    expect(byRow.get(15)).toMatchObject({
      column: 'วันเดือนปีเกิด',
      messageTh: expect.stringContaining('ไม่ใช่วันที่'),
    });
    expect(byRow.get(16)).toMatchObject({ column: 'รหัสอำเภอ', messageTh: expect.stringContaining('4 หลัก') });
  });

  it('refuses a file without the required columns, an unknown area and a non-base64 body, writing nothing', async () => {
    const noId = await importAs(officer, 'ชื่อ,นามสกุล\nก,ข');
    expect(noId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(noId.errors?.[0]?.extensions?.messageTh).toMatch(/ไม่พบคอลัมน์/);
    expect((await importAs(admin, populationFile(), '9999')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const junk = await officer(IMPORT, {
      i: { areaOfficeCode: '1601', academicYear: YEAR, fileName: 'x.csv', contentBase64: '%%%' },
    });
    expect(junk.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const [{ c }] = await h.service.dataSource.query(`SELECT count(*)::int AS c FROM population_import`);
    expect(c).toBe(1);
  });
});

describe('outOfSchoolChildren', () => {
  it('lists children of compulsory age enrolled nowhere this year; a child enrolled in another area counts as enrolled; ages 6 and 15 included, 16 and 5 not', async () => {
    const r = await officer(LIST, { a: '1601', first: 50 });
    expect(r.errors).toBeUndefined();
    const c = r.data.outOfSchoolChildren;
    expect(c.referenceDate).toBe('2026-05-16');
    const listed = new Map(c.edges.map((e: any) => [e.node.nationalId, e.node]));
    expect([...listed.keys()].sort()).toEqual([n.N3, n.N4, n.N5, n.N7, n.N10].sort());
    expect(c.totalCount).toBe(5);
    expect(listed.get(n.N5)).toMatchObject({
      ageOnReferenceDate: 6,
      birthDate: '2020-05-16',
      districtCode: '1602',
      village: 3,
    });
    expect(listed.get(n.N7)).toMatchObject({ ageOnReferenceDate: 15, birthDate: '2010-05-17' });
    expect(listed.get(n.N4)).toMatchObject({ birthDate: '2018-06-15' });
    expect(listed.get(n.N10)).toMatchObject({ birthDate: '2016-02-02', village: null });
    expect(c.groups).toEqual([
      { districtCode: '1601', village: 1, compulsoryAge: 4, outOfSchool: 2, ageUnknown: 0 },
      { districtCode: '1601', village: 2, compulsoryAge: 0, outOfSchool: 0, ageUnknown: 0 },
      { districtCode: '1601', village: null, compulsoryAge: 1, outOfSchool: 1, ageUnknown: 0 },
      { districtCode: '1602', village: 3, compulsoryAge: 2, outOfSchool: 2, ageUnknown: 1 },
    ]);
  });

  it('pages, filters by district, and follows an enrolment made later', async () => {
    const p1 = (await officer(LIST, { a: '1601', first: 2 })).data.outOfSchoolChildren;
    expect(p1.edges).toHaveLength(2);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await officer(LIST, { a: '1601', first: 50, after: p1.pageInfo.endCursor })).data
      .outOfSchoolChildren;
    expect(p2.edges).toHaveLength(3);
    const d = (await officer(LIST, { a: '1601', d: '1602', first: 50 })).data.outOfSchoolChildren;
    expect(d.edges.map((e: any) => e.node.nationalId).sort()).toEqual([n.N5, n.N7].sort());
    // N7 is enrolled at a school of another area: no longer out of school
    await admin(REGISTER, {
      i: registerInput(h.schools.s.obecCode, {
        nationalId: n.N7,
        academicYear: YEAR,
        gradeLevel: 'M3',
        birthDate: '2010-05-17',
      }),
    });
    const after = (await officer(LIST, { a: '1601', first: 50 })).data.outOfSchoolChildren;
    expect(after.totalCount).toBe(4);
    expect(after.edges.map((e: any) => e.node.nationalId)).not.toContain(n.N7);
  });

  it('shows the list to officers of the area and OBEC administrators only; others get counts from outOfSchoolSummary', async () => {
    expect(
      (await (await h.as('area-director', '1601'))(LIST, { a: '1601' })).data.outOfSchoolChildren.totalCount,
    ).toBe(4);
    expect((await admin(LIST, { a: '1601' })).data.outOfSchoolChildren.totalCount).toBe(4);
    for (const [role, org, scopes] of [
      ['obec-analyst', 'OBEC', undefined],
      ['school-director', A, undefined],
      ['area-officer', '1602', undefined],
      ['partner', 'EEF', ['aggregates:read', 'pii:read']],
    ] as const) {
      const r = await (await h.as(role, org, scopes as string[] | undefined))(LIST, { a: '1601' });
      expect([role, r.errors?.[0]?.extensions?.code, r.data]).toEqual([role, 'FORBIDDEN', null]);
      expect(JSON.stringify(r)).not.toContain(n.N5!);
    }
    const SUMMARY = `{ outOfSchoolSummary(areaOfficeCode: "1601", academicYear: ${YEAR}) { districtCode village compulsoryAge outOfSchool ageUnknown } }`;
    const partner = (await (await h.as('partner', 'EEF'))(SUMMARY)).data.outOfSchoolSummary;
    expect(partner).toContainEqual({
      districtCode: '1601',
      village: 1,
      compulsoryAge: 4,
      outOfSchool: null,
      ageUnknown: 0,
    });
    const school = (await (await h.as('school-staff', A))(SUMMARY)).data.outOfSchoolSummary;
    expect(school).toContainEqual({
      districtCode: '1601',
      village: 1,
      compulsoryAge: 4,
      outOfSchool: 2,
      ageUnknown: 0,
    });
  });

  it('masks personal data for an area officer without pii:read', async () => {
    const r = (await (await h.as('area-officer', '1601', []))(LIST, { a: '1601', d: '1602' })).data
      .outOfSchoolChildren;
    const node = r.edges[0].node;
    expect(node.nationalId).not.toBe(n.N5);
    expect(node.nationalId).toMatch(/x/);
    expect(node.birthDate).toMatch(/-xx-xx$/);
    expect(node.followUp).toBeNull();
    // unmasked reads (the officer with pii:read above) are on the shared audit; masked ones are not
    const [{ audited }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS audited FROM personal_data_access WHERE record_type = 'OutOfSchoolChild'`,
    );
    expect(audited).toBeGreaterThan(0);
  });
});

describe('recordOutOfSchoolFollowUp', () => {
  const FOLLOW = `mutation($i: RecordOutOfSchoolFollowUpInput!) { recordOutOfSchoolFollowUp(input: $i) {
    id nationalId followUp { status reason note recordedBy } followUps { status } } }`;

  it('keeps the history (who, when), needs a reason for OUT_OF_SCHOOL, and is refused outside the area', async () => {
    const list = (await officer(LIST, { a: '1601', first: 50 })).data.outOfSchoolChildren;
    const child = list.edges.find((e: any) => e.node.nationalId === n.N3).node;
    const noReason = await officer(FOLLOW, { i: { childId: child.id, status: 'OUT_OF_SCHOOL' } });
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(noReason.errors?.[0]?.extensions?.messageTh).toMatch(/เหตุผล/);
    const other = await (
      await h.as('area-officer', '1602')
    )(FOLLOW, { i: { childId: child.id, status: 'MOVED' } });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const school = await (
      await h.as('school-director', A)
    )(FOLLOW, { i: { childId: child.id, status: 'MOVED' } });
    expect(school.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const first = await officer(FOLLOW, {
      i: { childId: child.id, status: 'OUT_OF_SCHOOL', reason: 'ช่วยครอบครัวทำงาน', note: 'เยี่ยมบ้านแล้ว' },
    });
    expect(first.errors).toBeUndefined();
    const second = await officer(FOLLOW, { i: { childId: child.id, status: 'MOVED', note: 'ย้ายไปจังหวัดอื่น' } });
    expect(second.data.recordOutOfSchoolFollowUp).toMatchObject({
      id: child.id,
      followUp: { status: 'MOVED', reason: null, note: 'ย้ายไปจังหวัดอื่น' },
      followUps: [{ status: 'OUT_OF_SCHOOL' }, { status: 'MOVED' }],
    });
    expect(second.data.recordOutOfSchoolFollowUp.followUp.recordedBy).toBeTruthy();
  });

  it('survives a re-import of the area (same child id, history kept); a child no longer in the file is dropped', async () => {
    const r = await importAs(officer, populationFile(['N4']));
    expect(r.data.importPopulationRegistry.children).toBe(9);
    const list = (await officer(LIST, { a: '1601', first: 50 })).data.outOfSchoolChildren;
    const ids = list.edges.map((e: any) => e.node.nationalId);
    expect(ids).not.toContain(n.N4);
    const child = list.edges.find((e: any) => e.node.nationalId === n.N3).node;
    expect(child.followUp).toEqual({ status: 'MOVED', reason: null });
  });
});
