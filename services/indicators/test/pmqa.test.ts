import { codeOf, M, ok, startIndicators, THIS_YEAR, token, type IndicatorsHarness } from './support';

let h: IndicatorsHarness;
let criteria: Record<string, string>;
const AREA = '9301';

const PROFILE = `mutation($i: PmqaProfileInput!) { savePmqaProfile(input: $i) { status profile { nameTh } } }`;
const ASSESS = `mutation($i: PmqaCriterionInput!) { assessPmqaCriterion(input: $i) { status overallLevel assessedCount criteriaCount
  categories { number level status criteria { criterion { code } level complete evidence { number title responsiblePerson } } } } }`;
const READ = `query($o: String!, $fy: Int!) { pmqaAssessment(orgCode: $o, fiscalYear: $fy) { orgCode status overallLevel
  categories { number nameTh status } } }`;

const evidence = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ title: `หลักฐานที่ ${i + 1}`, responsiblePerson: `นายผู้รับผิดชอบ ${i + 1}` }));
const notes = { approach: 'แนวทาง', deployment: 'การนำไปปฏิบัติ', learning: 'การเรียนรู้', results: 'ผลลัพธ์' };

beforeAll(async () => {
  h = await startIndicators();
  await h.addSchool(AREA);
  await h.addSchool('9302');
  const admin = await token('obec-admin', 'OBEC');
  criteria = {};
  for (const code of ['1.1', '1.2', '2.1', '3.1', '4.1', '5.1', '6.1', '7.1']) {
    const i = {
      fiscalYear: THIS_YEAR,
      framework: 'PMQA',
      code,
      nameTh: `ประเด็น ${code}`,
      nameEn: `Criterion ${code}`,
      unit: 'ระดับ',
      weight: '0',
      ownerLevel: 'AREA_OFFICE',
      pmqaCategory: Number(code[0]),
      scoring: { method: 'PMQA_LEVEL' },
    };
    criteria[code] = ok(await h.q(M.createIndicator, { i }, admin)).createIndicator.id;
  }
}, 60_000);
afterAll(() => h?.stop());

describe('PMQA 4.0 self-assessment', () => {
  it('starts as NOT_STARTED with the 7 categories and every criterion of the catalogue', async () => {
    const a = ok(await h.q(READ, { o: AREA, fy: THIS_YEAR }, await token('area-officer', AREA))).pmqaAssessment;
    expect(a.status).toBe('NOT_STARTED');
    expect(a.categories.map((c: { number: number }) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(a.categories[0].nameTh).toBe('การนำองค์การ');
  });

  it('completes with the lowest level of the 7 categories once every criterion and the profile are in', async () => {
    const director = await token('area-director', AREA);
    const levels: Record<string, string> = { '1.1': 'SIGNIFICANCE', '1.2': 'ADVANCE' };
    let last: any;
    for (const [code, id] of Object.entries(criteria)) {
      last = ok(
        await h.q(ASSESS, { i: { orgCode: AREA, criterionId: id, level: levels[code] ?? 'SIGNIFICANCE', ...notes, evidence: evidence(2) } }, director),
      ).assessPmqaCriterion;
    }
    expect(last).toMatchObject({ status: 'IN_PROGRESS', overallLevel: 'NOT_ASSESSED', assessedCount: 8, criteriaCount: 8 });
    expect(last.categories[0]).toMatchObject({ number: 1, level: 'ADVANCE', status: 'COMPLETE' });
    const done = ok(
      await h.q(
        PROFILE,
        {
          i: {
            orgCode: AREA,
            fiscalYear: THIS_YEAR,
            nameTh: 'สำนักงานเขตพื้นที่การศึกษาทดสอบ',
            vision: 'วิสัยทัศน์',
            mission: 'พันธกิจ',
            structure: 'โครงสร้าง',
            stakeholders: 'ผู้มีส่วนได้ส่วนเสีย',
            challenges: 'ความท้าทาย',
          },
        },
        director,
      ),
    ).savePmqaProfile;
    expect(done).toMatchObject({ status: 'COMPLETE', profile: { nameTh: 'สำนักงานเขตพื้นที่การศึกษาทดสอบ' } });
    const read = ok(await h.q(READ, { o: AREA, fy: THIS_YEAR }, await token('obec-analyst', 'OBEC'))).pmqaAssessment;
    expect(read.overallLevel).toBe('ADVANCE');
  });

  it('refuses an assessed level without 2–5 evidence items and all four ADLR notes, in Thai', async () => {
    const res = await h.q(
      ASSESS,
      { i: { orgCode: AREA, criterionId: criteria['2.1'], level: 'BASIC', approach: 'ก', evidence: evidence(1) } },
      await token('area-director', AREA),
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.problems.map((p: { field: string }) => p.field).sort()).toEqual([
      'deployment',
      'evidence',
      'learning',
      'results',
    ]);
    const six = await h.q(
      ASSESS,
      { i: { orgCode: AREA, criterionId: criteria['2.1'], level: 'BASIC', ...notes, evidence: evidence(6) } },
      await token('area-director', AREA),
    );
    expect(codeOf(six)).toBe('BAD_USER_INPUT');
  });

  it('lets only the office assess itself; other offices and partners see no assessment', async () => {
    const other = await h.q(
      ASSESS,
      { i: { orgCode: AREA, criterionId: criteria['2.1'], level: 'NOT_ASSESSED', evidence: [] } },
      await token('area-director', '9302'),
    );
    expect(codeOf(other)).toBe('FORBIDDEN');
    expect(ok(await h.q(READ, { o: AREA, fy: THIS_YEAR }, await token('area-officer', '9302'))).pmqaAssessment).toBeNull();
    expect(ok(await h.q(READ, { o: AREA, fy: THIS_YEAR }, await token('partner', 'EEF'))).pmqaAssessment).toBeNull();
    const school = await h.addSchool(AREA);
    const bySchool = await h.q(
      ASSESS,
      { i: { orgCode: school.obecCode, criterionId: criteria['2.1'], level: 'NOT_ASSESSED', evidence: [] } },
      await token('school-director', school.obecCode),
    );
    expect(codeOf(bySchool)).toBe('BAD_USER_INPUT');
  });
});
