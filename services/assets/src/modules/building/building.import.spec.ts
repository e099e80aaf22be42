import { parseBuildingRows, type BuildingReference } from './building.import';
import { BUILDING_MODELS, BUILDING_TYPES } from '../reference/reference-data';

const reference: BuildingReference = {
  typeOfModel: (code) => BUILDING_MODELS.find((m) => m.code === code)?.typeCode,
  categoryOfType: (code) => BUILDING_TYPES.find((t) => t.code === code)?.category,
};
const TODAY = '2026-12-01';

/** A messy B-OBEC copy: BOM, odd spacing in headers, Thai digits, thousands separators, units, an empty row. */
const MESSY = [
  [
    '\uFEFFชื่ออาคาร',
    'ประเภทสิ่งก่อสร้าง',
    ' แบบสิ่งก่อสร้าง ',
    'ก่อสร้างเมื่อปี  พ.ศ.',
    'จำนวนชั้น',
    'พื้นที่ใช้สอย (ตร.ม.)',
    'จำนวนห้องตามแบบ',
    'จำนวนห้องจริง',
    'จำนวนห้องพิเศษ',
    'งบประมาณ',
    'แหล่งที่มาของงบประมาณ',
    'สภาพการใช้งาน',
    'หมายเหตุ',
  ],
  [
    'อาคาร 1',
    'อาคารเรียน',
    'อาคารเรียน สปช. 102/26 ขนาด 3 ห้องเรียน',
    '๒๕๔๐',
    '1',
    '216',
    '3',
    '1',
    '1',
    '960,000 บาท',
    'งบประมาณจากต้นสังกัด',
    'ทรุดโทรม',
    'ผนังร้าว',
  ],
  ['ส้วม 1', 'ห้องน้ำห้องส้วม', 'สปช.601/26', '2544', '', '', '', '', '', '', '', 'ดี', ''],
  ['', '', '', '', '', '', '', '', '', '', '', '', ''],
  ['อาคาร 2', 'อาคารเรียน', '', '1987', '2', 'กว้างมาก', '', '', '', '1,000.555', 'ลอตเตอรี่', 'เยี่ยม', ''],
  ['อาคาร 1', 'บ้านพักครู', 'สปช.105/29', '2530', '1', '', '', '', '', '', '', 'พอใช้', ''],
  ['หอประชุม', '', 'แบบเฉพาะ', '2555', '1', '600', '', '', '', '', 'อบต.', 'ดี', ''],
];

describe('the B-OBEC building importer', () => {
  const { rows, problems, read } = parseBuildingRows(MESSY, reference, TODAY);

  it('reads Thai digits, separators and units, and maps B-OBEC words and model codes', () => {
    expect(read).toBe(5);
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
    expect(rows[0]!.facts).toMatchObject({
      name: 'อาคาร 1',
      typeCode: 'CLASSROOM_ONPEC',
      modelCode: 'สปช.102/26',
      yearBuilt: 2540,
      floorArea: '216.00',
      designRooms: 3,
      rooms: [
        { use: 'CLASSROOM', count: 1 },
        { use: 'SPECIAL', count: 1 },
      ],
      constructionCost: '960000.00',
      budgetSource: 'OBEC_BUDGET',
      condition: 'DILAPIDATED',
      status: 'IN_USE',
    });
    expect(rows[1]!.facts).toMatchObject({
      typeCode: 'TOILET_STANDARD',
      floors: 1,
      budgetSource: 'OTHER',
      condition: 'GOOD',
    });
  });

  it('reports every problem of a bad row with its row, its column as headed and a Thai message', () => {
    const row5 = problems.filter((p) => p.row === 5);
    expect(row5.map((p) => p.column).sort()).toEqual(
      ['ก่อสร้างเมื่อปี  พ.ศ.', 'พื้นที่ใช้สอย (ตร.ม.)', 'งบประมาณ', 'แหล่งที่มาของงบประมาณ', 'สภาพการใช้งาน'].sort(),
    );
    expect(row5.find((p) => p.column.startsWith('ก่อสร้าง'))).toMatchObject({
      messageEn: 'Year built 1987 looks like a C.E. year: give the B.E. year (2530)',
      messageTh: 'ปีที่ก่อสร้าง 1987 เป็นปี ค.ศ. ให้ระบุเป็นปี พ.ศ. (2530)',
    });
    for (const p of problems) expect(p.messageTh).toMatch(/[\u0E00-\u0E7F]/);
  });

  it('refuses a name given twice and a model of another category', () => {
    const row6 = problems.filter((p) => p.row === 6).map((p) => p.messageEn);
    expect(row6).toEqual(
      expect.arrayContaining([
        'Building "อาคาร 1" is also on row 2',
        'Model สปช.105/29 is not a design of the category "บ้านพักครู"',
      ]),
    );
  });

  it('asks for the category when the model is not in the reference list', () => {
    expect(problems.filter((p) => p.row === 7).map((p) => p.messageEn)).toEqual([
      'Model เฉพาะ is not in the reference list: give the building category',
    ]);
  });

  it('refuses a money amount with more than two decimals instead of rounding it', () => {
    const { problems: p } = parseBuildingRows(
      [MESSY[0]!, ['อาคาร 9', 'อาคารเรียน', '', '2550', '1', '', '', '', '', '1000.555', '', 'ดี', '']],
      reference,
      TODAY,
    );
    expect(p).toEqual([expect.objectContaining({ row: 2, column: 'งบประมาณ' })]);
  });

  it('names the missing columns in Thai', () => {
    expect(() => parseBuildingRows([['ชื่ออาคาร', 'สภาพ']], reference, TODAY)).toThrow(/Missing columns/);
    try {
      parseBuildingRows([['ชื่ออาคาร', 'สภาพ']], reference, TODAY);
    } catch (error) {
      expect((error as { extensions: { messageTh: string } }).extensions.messageTh).toBe(
        'ไม่พบคอลัมน์: ก่อสร้างเมื่อปี พ.ศ., ประเภทสิ่งก่อสร้าง',
      );
    }
  });
});
