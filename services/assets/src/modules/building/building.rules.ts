import { z } from 'zod';
import { nonNegativeAmount, positiveAmount } from '@smss/money';
import { inputProblems } from '@smss/core';
import { toBuddhistYear } from '@smss/thai';
import { BUDGET_SOURCES } from '../reference/reference-data';
import { isoDate, parseInput, problem, text, uuid } from '../common/validation';
import type { BuildingFacts, RoomCount } from './building.types';

/** The rules of a building, pure (no database): what valid facts are, and how B-OBEC's words map to them. */

export const CONDITIONS = ['GOOD', 'NEEDS_REPAIR', 'DILAPIDATED', 'UNSAFE'] as const;
export const STATUSES = ['IN_USE', 'OUT_OF_USE', 'DEMOLISHED'] as const;
export const ROOM_USES = [
  'CLASSROOM',
  'SCIENCE_LAB',
  'COMPUTER_LAB',
  'LIBRARY',
  'SPECIAL',
  'OFFICE',
  'TOILET',
  'OTHER',
] as const;

/**
 * A building model code as B-OBEC writes it, normalised: `อาคารเรียน สปช. 102/26 ขนาด 3 ห้องเรียน` →
 * `สปช.102/26`, `แบบ 216 ล` → `216ล`, `ป. 1 ฉ` → `ป.1ฉ`. Text without a recognisable code (an own
 * design) is kept as written (trimmed, single spaces). Empty → null.
 */
export function normaliseModelCode(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const textIn = raw
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/\s+/g, ' ')
    .trim();
  if (!textIn) return null;
  const squeezed = textIn.replace(/\s+/g, '');
  const onpec = /สปช\.?(\d{3})\/(\d{2})/.exec(squeezed);
  if (onpec) return `สปช.${onpec[1]}/${onpec[2]}`;
  const secondary = /(\d{3})ล/.exec(squeezed);
  if (secondary) return `${secondary[1]}ล`;
  const older = /ป\.?(\d)([ก-ฮ])/.exec(squeezed);
  if (older) return `ป.${older[1]}${older[2]}`;
  return textIn.replace(/^แบบ\s*/, '').slice(0, 60) || null;
}

const photo = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 hex checksum (64 characters)');

const rooms = z
  .array(z.object({ use: z.enum(ROOM_USES), count: z.number().int().min(0).max(200) }))
  .max(ROOM_USES.length)
  .refine((list) => new Set(list.map((r) => r.use)).size === list.length, 'must not name a use twice');

const area = z
  .number()
  .positive('must be above zero')
  .lt(100_000, 'must be below 100,000 m²')
  .refine(
    (v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6,
    'at most two decimals',
  )
  .transform((v) => (Math.round(v * 100) / 100).toFixed(2));

/** Every writable field, as the record input and the update input (all optional there) give it. */
const factShape = (today: string) => ({
  name: text(100),
  typeCode: z.string().regex(/^[A-Z_]{2,40}$/, 'must be a building type code'),
  modelCode: z.string().max(200).nullish(),
  yearBuilt: z
    .number()
    .int()
    .min(2400, 'must be a B.E. year such as 2530')
    .max(toBuddhistYear(Number(today.slice(0, 4))), 'must not be in the future'),
  constructionCost: nonNegativeAmount.nullish(),
  budgetSource: z.enum(BUDGET_SOURCES),
  floors: z.number().int().min(1).max(20),
  floorArea: area.nullish(),
  designRooms: z.number().int().min(0).max(200).nullish(),
  rooms: rooms.nullish(),
  condition: z.enum(CONDITIONS),
  conditionAssessedOn: isoDate.refine((d) => d <= today, 'must not be in the future').nullish(),
  conditionPhotoSha256: z.array(photo).max(20).nullish(),
  status: z.enum(STATUSES).nullish(),
});

export const sortRooms = (list: RoomCount[] | null | undefined): RoomCount[] =>
  [...(list ?? [])]
    .filter((r) => r.count > 0)
    .sort((a, b) => ROOM_USES.indexOf(a.use) - ROOM_USES.indexOf(b.use));

const lowerPhotos = (list: string[] | null | undefined) => [
  ...new Set((list ?? []).map((p) => p.toLowerCase())),
];

/** Facts of a new building; the school id separately. Defaults: condition assessed today, in use. */
export function parseRecordBuilding(
  input: unknown,
  today: string,
): { schoolId: string; facts: BuildingFacts } {
  const v = parseInput(z.object({ schoolId: uuid, ...factShape(today) }), input);
  return {
    schoolId: v.schoolId,
    facts: {
      name: v.name,
      typeCode: v.typeCode,
      modelCode: normaliseModelCode(v.modelCode),
      yearBuilt: v.yearBuilt,
      constructionCost: v.constructionCost ?? null,
      budgetSource: v.budgetSource,
      floors: v.floors,
      floorArea: v.floorArea ?? null,
      designRooms: v.designRooms ?? null,
      rooms: sortRooms(v.rooms),
      condition: v.condition,
      conditionAssessedOn: v.conditionAssessedOn ?? today,
      conditionPhotoSha256: lowerPhotos(v.conditionPhotoSha256),
      status: v.status ?? 'IN_USE',
    },
  };
}

/**
 * An update applied to the current facts: only the fields given change. A new condition without a date
 * is assessed today. Null clears an optional fact (model code, cost, area, design rooms).
 */
export function applyBuildingUpdate(current: BuildingFacts, input: unknown, today: string): BuildingFacts {
  const shape = factShape(today);
  const partial = z.object(
    Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, (s as z.ZodType).optional()])) as {
      [K in keyof typeof shape]: z.ZodOptional<(typeof shape)[K]>;
    },
  );
  const v = parseInput(partial, input) as Record<string, unknown>;
  const raw = (input ?? {}) as Record<string, unknown>;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(raw, k) && raw[k] !== undefined;
  const required = ['name', 'typeCode', 'yearBuilt', 'budgetSource', 'floors', 'condition', 'status'];
  const nulled = required.filter((k) => has(k) && raw[k] === null);
  if (nulled.length) throw inputProblems(nulled.map((k) => problem(k, 'cannot be cleared')));
  const next: BuildingFacts = { ...current };
  if (has('name')) next.name = v.name as string;
  if (has('typeCode')) next.typeCode = v.typeCode as string;
  if (has('modelCode')) next.modelCode = normaliseModelCode(v.modelCode as string | null);
  if (has('yearBuilt')) next.yearBuilt = v.yearBuilt as number;
  if (has('constructionCost')) next.constructionCost = (v.constructionCost as string | null) ?? null;
  if (has('budgetSource')) next.budgetSource = v.budgetSource as BuildingFacts['budgetSource'];
  if (has('floors')) next.floors = v.floors as number;
  if (has('floorArea')) next.floorArea = (v.floorArea as string | null) ?? null;
  if (has('designRooms')) next.designRooms = (v.designRooms as number | null) ?? null;
  if (has('rooms')) next.rooms = sortRooms(v.rooms as RoomCount[] | null);
  if (has('status')) next.status = v.status as BuildingFacts['status'];
  if (has('conditionPhotoSha256'))
    next.conditionPhotoSha256 = lowerPhotos(v.conditionPhotoSha256 as string[] | null);
  if (has('condition') && v.condition !== current.condition) {
    next.condition = v.condition as BuildingFacts['condition'];
    next.conditionAssessedOn = (v.conditionAssessedOn as string | null) ?? today;
  } else if (has('conditionAssessedOn') && v.conditionAssessedOn) {
    next.conditionAssessedOn = v.conditionAssessedOn as string;
  }
  return next;
}

/** Whether two sets of facts differ (an import or update that changes nothing writes nothing). */
export const factsDiffer = (a: BuildingFacts, b: BuildingFacts): boolean =>
  JSON.stringify(a) !== JSON.stringify(b);

export function parseRecordRepair(input: unknown, today: string) {
  return parseInput(
    z.object({
      buildingId: uuid,
      repairedOn: isoDate.refine((d) => d <= today, 'must not be in the future'),
      description: text(500),
      cost: positiveAmount,
      budgetSource: z.enum(BUDGET_SOURCES),
    }),
    input,
  );
}

// ---- B-OBEC words ---------------------------------------------------------------------------------

const squeeze = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/**
 * B-OBEC's condition words. B-OBEC shows ดี / พอใช้ / ทรุดโทรม; the four grades are good / needs
 * repair / dilapidated / unsafe. พอใช้ ("fair, usable") is read as NEEDS_REPAIR — a choice, unverified
 * against B-OBEC's own definitions.
 */
export function conditionOf(word: string): (typeof CONDITIONS)[number] | null {
  const w = squeeze(word);
  if (!w) return null;
  if ((CONDITIONS as readonly string[]).includes(word.trim().toUpperCase()))
    return word.trim().toUpperCase() as (typeof CONDITIONS)[number];
  if (/ไม่ปลอดภัย|อันตราย|รื้อถอน|unsafe/.test(w)) return 'UNSAFE';
  if (/ทรุดโทรม|dilapidated/.test(w)) return 'DILAPIDATED';
  if (/พอใช้|ชำรุด|ซ่อม|fair|repair/.test(w)) return 'NEEDS_REPAIR';
  if (/^ดี(มาก)?$|^good$/.test(w)) return 'GOOD';
  return null;
}

export function budgetSourceOf(word: string): (typeof BUDGET_SOURCES)[number] | null {
  const w = squeeze(word);
  if (!w) return 'OTHER';
  if ((BUDGET_SOURCES as readonly string[]).includes(word.trim().toUpperCase()))
    return word.trim().toUpperCase() as (typeof BUDGET_SOURCES)[number];
  if (/ต้นสังกัด|สพฐ|งบประมาณแผ่นดิน|obec/.test(w)) return 'OBEC_BUDGET';
  if (/อปท|องค์การบริหาร|อบต|อบจ|เทศบาล|ท้องถิ่น/.test(w)) return 'LOCAL_GOVERNMENT';
  if (/บริจาค|donat/.test(w)) return 'DONATION';
  if (/รายได้สถานศึกษา|เงินรายได้|income/.test(w)) return 'SCHOOL_INCOME';
  if (/หน่วยงาน|กระทรวง|กรม|agency/.test(w)) return 'OTHER_AGENCY';
  if (/อื่น|other/.test(w)) return 'OTHER';
  return null;
}

export function statusOf(word: string): (typeof STATUSES)[number] | null {
  const w = squeeze(word);
  if (!w) return 'IN_USE';
  if ((STATUSES as readonly string[]).includes(word.trim().toUpperCase()))
    return word.trim().toUpperCase() as (typeof STATUSES)[number];
  if (/รื้อถอนแล้ว|รื้อแล้ว|demolished/.test(w)) return 'DEMOLISHED';
  if (/งดใช้|ไม่ได้ใช้|ไม่ใช้|outofuse|closed/.test(w)) return 'OUT_OF_USE';
  if (/ใช้งาน|ใช้|inuse/.test(w)) return 'IN_USE';
  return null;
}

/** A B-OBEC category word → category. */
export function categoryOf(
  word: string,
): 'CLASSROOM' | 'MULTIPURPOSE' | 'TOILET' | 'TEACHER_HOUSING' | 'JANITOR_HOUSING' | 'OTHER' | null {
  const w = squeeze(word);
  if (!w) return null;
  if (/อาคารเรียน|classroom/.test(w)) return 'CLASSROOM';
  if (/อเนกประสงค์|หอประชุม|multipurpose|hall/.test(w)) return 'MULTIPURPOSE';
  if (/ส้วม|ห้องน้ำ|toilet/.test(w)) return 'TOILET';
  if (/บ้านพักครู|teacher/.test(w)) return 'TEACHER_HOUSING';
  if (/ภารโรง|นักการ|janitor/.test(w)) return 'JANITOR_HOUSING';
  if (/ห้องสมุด|โรงอาหาร|ถังน้ำ|หอถัง|รั้ว|สนาม|อื่น|other|library|canteen/.test(w)) return 'OTHER';
  return null;
}
