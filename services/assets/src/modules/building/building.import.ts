import { AppError, badInput } from '@smss/core';
import { DEFAULT_TABLE_LIMITS, readTable, tableFormatOf, type TableLimits } from '@smss/files';
import { fromThaiDigits } from '@smss/thai';
import { DEFAULT_TYPE_OF, type BuildingCategory } from '../reference/reference-data';
import {
  budgetSourceOf,
  categoryOf,
  conditionOf,
  normaliseModelCode,
  parseRecordBuilding,
  statusOf,
} from './building.rules';
import type { BuildingFacts, RoomCount } from './building.types';

/*
 * The importer of a B-OBEC-style building export (CSV or XLSX with Thai headers, as schools copy them
 * from B-OBEC's pages: แบบสิ่งก่อสร้าง, จำนวนห้องตามแบบ, จำนวนห้องจริง, จำนวนห้องพิเศษ, ก่อสร้างเมื่อปี พ.ศ.,
 * งบประมาณ, แหล่งที่มาของงบประมาณ, สภาพการใช้งาน). Pure except for reading the file: every row becomes
 * the same input `recordBuilding` validates, or problems naming its row and column in English and Thai.
 */

type Column =
  | 'name'
  | 'category'
  | 'model'
  | 'yearBuilt'
  | 'floors'
  | 'floorArea'
  | 'designRooms'
  | 'classrooms'
  | 'specialRooms'
  | 'constructionCost'
  | 'budgetSource'
  | 'condition'
  | 'status';

/** Headers accepted for each column (compared without spaces, dots, brackets or case). */
export const COLUMN_ALIASES: Record<Column, string[]> = {
  name: ['ชื่ออาคาร', 'อาคาร', 'ชื่อสิ่งก่อสร้าง', 'หมายเลขอาคาร', 'อาคารหลังที่', 'name', 'building'],
  category: ['ประเภทสิ่งก่อสร้าง', 'ประเภทอาคาร', 'ประเภท', 'category'],
  model: ['แบบสิ่งก่อสร้าง', 'แบบอาคาร', 'แบบ', 'model', 'modelcode'],
  yearBuilt: ['ก่อสร้างเมื่อปี พ.ศ.', 'ปีที่ก่อสร้าง', 'ปีที่สร้าง', 'ปีก่อสร้าง', 'ปี พ.ศ.', 'yearbuilt'],
  floors: ['จำนวนชั้น', 'ชั้น', 'floors'],
  floorArea: ['พื้นที่ใช้สอย', 'พื้นที่ใช้สอย (ตร.ม.)', 'พื้นที่ (ตร.ม.)', 'พื้นที่', 'floorarea'],
  designRooms: ['จำนวนห้องตามแบบ', 'designrooms'],
  classrooms: ['จำนวนห้องจริง', 'จำนวนห้องเรียน', 'ห้องเรียน', 'classrooms'],
  specialRooms: ['จำนวนห้องพิเศษ', 'ห้องพิเศษ', 'specialrooms'],
  constructionCost: ['งบประมาณ', 'งบประมาณ (บาท)', 'งบประมาณก่อสร้าง', 'ราคาก่อสร้าง', 'constructioncost'],
  budgetSource: ['แหล่งที่มาของงบประมาณ', 'แหล่งงบประมาณ', 'budgetsource'],
  condition: ['สภาพการใช้งาน', 'สภาพ', 'condition'],
  status: ['สถานะการใช้งาน', 'สถานะ', 'status'],
};

const REQUIRED: Column[] = ['name', 'yearBuilt', 'condition'];

/** Which input field each column feeds (to name the column of a validation problem). */
const COLUMN_OF_FIELD: Record<string, Column> = {
  name: 'name',
  typeCode: 'category',
  modelCode: 'model',
  yearBuilt: 'yearBuilt',
  floors: 'floors',
  floorArea: 'floorArea',
  designRooms: 'designRooms',
  rooms: 'classrooms',
  constructionCost: 'constructionCost',
  budgetSource: 'budgetSource',
  condition: 'condition',
  status: 'status',
};

const squeeze = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .replace(/[\s._()\-:]+/g, '')
    .toLowerCase();

export interface ImportProblem {
  row: number;
  column: string;
  messageEn: string;
  messageTh: string;
}

export interface ImportedRow {
  row: number;
  facts: BuildingFacts;
  /** The facts the row actually gave (a non-empty cell): the others keep a stored building's value. */
  given: ReadonlySet<keyof BuildingFacts>;
}

/** What the importer needs from the reference data. */
export interface BuildingReference {
  /** Type of a known model code, if known. */
  typeOfModel(code: string): string | undefined;
  categoryOfType(typeCode: string): BuildingCategory | undefined;
}

/** Limits for a school's building list: the shared defaults of @smss/files (parsed in a worker thread). */
export const BUILDING_FILE_LIMITS: Readonly<TableLimits> = { ...DEFAULT_TABLE_LIMITS, maxRows: 2_000 };

export async function readBuildingFile(fileName: string, content: Buffer): Promise<string[][]> {
  const format = tableFormatOf(fileName);
  if (!format) throw badInput('Only .csv and .xlsx files can be imported', 'นำเข้าได้เฉพาะไฟล์ .csv และ .xlsx');
  return readTable(content, { format, limits: BUILDING_FILE_LIMITS });
}

/** A number a person typed: Thai digits, thousands separators and a unit word are accepted. */
function numberText(cell: string): string | null {
  const plain = fromThaiDigits(cell)
    .replace(/,/g, '')
    .replace(/บาท|ตร\.?ม\.?|ตารางเมตร|ห้อง|ชั้น|หลัง|\s/g, '');
  if (!plain) return null;
  return /^-?\d+(\.\d+)?$/.test(plain) ? plain : 'NaN';
}

/** Rows of a building file: the header row mapped, then each row read, validated and matched by name. */
export function parseBuildingRows(
  matrix: string[][],
  reference: BuildingReference,
  today: string,
): { rows: ImportedRow[]; problems: ImportProblem[]; read: number } {
  const [head, ...body] = matrix;
  if (!head || !head.some((h) => String(h ?? '').trim())) throw badInput('The file is empty', 'ไฟล์ว่างเปล่า');
  const byAlias = new Map<string, Column>();
  for (const [column, aliases] of Object.entries(COLUMN_ALIASES) as Array<[Column, string[]]>)
    for (const alias of aliases) byAlias.set(squeeze(alias), column);
  const index = new Map<Column, number>();
  const header = new Map<Column, string>();
  head.forEach((h, i) => {
    const column = byAlias.get(squeeze(String(h ?? '')));
    if (column && !index.has(column)) {
      index.set(column, i);
      header.set(
        column,
        String(h)
          .replace(/^\uFEFF/, '')
          .trim(),
      );
    }
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (!index.has('category') && !index.has('model')) missing.push('category');
  if (missing.length) {
    throw new AppError(
      'BAD_USER_INPUT',
      `Missing columns: ${missing.map((m) => COLUMN_ALIASES[m].slice(0, 2).join(' / ')).join('; ')}`,
      `ไม่พบคอลัมน์: ${missing.map((m) => COLUMN_ALIASES[m][0]).join(', ')}`,
      { reason: 'MISSING_COLUMNS', columns: missing },
    );
  }
  const headerOf = (c: Column) => header.get(c) ?? COLUMN_ALIASES[c][0]!;
  const rows: ImportedRow[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  let read = 0;
  body.forEach((cells, i) => {
    const row = i + 2;
    if (!cells.some((c) => String(c ?? '').trim())) return;
    read += 1;
    const cell = (c: Column) => (index.has(c) ? String(cells[index.get(c)!] ?? '').trim() : '');
    const here: ImportProblem[] = [];
    const say = (c: Column, messageEn: string, messageTh: string) =>
      here.push({ row, column: headerOf(c), messageEn, messageTh });

    const int = (c: Column, what: string, whatTh: string): number | null => {
      const t = numberText(cell(c));
      if (t === null) return null;
      const n = Number(t);
      if (!Number.isInteger(n)) {
        say(c, `${what} "${cell(c)}" is not a whole number`, `${whatTh} "${cell(c)}" ต้องเป็นจำนวนเต็ม`);
        return null;
      }
      return n;
    };

    // Year built: B.E. expected; a C.E. year is refused with the B.E. it would be.
    const year = int('yearBuilt', 'Year built', 'ปีที่ก่อสร้าง');
    if (year !== null && year >= 1800 && year < 2300) {
      say(
        'yearBuilt',
        `Year built ${year} looks like a C.E. year: give the B.E. year (${year + 543})`,
        `ปีที่ก่อสร้าง ${year} เป็นปี ค.ศ. ให้ระบุเป็นปี พ.ศ. (${year + 543})`,
      );
    }
    if (cell('yearBuilt') === '') say('yearBuilt', 'Year built is missing', 'ไม่ได้ระบุปีที่ก่อสร้าง');

    const modelCode = normaliseModelCode(cell('model'));
    const knownType = modelCode ? reference.typeOfModel(modelCode) : undefined;
    const categoryWord = cell('category');
    const category = categoryWord ? categoryOf(categoryWord) : null;
    if (categoryWord && !category)
      say('category', `Unknown building category "${categoryWord}"`, `ไม่รู้จักประเภทสิ่งก่อสร้าง "${categoryWord}"`);
    let typeCode: string | undefined;
    if (knownType) {
      const modelCategory = reference.categoryOfType(knownType);
      if (category && modelCategory && category !== modelCategory)
        say(
          'model',
          `Model ${modelCode} is not a design of the category "${categoryWord}"`,
          `แบบ ${modelCode} ไม่ใช่แบบของประเภท "${categoryWord}"`,
        );
      typeCode = knownType;
    } else if (category) {
      typeCode = DEFAULT_TYPE_OF[category];
    } else if (!categoryWord) {
      say(
        'category',
        modelCode
          ? `Model ${modelCode} is not in the reference list: give the building category`
          : 'Give the building category or a known model',
        modelCode ? `ไม่รู้จักแบบ ${modelCode} กรุณาระบุประเภทสิ่งก่อสร้าง` : 'กรุณาระบุประเภทสิ่งก่อสร้างหรือแบบอาคาร',
      );
    }

    const conditionWord = cell('condition');
    const condition = conditionOf(conditionWord);
    if (!condition)
      say(
        'condition',
        conditionWord
          ? `Unknown condition "${conditionWord}" (ดี, พอใช้, ชำรุด, ทรุดโทรม, ไม่ปลอดภัย)`
          : 'Condition is missing',
        conditionWord ? `ไม่รู้จักสภาพ "${conditionWord}" (ดี พอใช้ ชำรุด ทรุดโทรม ไม่ปลอดภัย)` : 'ไม่ได้ระบุสภาพการใช้งาน',
      );
    const budgetSource = budgetSourceOf(cell('budgetSource'));
    if (!budgetSource)
      say(
        'budgetSource',
        `Unknown budget source "${cell('budgetSource')}"`,
        `ไม่รู้จักแหล่งงบประมาณ "${cell('budgetSource')}"`,
      );
    const status = statusOf(cell('status'));
    if (!status) say('status', `Unknown status "${cell('status')}"`, `ไม่รู้จักสถานะ "${cell('status')}"`);

    const costText = numberText(cell('constructionCost'));
    const areaText = numberText(cell('floorArea'));
    for (const [c, t, what, whatTh] of [
      ['constructionCost', costText, 'Construction budget', 'งบประมาณ'],
      ['floorArea', areaText, 'Floor area', 'พื้นที่ใช้สอย'],
    ] as const)
      if (t === 'NaN') say(c, `${what} "${cell(c)}" is not a number`, `${whatTh} "${cell(c)}" ไม่ใช่ตัวเลข`);

    const floors = int('floors', 'Floors', 'จำนวนชั้น');
    const designRooms = int('designRooms', 'Rooms by design', 'จำนวนห้องตามแบบ');
    const classrooms = int('classrooms', 'Classrooms', 'จำนวนห้องจริง');
    const special = int('specialRooms', 'Special rooms', 'จำนวนห้องพิเศษ');
    const rooms: RoomCount[] = [];
    if (classrooms !== null) rooms.push({ use: 'CLASSROOM', count: classrooms });
    if (special !== null) rooms.push({ use: 'SPECIAL', count: special });

    const key = cell('name').replace(/\s+/g, ' ').toLowerCase();
    if (key && seen.has(key))
      say(
        'name',
        `Building "${cell('name')}" is also on row ${seen.get(key)}`,
        `อาคาร "${cell('name')}" ซ้ำกับแถวที่ ${seen.get(key)}`,
      );
    // Validate with the same rules as `recordBuilding`, standing in valid placeholders where a cell already
    // failed, so every problem of the row is reported at once (one per column).
    const failed = new Set(here.map((p) => p.column));
    const ok = (c: Column) => !failed.has(headerOf(c));
    try {
      const { facts } = parseRecordBuilding(
        {
          schoolId: '00000000-0000-4000-8000-000000000000',
          name: cell('name'),
          typeCode: typeCode ?? 'OTHER_CONSTRUCTION',
          modelCode,
          yearBuilt: ok('yearBuilt') && year !== null ? year : 2500,
          constructionCost: ok('constructionCost') ? costText : null,
          budgetSource: budgetSource ?? 'OTHER',
          floors: floors ?? 1,
          floorArea: ok('floorArea') && areaText ? Number(areaText) : null,
          designRooms,
          rooms,
          condition: condition ?? 'GOOD',
          status: status ?? 'IN_USE',
        },
        today,
      );
      if (here.length === 0) {
        const given = new Set<keyof BuildingFacts>(['name', 'yearBuilt', 'condition']);
        const filled = (c: Column) => cell(c) !== '';
        if (filled('category') || knownType) given.add('typeCode');
        if (filled('model')) given.add('modelCode');
        if (filled('floors')) given.add('floors');
        if (filled('floorArea')) given.add('floorArea');
        if (filled('designRooms')) given.add('designRooms');
        if (filled('classrooms') || filled('specialRooms')) given.add('rooms');
        if (filled('constructionCost')) given.add('constructionCost');
        if (filled('budgetSource')) given.add('budgetSource');
        if (filled('status')) given.add('status');
        rows.push({ row, facts, given });
        seen.set(key, row);
      }
    } catch (error) {
      const list = ((error as AppError).extensions?.problems ?? []) as Array<{
        field: string;
        messageEn: string;
        messageTh: string;
      }>;
      for (const p of list) {
        const c = COLUMN_OF_FIELD[p.field.split('.')[0]!] ?? 'name';
        if (failed.has(headerOf(c))) continue;
        here.push({
          row,
          column: headerOf(c),
          messageEn: `${headerOf(c)}: ${p.messageEn}`,
          messageTh: p.messageTh,
        });
      }
    }
    problems.push(...here);
  });
  return { rows, problems, read };
}
