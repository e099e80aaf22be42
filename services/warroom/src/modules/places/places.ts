import { AppError } from '@smss/core';
import { DISTRICTS, PROVINCES, REGIONS } from './place-names';

/**
 * The war room's places: COUNTRY → REGION → PROVINCE → AREA_OFFICE → DISTRICT → SCHOOL.
 *
 * An area office lies in one province (its code is the province code + an area number), but a district is
 * served by several area offices (a primary and a secondary one at least). DECISION: the DISTRICT level is
 * the part of a district one area office serves, coded `<area office>-<district>`, so that the children of
 * every place add up to it exactly.
 */
export const LEVELS = ['COUNTRY', 'REGION', 'PROVINCE', 'AREA_OFFICE', 'DISTRICT', 'SCHOOL'] as const;
export type Level = (typeof LEVELS)[number];
/** Levels whose totals the consumer keeps (a SCHOOL's figures are its own rows). */
export type TotalLevel = Exclude<Level, 'SCHOOL'>;

export const COUNTRY_CODE = 'TH';

export interface Place {
  level: Level;
  code: string;
  nameTh: string;
  nameEn: string;
  regionCode: string | null;
  provinceCode: string | null;
  areaOfficeCode: string | null;
  districtCode: string | null;
}

const provinceByCode = new Map(PROVINCES.map((p) => [p.code, p]));
const regionByCode = new Map<string, { code: string; nameTh: string; nameEn: string }>(
  REGIONS.map((r) => [r.code, r]),
);
const districtByCode = new Map(DISTRICTS.map((d) => [d.code, d]));

/** The region of a province (null for a code outside the 77 provinces). */
export const regionOfProvince = (provinceCode: string): string | null =>
  provinceByCode.get(provinceCode)?.regionCode ?? null;

/** Province codes of a region, in code order. */
export const provincesOfRegion = (regionCode: string): string[] =>
  PROVINCES.filter((p) => p.regionCode === regionCode).map((p) => p.code);

export const regionCodes = (): string[] => REGIONS.map((r) => r.code);

const unknownPlace = () =>
  new AppError('NOT_FOUND', 'Not found, or not visible to you', 'ไม่พบข้อมูล หรือคุณไม่มีสิทธิ์เข้าถึงข้อมูลนี้');

/** Area offices 01–49 are primary (สพป.), 50 and above secondary (สพม.). */
export function areaOfficeNames(code: string): { nameTh: string; nameEn: string } {
  const province = provinceByCode.get(code.slice(0, 2));
  const area = Number(code.slice(2));
  const secondary = area >= 50;
  const number = secondary ? area - 49 : area;
  const th = province?.nameTh ?? code.slice(0, 2);
  const en = province?.nameEn ?? code.slice(0, 2);
  return secondary
    ? {
        nameTh: `สพม.${th} เขต ${number}`,
        nameEn: `Secondary Educational Service Area Office ${en} ${number}`,
      }
    : {
        nameTh: `สพป.${th} เขต ${number}`,
        nameEn: `Primary Educational Service Area Office ${en} ${number}`,
      };
}

export function districtNames(districtCode: string): { nameTh: string; nameEn: string } {
  const known = districtByCode.get(districtCode);
  return known
    ? { nameTh: known.nameTh, nameEn: known.nameEn }
    : { nameTh: `อำเภอรหัส ${districtCode}`, nameEn: `District ${districtCode}` };
}

/** The key of a DISTRICT place: area office and district codes. */
export const districtKey = (areaOfficeCode: string, districtCode: string) =>
  `${areaOfficeCode}-${districtCode}`;

/**
 * The place a `warRoom(level:, code:)` call names, without the database (names of schools come from the
 * directory replica). Throws NOT_FOUND for a malformed or unknown code: unknown and invisible look the same.
 */
export function placeOf(level: Level, code: string | null | undefined): Place {
  const c = (code ?? '').trim();
  switch (level) {
    case 'COUNTRY':
      return {
        level,
        code: COUNTRY_CODE,
        nameTh: 'ประเทศไทย',
        nameEn: 'Thailand',
        regionCode: null,
        provinceCode: null,
        areaOfficeCode: null,
        districtCode: null,
      };
    case 'REGION': {
      const region = regionByCode.get(c);
      if (!region) throw unknownPlace();
      return {
        level,
        code: c,
        ...names(region),
        regionCode: c,
        provinceCode: null,
        areaOfficeCode: null,
        districtCode: null,
      };
    }
    case 'PROVINCE': {
      const province = provinceByCode.get(c);
      if (!province) throw unknownPlace();
      return {
        level,
        code: c,
        ...names(province),
        regionCode: province.regionCode,
        provinceCode: c,
        areaOfficeCode: null,
        districtCode: null,
      };
    }
    case 'AREA_OFFICE': {
      const province = /^\d{4}$/.test(c) ? provinceByCode.get(c.slice(0, 2)) : undefined;
      if (!province) throw unknownPlace();
      return {
        level,
        code: c,
        ...areaOfficeNames(c),
        regionCode: province.regionCode,
        provinceCode: province.code,
        areaOfficeCode: c,
        districtCode: null,
      };
    }
    case 'DISTRICT': {
      const m = /^(\d{4})-(\d{4})$/.exec(c);
      const province = m ? provinceByCode.get(m[1]!.slice(0, 2)) : undefined;
      if (!m || !province) throw unknownPlace();
      return {
        level,
        code: c,
        ...districtNames(m[2]!),
        regionCode: province.regionCode,
        provinceCode: province.code,
        areaOfficeCode: m[1]!,
        districtCode: m[2]!,
      };
    }
    case 'SCHOOL':
      if (!/^\d{10}$/.test(c)) throw unknownPlace();
      // Names and placement come from the directory replica (WarRoomService).
      return {
        level,
        code: c,
        nameTh: c,
        nameEn: c,
        regionCode: null,
        provinceCode: null,
        areaOfficeCode: null,
        districtCode: null,
      };
  }
}

const names = (n: { nameTh: string; nameEn: string }) => ({ nameTh: n.nameTh, nameEn: n.nameEn });

/** The places above `place`, from the country down. */
export function ancestorsOf(place: Place): Place[] {
  const chain: Place[] = [];
  const depth = LEVELS.indexOf(place.level);
  if (depth > 0) chain.push(placeOf('COUNTRY', null));
  if (depth > 1 && place.regionCode) chain.push(placeOf('REGION', place.regionCode));
  if (depth > 2 && place.provinceCode) chain.push(placeOf('PROVINCE', place.provinceCode));
  if (depth > 3 && place.areaOfficeCode) chain.push(placeOf('AREA_OFFICE', place.areaOfficeCode));
  if (depth > 4 && place.areaOfficeCode && place.districtCode)
    chain.push(placeOf('DISTRICT', districtKey(place.areaOfficeCode, place.districtCode)));
  return chain;
}

export const childLevel = (level: Level): Level | null => LEVELS[LEVELS.indexOf(level) + 1] ?? null;
