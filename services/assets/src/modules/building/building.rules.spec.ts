import {
  applyBuildingUpdate,
  budgetSourceOf,
  categoryOf,
  conditionOf,
  normaliseModelCode,
  parseRecordBuilding,
  statusOf,
} from './building.rules';

const SCHOOL = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f';
const TODAY = '2026-12-01';
const valid = {
  schoolId: SCHOOL,
  name: ' อาคาร 1 ',
  typeCode: 'CLASSROOM_ONPEC',
  modelCode: 'สปช. 105/29',
  yearBuilt: 2530,
  constructionCost: '960000.00',
  budgetSource: 'OBEC_BUDGET',
  floors: 2,
  floorArea: 540.5,
  rooms: [
    { use: 'OFFICE', count: 1 },
    { use: 'CLASSROOM', count: 4 },
  ],
  condition: 'DILAPIDATED',
};

describe('a building’s facts', () => {
  it('normalises the name, model code, area and rooms and defaults the assessment to today', () => {
    const { schoolId, facts } = parseRecordBuilding(valid, TODAY);
    expect(schoolId).toBe(SCHOOL);
    expect(facts).toMatchObject({
      name: 'อาคาร 1',
      modelCode: 'สปช.105/29',
      floorArea: '540.50',
      rooms: [
        { use: 'CLASSROOM', count: 4 },
        { use: 'OFFICE', count: 1 },
      ],
      conditionAssessedOn: TODAY,
      status: 'IN_USE',
    });
  });

  it('lists every problem at once in English and Thai', () => {
    try {
      parseRecordBuilding(
        {
          ...valid,
          yearBuilt: 1987,
          floors: 0,
          floorArea: 12.345,
          constructionCost: 5,
          conditionPhotoSha256: ['abc'],
        },
        TODAY,
      );
      throw new Error('expected BAD_USER_INPUT');
    } catch (error) {
      const ext = (
        error as { extensions: { code: string; problems: Array<{ field: string; messageTh: string }> } }
      ).extensions;
      expect(ext.code).toBe('BAD_USER_INPUT');
      expect(ext.problems.map((p) => p.field).sort()).toEqual([
        'conditionPhotoSha256.0',
        'constructionCost',
        'floorArea',
        'floors',
        'yearBuilt',
      ]);
      for (const p of ext.problems) expect(p.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    }
  });

  it('refuses a year built in the future (B.E.)', () => {
    expect(() => parseRecordBuilding({ ...valid, yearBuilt: 2571 }, TODAY)).toThrow(/yearBuilt/);
  });

  it('changes only the fields an update gives and dates a new condition today', () => {
    const { facts } = parseRecordBuilding({ ...valid, conditionAssessedOn: '2025-10-15' }, TODAY);
    const next = applyBuildingUpdate(facts, { condition: 'NEEDS_REPAIR', floorArea: null }, TODAY);
    expect(next).toEqual({
      ...facts,
      condition: 'NEEDS_REPAIR',
      conditionAssessedOn: TODAY,
      floorArea: null,
    });
    expect(applyBuildingUpdate(facts, { condition: facts.condition }, TODAY)).toEqual(facts);
    expect(() => applyBuildingUpdate(facts, { name: null }, TODAY)).toThrow(/name/);
    expect(() => applyBuildingUpdate(facts, { status: null }, TODAY)).toThrow(/status cannot be cleared/);
  });
});

describe('B-OBEC words', () => {
  it.each([
    ['อาคารเรียน สปช. 102/26 ขนาด 3 ห้องเรียน', 'สปช.102/26'],
    ['ต่อเติมชั้นล่าง อาคารเรียน สปช. 105/29 จำนวน 5 ห้องเรียน', 'สปช.105/29'],
    ['แบบ 216 ล', '216ล'],
    ['ป. 1 ฉ', 'ป.1ฉ'],
    ['สปช.๖๐๑/๒๖', 'สปช.601/26'],
    ['แบบเฉพาะ  ของโรงเรียน', 'เฉพาะ ของโรงเรียน'],
    ['  ', null],
  ])('reads the model %s as %s', (raw, code) => expect(normaliseModelCode(raw)).toBe(code));

  it.each([
    ['ดี', 'GOOD'],
    ['พอใช้', 'NEEDS_REPAIR'],
    ['ชำรุด ต้องซ่อมแซม', 'NEEDS_REPAIR'],
    ['ทรุดโทรม', 'DILAPIDATED'],
    ['ไม่ปลอดภัย', 'UNSAFE'],
    ['รอรื้อถอน', 'UNSAFE'],
    ['unsafe', 'UNSAFE'],
    ['เยี่ยม', null],
  ])('reads the condition %s as %s', (word, condition) => expect(conditionOf(word)).toBe(condition));

  it('reads budget sources, statuses and categories', () => {
    expect(budgetSourceOf('งบประมาณจากต้นสังกัด')).toBe('OBEC_BUDGET');
    expect(budgetSourceOf('อบต.โคกสำโรง')).toBe('LOCAL_GOVERNMENT');
    expect(budgetSourceOf('')).toBe('OTHER');
    expect(budgetSourceOf('ลอตเตอรี่')).toBeNull();
    expect(statusOf('')).toBe('IN_USE');
    expect(statusOf('งดใช้งาน')).toBe('OUT_OF_USE');
    expect(statusOf('รื้อถอนแล้ว')).toBe('DEMOLISHED');
    expect(categoryOf('ห้องน้ำห้องส้วม')).toBe('TOILET');
    expect(categoryOf('บ้านพักนักการภารโรง')).toBe('JANITOR_HOUSING');
    expect(categoryOf('ยานอวกาศ')).toBeNull();
  });
});
