/*
 * Reference data of the assets service, as data with the source of every figure. The migration
 * `SeedAssetsReferenceData` writes these rows; the API lists them (`buildingCategories`, `assetCategories`,
 * `assetAccountingRules`, `procurementMethods`), so a figure is corrected by a migration, not by code.
 * Nothing here was checked against the original documents on this machine (no network): every row says
 * where it comes from and carries `verified: false` until someone checks it.
 */

export const BUILDING_CATEGORIES = [
  'CLASSROOM',
  'MULTIPURPOSE',
  'TOILET',
  'TEACHER_HOUSING',
  'JANITOR_HOUSING',
  'OTHER',
] as const;
export type BuildingCategory = (typeof BUILDING_CATEGORIES)[number];

export const BUILDING_CATEGORY_NAMES: Record<BuildingCategory, { th: string; en: string }> = {
  CLASSROOM: { th: 'อาคารเรียน', en: 'Classroom building' },
  MULTIPURPOSE: { th: 'อาคารอเนกประสงค์/หอประชุม', en: 'Multi-purpose hall' },
  TOILET: { th: 'ห้องน้ำห้องส้วม', en: 'Toilets' },
  TEACHER_HOUSING: { th: 'บ้านพักครู', en: "Teachers' housing" },
  JANITOR_HOUSING: { th: 'บ้านพักนักการภารโรง', en: "Janitors' housing" },
  OTHER: { th: 'สิ่งก่อสร้างอื่น', en: 'Other construction' },
};

export interface BuildingTypeRow {
  code: string;
  category: BuildingCategory;
  nameTh: string;
  nameEn: string;
}

/** Types within each category; the last of each category is its catch-all for designs not listed. */
export const BUILDING_TYPES: BuildingTypeRow[] = [
  {
    code: 'CLASSROOM_P',
    category: 'CLASSROOM',
    nameTh: 'อาคารเรียนแบบ ป. (แบบเดิม)',
    nameEn: 'Classroom building, older P designs',
  },
  {
    code: 'CLASSROOM_ONPEC',
    category: 'CLASSROOM',
    nameTh: 'อาคารเรียนแบบ สปช.',
    nameEn: 'Classroom building, ONPEC (สปช.) designs',
  },
  {
    code: 'CLASSROOM_L',
    category: 'CLASSROOM',
    nameTh: 'อาคารเรียนแบบ ล (มัธยมศึกษา)',
    nameEn: 'Classroom building, secondary L designs',
  },
  {
    code: 'CLASSROOM_OTHER',
    category: 'CLASSROOM',
    nameTh: 'อาคารเรียนแบบอื่นหรือแบบเฉพาะ',
    nameEn: 'Classroom building, other or own design',
  },
  {
    code: 'MULTIPURPOSE_STANDARD',
    category: 'MULTIPURPOSE',
    nameTh: 'อาคารอเนกประสงค์แบบมาตรฐาน',
    nameEn: 'Multi-purpose hall, standard design',
  },
  {
    code: 'MULTIPURPOSE_OTHER',
    category: 'MULTIPURPOSE',
    nameTh: 'อาคารอเนกประสงค์/หอประชุมแบบอื่น',
    nameEn: 'Multi-purpose or assembly hall, other design',
  },
  {
    code: 'TOILET_STANDARD',
    category: 'TOILET',
    nameTh: 'ส้วมแบบมาตรฐาน สปช.',
    nameEn: 'Toilets, ONPEC standard design',
  },
  { code: 'TOILET_OTHER', category: 'TOILET', nameTh: 'ห้องน้ำห้องส้วมแบบอื่น', nameEn: 'Toilets, other design' },
  { code: 'TEACHER_HOUSE', category: 'TEACHER_HOUSING', nameTh: 'บ้านพักครู', nameEn: "Teacher's house" },
  {
    code: 'JANITOR_HOUSE',
    category: 'JANITOR_HOUSING',
    nameTh: 'บ้านพักนักการภารโรง',
    nameEn: "Janitor's house",
  },
  { code: 'LIBRARY', category: 'OTHER', nameTh: 'อาคารห้องสมุด', nameEn: 'Library building' },
  { code: 'CANTEEN', category: 'OTHER', nameTh: 'โรงอาหาร', nameEn: 'Canteen' },
  { code: 'WATER_TANK', category: 'OTHER', nameTh: 'ถังเก็บน้ำ/หอถังสูง', nameEn: 'Water tank or tower' },
  { code: 'OTHER_CONSTRUCTION', category: 'OTHER', nameTh: 'สิ่งก่อสร้างอื่น', nameEn: 'Other construction' },
];

/** The catch-all type of each category (used when a file gives a category and no known model). */
export const DEFAULT_TYPE_OF: Record<BuildingCategory, string> = {
  CLASSROOM: 'CLASSROOM_OTHER',
  MULTIPURPOSE: 'MULTIPURPOSE_OTHER',
  TOILET: 'TOILET_OTHER',
  TEACHER_HOUSING: 'TEACHER_HOUSE',
  JANITOR_HOUSING: 'JANITOR_HOUSE',
  OTHER: 'OTHER_CONSTRUCTION',
};

export interface BuildingModelRow {
  code: string;
  typeCode: string;
  descriptionTh: string;
  source: string;
  verified: boolean;
}

const SEEN_IN_B_OBEC =
  'Seen in B-OBEC building records (asset.bopp-obec.info, e.g. schools 1044410436, 1096240164, 1036100401); not checked against OBEC’s official list of designs';
const NAMED_IN_ISSUE =
  'Named in issue 12 as a building model code; not checked against OBEC’s official list of designs';
const FROM_MEMORY = 'A design name in common use in OBEC budget documents (from memory, not checked)';

export const BUILDING_MODELS: BuildingModelRow[] = [
  {
    code: 'ป.1ฉ',
    typeCode: 'CLASSROOM_P',
    descriptionTh: 'อาคารเรียนแบบ ป.1ฉ',
    source: SEEN_IN_B_OBEC,
    verified: false,
  },
  {
    code: 'ป.1ข',
    typeCode: 'CLASSROOM_P',
    descriptionTh: 'อาคารเรียนแบบ ป.1ข',
    source: FROM_MEMORY,
    verified: false,
  },
  {
    code: 'สปช.101/26',
    typeCode: 'CLASSROOM_ONPEC',
    descriptionTh: 'อาคารเรียน สปช.101/26',
    source: SEEN_IN_B_OBEC,
    verified: false,
  },
  {
    code: 'สปช.102/26',
    typeCode: 'CLASSROOM_ONPEC',
    descriptionTh: 'อาคารเรียน สปช.102/26',
    source: SEEN_IN_B_OBEC,
    verified: false,
  },
  {
    code: 'สปช.105/29',
    typeCode: 'CLASSROOM_ONPEC',
    descriptionTh: 'อาคารเรียน สปช.105/29',
    source: `${SEEN_IN_B_OBEC}; also named in issue 12`,
    verified: false,
  },
  {
    code: '108ล',
    typeCode: 'CLASSROOM_L',
    descriptionTh: 'อาคารเรียนแบบ 108ล',
    source: FROM_MEMORY,
    verified: false,
  },
  {
    code: '212ล',
    typeCode: 'CLASSROOM_L',
    descriptionTh: 'อาคารเรียนแบบ 212ล',
    source: FROM_MEMORY,
    verified: false,
  },
  {
    code: '216ล',
    typeCode: 'CLASSROOM_L',
    descriptionTh: 'อาคารเรียนแบบ 216ล',
    source: NAMED_IN_ISSUE,
    verified: false,
  },
  {
    code: '318ล',
    typeCode: 'CLASSROOM_L',
    descriptionTh: 'อาคารเรียนแบบ 318ล',
    source: FROM_MEMORY,
    verified: false,
  },
  {
    code: '324ล',
    typeCode: 'CLASSROOM_L',
    descriptionTh: 'อาคารเรียนแบบ 324ล',
    source: FROM_MEMORY,
    verified: false,
  },
  {
    code: 'สปช.202/26',
    typeCode: 'MULTIPURPOSE_STANDARD',
    descriptionTh: 'อาคารอเนกประสงค์ สปช.202/26',
    source: FROM_MEMORY,
    verified: false,
  },
  {
    code: 'สปช.601/26',
    typeCode: 'TOILET_STANDARD',
    descriptionTh: 'ส้วม สปช.601/26',
    source: SEEN_IN_B_OBEC,
    verified: false,
  },
];

export const BUDGET_SOURCES = [
  'OBEC_BUDGET',
  'LOCAL_GOVERNMENT',
  'OTHER_AGENCY',
  'DONATION',
  'SCHOOL_INCOME',
  'OTHER',
] as const;
export type BudgetSource = (typeof BUDGET_SOURCES)[number];

// ---- durable goods --------------------------------------------------------------------------------

export interface AssetCategoryRow {
  /** class-type, e.g. 7440-001 */
  code: string;
  nameTh: string;
  nameEn: string;
  groupTh: string;
  usefulLifeYears: number;
  source: string;
  verified: boolean;
  /** Counted as a computer in the infrastructure's teaching computers (with usage TEACHING). */
  computer?: boolean;
}

const LIFE_TABLE =
  'Budget Bureau standard-price list, table of useful lives (ตารางอายุการใช้งานอย่างมีประสิทธิภาพของทรัพย์สินตามบัญชีราคามาตรฐานครุภัณฑ์ของสำนักงบประมาณ) as reproduced at supplydivision.somee.com/Page2.aspx — the same figures issue 12 gives (education and office 10, vehicles 8, motorcycles 5); not checked against the Budget Bureau’s original';
const LIFE_TABLE_EXCEPTION = (what: string) => `${LIFE_TABLE}; listed there as an exception (${what})`;
const COMPUTER_LIFE =
  'No computer row in the table above; 5 years is what government registers commonly use for computers (e.g. the accounting note at acc63.tripod.com/acc10.htm) — unverified';

/**
 * Categories of durable goods a school registers. The class (4 digits) and type (3 digits) of the asset
 * code follow the Federal Supply Classification pattern government asset codes use (7440 = computers);
 * the type numbers are this platform's own, not an agency list (unverified).
 */
export const ASSET_CATEGORIES: AssetCategoryRow[] = [
  {
    code: '7110-001',
    nameTh: 'โต๊ะทำงาน',
    nameEn: 'Office desk',
    groupTh: 'ครุภัณฑ์สำนักงาน',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '7110-002',
    nameTh: 'เก้าอี้สำนักงาน',
    nameEn: 'Office chair',
    groupTh: 'ครุภัณฑ์สำนักงาน',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '7110-003',
    nameTh: 'ตู้เอกสาร',
    nameEn: 'Filing cabinet',
    groupTh: 'ครุภัณฑ์สำนักงาน',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '7490-001',
    nameTh: 'เครื่องถ่ายเอกสาร',
    nameEn: 'Photocopier',
    groupTh: 'ครุภัณฑ์สำนักงาน',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '4120-001',
    nameTh: 'เครื่องปรับอากาศ',
    nameEn: 'Air conditioner',
    groupTh: 'ครุภัณฑ์สำนักงาน',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '7110-010',
    nameTh: 'ชุดโต๊ะเก้าอี้นักเรียน',
    nameEn: 'Student desk and chair set',
    groupTh: 'ครุภัณฑ์การศึกษา',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '6910-001',
    nameTh: 'สื่อและชุดฝึกการเรียนการสอน',
    nameEn: 'Teaching aids and training sets',
    groupTh: 'ครุภัณฑ์การศึกษา',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '6650-001',
    nameTh: 'กล้องจุลทรรศน์',
    nameEn: 'Microscope',
    groupTh: 'ครุภัณฑ์การศึกษา',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '7440-001',
    nameTh: 'เครื่องคอมพิวเตอร์ตั้งโต๊ะ',
    nameEn: 'Desktop computer',
    groupTh: 'ครุภัณฑ์คอมพิวเตอร์',
    usefulLifeYears: 5,
    source: COMPUTER_LIFE,
    verified: false,
    computer: true,
  },
  {
    code: '7440-002',
    nameTh: 'เครื่องคอมพิวเตอร์โน้ตบุ๊ก',
    nameEn: 'Notebook computer',
    groupTh: 'ครุภัณฑ์คอมพิวเตอร์',
    usefulLifeYears: 5,
    source: COMPUTER_LIFE,
    verified: false,
    computer: true,
  },
  {
    code: '7440-003',
    nameTh: 'เครื่องคอมพิวเตอร์แท็บเล็ต',
    nameEn: 'Tablet computer',
    groupTh: 'ครุภัณฑ์คอมพิวเตอร์',
    usefulLifeYears: 5,
    source: COMPUTER_LIFE,
    verified: false,
    computer: true,
  },
  {
    code: '7440-004',
    nameTh: 'เครื่องพิมพ์',
    nameEn: 'Printer',
    groupTh: 'ครุภัณฑ์คอมพิวเตอร์',
    usefulLifeYears: 5,
    source: COMPUTER_LIFE,
    verified: false,
  },
  {
    code: '7440-005',
    nameTh: 'อุปกรณ์เครือข่าย',
    nameEn: 'Network equipment',
    groupTh: 'ครุภัณฑ์คอมพิวเตอร์',
    usefulLifeYears: 5,
    source: COMPUTER_LIFE,
    verified: false,
  },
  {
    code: '6730-001',
    nameTh: 'เครื่องฉายภาพ (โปรเจกเตอร์)',
    nameEn: 'Projector',
    groupTh: 'ครุภัณฑ์โฆษณาและเผยแพร่',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '6720-001',
    nameTh: 'กล้องถ่ายภาพ',
    nameEn: 'Camera',
    groupTh: 'ครุภัณฑ์โฆษณาและเผยแพร่',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '5830-001',
    nameTh: 'เครื่องขยายเสียง',
    nameEn: 'Public-address amplifier',
    groupTh: 'ครุภัณฑ์ไฟฟ้าและวิทยุ',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '5820-001',
    nameTh: 'วิทยุเทป',
    nameEn: 'Radio-cassette player',
    groupTh: 'ครุภัณฑ์ไฟฟ้าและวิทยุ',
    usefulLifeYears: 5,
    source: LIFE_TABLE_EXCEPTION('วิทยุ-เทป 5 ปี'),
    verified: false,
  },
  {
    code: '6130-001',
    nameTh: 'เครื่องกำเนิดไฟฟ้า',
    nameEn: 'Generator',
    groupTh: 'ครุภัณฑ์ไฟฟ้าและวิทยุ',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '6140-001',
    nameTh: 'ชุดผลิตไฟฟ้าพลังงานแสงอาทิตย์',
    nameEn: 'Solar power set',
    groupTh: 'ครุภัณฑ์ไฟฟ้าและวิทยุ',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '7310-001',
    nameTh: 'ตู้เย็น',
    nameEn: 'Refrigerator',
    groupTh: 'ครุภัณฑ์งานบ้านงานครัว',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '7310-002',
    nameTh: 'เตาแก๊ส',
    nameEn: 'Gas stove',
    groupTh: 'ครุภัณฑ์งานบ้านงานครัว',
    usefulLifeYears: 5,
    source: LIFE_TABLE_EXCEPTION('เตาแก๊ส 5 ปี'),
    verified: false,
  },
  {
    code: '4610-001',
    nameTh: 'เครื่องกรองน้ำ',
    nameEn: 'Water purifier',
    groupTh: 'ครุภัณฑ์งานบ้านงานครัว',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '2310-001',
    nameTh: 'รถยนต์โดยสาร',
    nameEn: 'Passenger car or van',
    groupTh: 'ครุภัณฑ์ยานพาหนะและขนส่ง',
    usefulLifeYears: 8,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '2320-001',
    nameTh: 'รถบรรทุก',
    nameEn: 'Pick-up or truck',
    groupTh: 'ครุภัณฑ์ยานพาหนะและขนส่ง',
    usefulLifeYears: 8,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '2340-001',
    nameTh: 'รถจักรยานยนต์',
    nameEn: 'Motorcycle',
    groupTh: 'ครุภัณฑ์ยานพาหนะและขนส่ง',
    usefulLifeYears: 5,
    source: LIFE_TABLE_EXCEPTION('รถจักรยานยนต์ 5 ปี'),
    verified: false,
  },
  {
    code: '3750-001',
    nameTh: 'เครื่องตัดหญ้า',
    nameEn: 'Lawn mower',
    groupTh: 'ครุภัณฑ์การเกษตร',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '6530-001',
    nameTh: 'เตียงพยาบาล',
    nameEn: 'Infirmary bed',
    groupTh: 'ครุภัณฑ์การแพทย์',
    usefulLifeYears: 10,
    source: LIFE_TABLE,
    verified: false,
  },
  {
    code: '6530-002',
    nameTh: 'รถเข็นผู้ป่วย',
    nameEn: 'Wheelchair',
    groupTh: 'ครุภัณฑ์การแพทย์',
    usefulLifeYears: 8,
    source: LIFE_TABLE_EXCEPTION('รถเข็น 8 ปี'),
    verified: false,
  },
];

export const COMPUTER_CATEGORY_CODES = ASSET_CATEGORIES.filter((c) => c.computer).map((c) => c.code);

export interface CapitalisationThresholdRow {
  effectiveFrom: string;
  amount: string;
  source: string;
  verified: boolean;
}

export const CAPITALISATION_THRESHOLDS: CapitalisationThresholdRow[] = [
  {
    effectiveFrom: '1900-01-01',
    amount: '10000.00',
    source:
      'A unit or set costing 10,000 baht or more is recorded as an asset and depreciated; below it, a durable good is controlled on the register but expensed (ครุภัณฑ์ต่ำกว่าเกณฑ์). The figure follows the Comptroller General’s Department’s government accounting practice as commonly applied by OBEC schools; the circular was not checked on this machine (unverified), nor any earlier threshold',
    verified: false,
  },
];

/** Kept on the register when an asset is fully depreciated (ราคาซาก 1 บาท). */
export const RESIDUAL_VALUE = '1.00';

export const ACCOUNTING_METHOD_EN = [
  'Straight line on the full cost: the yearly charge is cost ÷ useful life, rounded to the satang (half up).',
  'Depreciation starts on the day the asset is received (acquiredOn, counted) and runs by Thai fiscal year (1 October – 30 September, named in B.E.).',
  'A part year is charged by days: yearly charge × days on the register in that fiscal year ÷ days in that fiscal year (365, or 366 when it holds 29 February), rounded to the satang.',
  'Charges stop when the book value reaches the residual value of 1.00 baht, which stays on the register; the last charge is what is left above it.',
  'A disposed asset is charged up to the day before its disposal date and leaves the register on that date.',
  'Only capitalised assets (cost at or above the threshold in force on the acquisition date) are depreciated; the useful life and the threshold are fixed on the asset when it is registered.',
].join(' ');

export const ACCOUNTING_METHOD_TH = [
  'คิดค่าเสื่อมราคาแบบเส้นตรงจากราคาทุนเต็มจำนวน ค่าเสื่อมราคาต่อปีเท่ากับราคาทุนหารด้วยอายุการใช้งาน ปัดเศษเป็นสตางค์ (ปัดครึ่งขึ้น)',
  'เริ่มคิดตั้งแต่วันที่ได้รับครุภัณฑ์ (นับวันนั้นด้วย) และคิดตามปีงบประมาณ (1 ตุลาคม – 30 กันยายน)',
  'ปีที่ไม่เต็มปีคิดตามจำนวนวัน: ค่าเสื่อมราคาต่อปี × จำนวนวันที่อยู่ในทะเบียนในปีนั้น ÷ จำนวนวันของปีงบประมาณ (365 หรือ 366 วัน) ปัดเศษเป็นสตางค์',
  'หยุดคิดเมื่อมูลค่าสุทธิเหลือเท่ามูลค่าซาก 1 บาท ซึ่งคงไว้ในทะเบียน ปีสุดท้ายคิดเท่าส่วนที่เกินมูลค่าซาก',
  'ครุภัณฑ์ที่จำหน่ายคิดค่าเสื่อมราคาถึงวันก่อนวันจำหน่าย และออกจากทะเบียนในวันจำหน่าย',
  'คิดค่าเสื่อมราคาเฉพาะครุภัณฑ์ที่บันทึกเป็นสินทรัพย์ (ราคาทุนถึงเกณฑ์ที่ใช้ในวันที่ได้มา) อายุการใช้งานและเกณฑ์ถูกกำหนดไว้กับครุภัณฑ์เมื่อลงทะเบียน',
].join(' ');

export const ACCOUNTING_SOURCES = [
  'Straight-line depreciation by fiscal year with a 1-baht residual kept on the register: Thai government practice under the Comptroller General’s Department’s accounting rules; one government register seen (kkpsd.com/report/db_detail.php?id=2301: a 45,000-baht motorcycle, 5 years, 9,000 a year, 44,999.00 accumulated and 1.00 left at five years) shows the full-cost base and the 1-baht residual — the circular itself was not checked (unverified).',
  'Part years by days: a choice of this platform, stated here. The register seen above prorates the first year by whole months (11 months for an asset received on 9 October); if the Comptroller General’s circular prescribes months, `PART_YEAR_BASIS` in depreciation.ts is the one place to change (unverified).',
  'Useful lives: see each category’s source (Budget Bureau table, unverified).',
  'Capitalisation threshold 10,000 baht: see the threshold’s source (unverified).',
];

// ---- procurement ----------------------------------------------------------------------------------

export interface ProcurementMethodRuleRow {
  method: 'SPECIFIC' | 'SELECTION' | 'E_MARKET' | 'E_BIDDING' | 'PRICE_INQUIRY';
  nameTh: string;
  nameEn: string;
  budgetAbove: string | null;
  budgetUpTo: string | null;
  needsGround: boolean;
  source: string;
  verified: boolean;
}

export const PROCUREMENT_METHOD_RULES: ProcurementMethodRuleRow[] = [
  {
    method: 'SPECIFIC',
    nameTh: 'วิธีเฉพาะเจาะจง',
    nameEn: 'Specific method',
    budgetAbove: null,
    budgetUpTo: '500000.00',
    needsGround: true,
    source:
      'Public Procurement and Supplies Administration Act B.E. 2560, s. 55(3) and s. 56(2); the 500,000-baht limit applies to ground (b) (AMOUNT_WITHIN_LIMIT) and is set by the Ministerial Regulation on the limits of the specific method B.E. 2560; the other grounds have no amount limit (texts not checked on this machine: unverified)',
    verified: false,
  },
  {
    method: 'SELECTION',
    nameTh: 'วิธีคัดเลือก',
    nameEn: 'Selection',
    budgetAbove: null,
    budgetUpTo: null,
    needsGround: false,
    source:
      'Act B.E. 2560, s. 55(2) and s. 56(1); the section 56(1) grounds are not checked here (unverified)',
    verified: false,
  },
  {
    method: 'E_MARKET',
    nameTh: 'วิธีประกาศเชิญชวนทั่วไป: ตลาดอิเล็กทรอนิกส์ (e-market)',
    nameEn: 'Open invitation: electronic market',
    budgetAbove: '500000.00',
    budgetUpTo: '5000000.00',
    needsGround: false,
    source:
      'Act B.E. 2560, s. 55(1); Ministry of Finance Regulation on Public Procurement and Supplies Administration B.E. 2560: goods listed in the e-catalogue above 500,000 up to 5,000,000 baht (figures from memory: unverified)',
    verified: false,
  },
  {
    method: 'E_BIDDING',
    nameTh: 'วิธีประกาศเชิญชวนทั่วไป: ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)',
    nameEn: 'Open invitation: electronic bidding',
    budgetAbove: '500000.00',
    budgetUpTo: null,
    needsGround: false,
    source:
      'Act B.E. 2560, s. 55(1); Ministry of Finance Regulation B.E. 2560: above 500,000 baht (unverified)',
    verified: false,
  },
  {
    method: 'PRICE_INQUIRY',
    nameTh: 'วิธีประกาศเชิญชวนทั่วไป: สอบราคา',
    nameEn: 'Open invitation: price inquiry',
    budgetAbove: '500000.00',
    budgetUpTo: '5000000.00',
    needsGround: false,
    source:
      'Act B.E. 2560, s. 55(1); Ministry of Finance Regulation B.E. 2560: above 500,000 up to 5,000,000 baht where electronic means cannot be used (unverified)',
    verified: false,
  },
];

/** One inspector may receive deliveries up to this contract amount; above it a committee of at least three. */
export const SINGLE_INSPECTOR_LIMIT = '100000.00';
export const INSPECTION_COMMITTEE_MIN = 3;
