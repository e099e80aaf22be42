/**
 * Deterministic generator of a SYNTHETIC OBEC school directory (regions, provinces, districts, area
 * offices, schools) for demos, seeding and load tests. Pure functions: no database, no clock, no
 * Math.random — only a seeded mulberry32 PRNG. School names are made up from word lists and are not
 * real schools; the data contains no personal data.
 *
 * Code conventions (the platform's convention, modelled on OBEC practice):
 * - Area office code: 4 digits `PPNN`. PP = province code of the office's (host) province; NN = 01..49
 *   for primary area offices (สพป., เขต 1 = 01) and 50.. for secondary area offices (สพม., the first
 *   secondary office of a province = 50, Bangkok's second = 51). A secondary office that serves several
 *   provinces takes the code of its host province (the first province in its name).
 * - SMIS code: 8 digits = area office code + 4-digit running number within the office from 0001.
 * - OBEC code: 10 digits = '10' + SMIS code.
 *
 * Scales:
 * - 'lopburi': all regions and provinces, the 11 real districts of Lopburi, the three sandbox area offices
 *   (สพป.ลพบุรี เขต 1, สพป.ลพบุรี เขต 2, สพม.ลพบุรี) and their schools.
 * - 'national': 183 primary + 62 secondary area offices over the 77 provinces, synthetic districts for
 *   every province except Lopburi (real districts), and exactly NATIONAL_SCHOOL_TOTAL schools. The
 *   Lopburi part is identical to the 'lopburi' scale: each area office's schools come from a PRNG stream
 *   keyed by (seed, area code), and the Lopburi plan is fixed.
 *
 * National distribution (documented, approximate, NOT official):
 * - Bangkok has no primary area office (OBEC primary schools there are BMA's) and 2 secondary offices.
 * - Every other province has >= 1 primary office; the remaining primary offices are given out by the
 *   Sainte-Laguë method on population (reduced for strongly urban provinces, see URBAN_PROVINCE_FACTOR);
 *   Lopburi is fixed at 2.
 * - Secondary offices: one per province, except the shared offices in SHARED_SECONDARY_GROUPS.
 * - Schools: NATIONAL_SECONDARY_SCHOOLS go to secondary offices by covered population^0.8; the rest go
 *   to primary offices by (province weight / number of offices) with a ±15% seeded jitter (largest
 *   remainder apportionment, so the total is exact). Lopburi's offices keep their fixed counts.
 */
import {
  BANGKOK_SECONDARY_OFFICES,
  LOPBURI_AREA_PLAN,
  LOPBURI_DISTRICTS,
  LOPBURI_PROVINCE_CODE,
  PLACE_PREFIXES,
  PLACE_QUALIFIERS,
  PLACE_SUFFIXES,
  PROVINCES,
  REGIONS,
  SECONDARY_SUFFIXES,
  SHARED_SECONDARY_GROUPS,
  TEMPLE_PREFIXES,
  TEMPLE_SUFFIXES,
  THAILAND_BBOX,
  URBAN_PROVINCE_FACTOR,
  type DistrictReference,
  type ProvinceReference,
  type Word,
} from './reference-data';

export type AreaOfficeKind = 'PRIMARY' | 'SECONDARY';
export type EducationLevel = 'PRE_PRIMARY' | 'PRIMARY' | 'LOWER_SECONDARY' | 'UPPER_SECONDARY';
/** ประถม / ขยายโอกาส / มัธยม */
export type SchoolType = 'PRIMARY' | 'EXTENDED_OPPORTUNITY' | 'SECONDARY';
export type SpecialProgramme =
  'ROYAL_INITIATIVE' | 'QUALITY_SCHOOL' | 'SMALL_SCHOOL_NETWORK' | 'BORDER_PATROL' | 'SCIENCE_CLASSROOM';
export type SchoolStatus = 'OPEN' | 'MERGED' | 'CLOSED';

export interface RegionSeed {
  code: string;
  nameTh: string;
  nameEn: string;
}
export interface ProvinceSeed {
  code: string;
  nameTh: string;
  nameEn: string;
  regionCode: string;
}
export interface DistrictSeed {
  code: string;
  nameTh: string;
  nameEn: string;
  provinceCode: string;
}
export interface AreaOfficeSeed {
  code: string;
  kind: AreaOfficeKind;
  nameTh: string;
  nameEn: string;
  provinceCode: string;
  districtCodes: string[];
}
export interface SchoolSeed {
  obecCode: string;
  smisCode: string;
  nameTh: string;
  nameEn: string;
  areaOfficeCode: string;
  provinceCode: string;
  districtCode: string;
  latitude: number;
  longitude: number;
  levels: EducationLevel[];
  schoolType: SchoolType;
  specialProgrammes: SpecialProgramme[];
  status: SchoolStatus;
  mergedIntoObecCode?: string;
  /**
   * Expected enrolment, used later by the students demo. 0 for MERGED/CLOSED schools (no students).
   * Distribution is log-normal per school type, so about half of the schools are small (<= 120).
   */
  expectedStudents: number;
}
export interface DirectorySeed {
  regions: RegionSeed[];
  provinces: ProvinceSeed[];
  districts: DistrictSeed[];
  areaOffices: AreaOfficeSeed[];
  schools: SchoolSeed[];
}

export type DirectoryScale = 'lopburi' | 'national';

/** Thai and English labels of the special programmes. */
export const specialProgrammeLabels: Readonly<Record<SpecialProgramme, { th: string; en: string }>> = {
  ROYAL_INITIATIVE: {
    th: 'โรงเรียนในโครงการพระราชดำริ',
    en: 'Royal initiative project school',
  },
  QUALITY_SCHOOL: {
    th: 'โรงเรียนคุณภาพ (นโยบายโรงเรียนคุณภาพของชุมชน)',
    en: 'Quality school (community quality school policy)',
  },
  SMALL_SCHOOL_NETWORK: {
    th: 'โรงเรียนขนาดเล็กในเครือข่ายบริหารจัดการร่วม',
    en: 'Small school in a shared-management network (120 students or fewer)',
  },
  BORDER_PATROL: {
    th: 'โรงเรียนรับโอนจากโรงเรียนตำรวจตระเวนชายแดน (ตชด.) / พื้นที่ชายแดน',
    en: 'School transferred from the Border Patrol Police (BPP) / border-area school',
  },
  SCIENCE_CLASSROOM: {
    th: 'ห้องเรียนพิเศษวิทยาศาสตร์ คณิตศาสตร์',
    en: 'Special science and mathematics classroom programme',
  },
};

export const schoolTypeLabels: Readonly<Record<SchoolType, { th: string; en: string }>> = {
  PRIMARY: { th: 'โรงเรียนประถมศึกษา', en: 'Primary school' },
  EXTENDED_OPPORTUNITY: { th: 'โรงเรียนขยายโอกาสทางการศึกษา', en: 'Extended-opportunity school' },
  SECONDARY: { th: 'โรงเรียนมัธยมศึกษา', en: 'Secondary school' },
};

export const educationLevelLabels: Readonly<Record<EducationLevel, { th: string; en: string }>> = {
  PRE_PRIMARY: { th: 'ก่อนประถมศึกษา (อนุบาล)', en: 'Pre-primary' },
  PRIMARY: { th: 'ประถมศึกษา', en: 'Primary' },
  LOWER_SECONDARY: { th: 'มัธยมศึกษาตอนต้น', en: 'Lower secondary' },
  UPPER_SECONDARY: { th: 'มัธยมศึกษาตอนปลาย', en: 'Upper secondary' },
};

export const DEFAULT_SEED = 2565;
export const NATIONAL_PRIMARY_AREA_OFFICES = 183;
export const NATIONAL_SECONDARY_AREA_OFFICES = 62;
export const NATIONAL_SCHOOL_TOTAL = 29_000;
export const NATIONAL_SECONDARY_SCHOOLS = 2_400;
/** OBEC's "small school" threshold (โรงเรียนขนาดเล็ก: 120 students or fewer). */
export const SMALL_SCHOOL_MAX_STUDENTS = 120;

// ---------------------------------------------------------------------------------------------------
// PRNG and small helpers

export type Rng = () => number;

/** mulberry32: a tiny, fast 32-bit seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash of a string. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** An independent PRNG stream for one key, so each part of the output depends only on (seed, key). */
function rngFor(seed: number, key: string): Rng {
  return mulberry32(hash32(`${seed >>> 0}|${key}`));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range`);
  return item;
}

function gaussian(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Largest-remainder (Hamilton) apportionment: integers summing exactly to `total`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) throw new Error('apportion needs positive weights');
  const quotas = weights.map((w) => (w / sum) * total);
  const result = quotas.map((q) => Math.floor(q));
  let left = total - result.reduce((s, n) => s + n, 0);
  const order = quotas
    .map((q, i) => ({ i, frac: q - Math.floor(q) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    result[i] = at(result, i) + 1;
    left--;
  }
  return result;
}

function provinceByCode(code: string): ProvinceReference {
  const p = PROVINCES.find((x) => x.code === code);
  if (!p) throw new Error(`unknown province ${code}`);
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Geography

/** Provinces small enough (or urban/insular enough) that synthetic districts stay close to the centre. */
const COMPACT_PROVINCES = new Set(['10', '11', '12', '13', '15', '17', '74', '75', '83']);

function syntheticDistrictCount(p: ProvinceReference, primaryAreas: number): number {
  if (p.code === '10') return 50;
  const n = clamp(Math.round(p.populationK / 70), 3, 30);
  return Math.max(n, primaryAreas + 1);
}

/** Synthetic districts for a province; depends only on the province (stable across seeds). */
function syntheticDistricts(p: ProvinceReference, count: number): DistrictReference[] {
  const rng = mulberry32(hash32(`districts|${p.code}`));
  const bangkok = p.code === '10';
  const spread = COMPACT_PROVINCES.has(p.code) ? 0.12 : 0.42;
  const used = new Set<string>();
  const out: DistrictReference[] = [];
  for (let i = 1; i <= count; i++) {
    let th: string;
    let en: string;
    if (i === 1) {
      th = bangkok ? 'เขตพระนคร' : `อำเภอเมือง${p.nameTh}`;
      en = bangkok ? 'Phra Nakhon District' : `Mueang ${p.nameEn} District`;
    } else {
      let core: { th: string; en: string };
      let tries = 0;
      do {
        const a = pick(rng, PLACE_PREFIXES);
        const b = pick(rng, PLACE_SUFFIXES);
        core = { th: a.th + b.th, en: `${a.en} ${b.en}` };
        tries++;
      } while (used.has(core.th) && tries < 50);
      used.add(core.th);
      th = `${bangkok ? 'เขต' : 'อำเภอ'}${core.th}`;
      en = `${core.en} District`;
    }
    const r = i === 1 ? 0 : spread * (0.3 + 0.7 * Math.sqrt(rng()));
    const theta = rng() * 2 * Math.PI;
    out.push({
      code: `${p.code}${pad(i, 2)}`,
      nameTh: th,
      nameEn: en,
      provinceCode: p.code,
      lat: round5(clamp(p.lat + r * Math.sin(theta), THAILAND_BBOX.minLat, THAILAND_BBOX.maxLat)),
      lon: round5(clamp(p.lon + r * Math.cos(theta), THAILAND_BBOX.minLon, THAILAND_BBOX.maxLon)),
      weight: i === 1 ? 1.5 : 0.6 + 0.8 * rng(),
    });
  }
  return out;
}

function toDistrictSeed(d: DistrictReference): DistrictSeed {
  return { code: d.code, nameTh: d.nameTh, nameEn: d.nameEn, provinceCode: d.provinceCode };
}

// ---------------------------------------------------------------------------------------------------
// Area offices

/** An area office plus what the school generator needs to know about it. */
interface AreaPlan {
  office: AreaOfficeSeed;
  districts: DistrictReference[];
  schools: number;
}

const PRIMARY_TH = 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษา';
const SECONDARY_TH = 'สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา';

function primaryOffice(
  p: ProvinceReference,
  zone: number,
  zones: number,
  districtCodes: string[],
): AreaOfficeSeed {
  return {
    code: `${p.code}${pad(zone, 2)}`,
    kind: 'PRIMARY',
    nameTh: zones > 1 ? `${PRIMARY_TH}${p.nameTh} เขต ${zone}` : `${PRIMARY_TH}${p.nameTh}`,
    nameEn:
      zones > 1
        ? `${p.nameEn} Primary Educational Service Area Office ${zone}`
        : `${p.nameEn} Primary Educational Service Area Office`,
    provinceCode: p.code,
    districtCodes,
  };
}

function secondaryOffice(
  provinces: ProvinceReference[],
  index: number,
  count: number,
  districtCodes: string[],
): AreaOfficeSeed {
  const host = at(provinces, 0);
  const th = provinces.map((p) => p.nameTh).join(' ');
  const en = provinces.map((p) => p.nameEn).join(' ');
  return {
    code: `${host.code}${pad(50 + index, 2)}`,
    kind: 'SECONDARY',
    nameTh: count > 1 ? `${SECONDARY_TH}${th} เขต ${index + 1}` : `${SECONDARY_TH}${th}`,
    nameEn:
      count > 1
        ? `${en} Secondary Educational Service Area Office ${index + 1}`
        : `${en} Secondary Educational Service Area Office`,
    provinceCode: host.code,
    districtCodes,
  };
}

function lopburiPlans(): AreaPlan[] {
  const p = provinceByCode(LOPBURI_PROVINCE_CODE);
  const primaryZones = LOPBURI_AREA_PLAN.filter((a) => a.kind === 'PRIMARY').length;
  return LOPBURI_AREA_PLAN.map((a) => {
    const districtCodes = [...a.districtCodes];
    const office =
      a.kind === 'PRIMARY'
        ? primaryOffice(p, a.zone, primaryZones, districtCodes)
        : secondaryOffice([p], 0, 1, districtCodes);
    if (office.code !== a.code) throw new Error(`Lopburi plan code mismatch ${office.code} != ${a.code}`);
    return {
      office,
      districts: LOPBURI_DISTRICTS.filter((d) => districtCodes.includes(d.code)),
      schools: a.schools,
    };
  });
}

function provinceWeight(p: ProvinceReference): number {
  return p.populationK * (URBAN_PROVINCE_FACTOR[p.code] ?? 1);
}

/** Primary area offices per province (Bangkok 0, Lopburi 2, others >= 1 by Sainte-Laguë on weight). */
function primaryAreaCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  const lopburiPrimary = LOPBURI_AREA_PLAN.filter((a) => a.kind === 'PRIMARY').length;
  const eligible = PROVINCES.filter((p) => p.code !== '10' && p.code !== LOPBURI_PROVINCE_CODE);
  for (const p of eligible) counts.set(p.code, 1);
  counts.set(LOPBURI_PROVINCE_CODE, lopburiPrimary);
  let left = NATIONAL_PRIMARY_AREA_OFFICES - eligible.length - lopburiPrimary;
  while (left > 0) {
    let best: ProvinceReference | undefined;
    let bestPriority = -1;
    for (const p of eligible) {
      const priority = provinceWeight(p) / (2 * (counts.get(p.code) ?? 1) + 1);
      if (priority > bestPriority) {
        best = p;
        bestPriority = priority;
      }
    }
    if (!best) break;
    counts.set(best.code, (counts.get(best.code) ?? 1) + 1);
    left--;
  }
  return counts;
}

/** Splits a list into `parts` contiguous chunks of near-equal size. */
function chunk<T>(items: readonly T[], parts: number): T[][] {
  const sizes = apportion(items.length, new Array<number>(parts).fill(1));
  const out: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
}

function nationalPlans(seed: number): { plans: AreaPlan[]; districts: DistrictReference[] } {
  const primaryCounts = primaryAreaCounts();
  const districtsByProvince = new Map<string, DistrictReference[]>();
  for (const p of PROVINCES) {
    districtsByProvince.set(
      p.code,
      p.code === LOPBURI_PROVINCE_CODE
        ? [...LOPBURI_DISTRICTS]
        : syntheticDistricts(p, syntheticDistrictCount(p, primaryCounts.get(p.code) ?? 0)),
    );
  }
  const districtsOf = (code: string): DistrictReference[] => districtsByProvince.get(code) ?? [];

  const lopburi = lopburiPlans();
  const primary: AreaPlan[] = [];
  const secondary: AreaPlan[] = [];
  const primaryWeights: number[] = [];
  const secondaryWeights: number[] = [];
  const jitter = rngFor(seed, 'national-plan');

  const sharedMembers = new Set(SHARED_SECONDARY_GROUPS.flatMap((g) => g.slice(1)));
  for (const p of PROVINCES) {
    if (p.code === LOPBURI_PROVINCE_CODE) continue;
    const ds = districtsOf(p.code);
    const zones = primaryCounts.get(p.code) ?? 0;
    chunk(ds, zones).forEach((part, i) => {
      primary.push({
        office: primaryOffice(
          p,
          i + 1,
          zones,
          part.map((d) => d.code),
        ),
        districts: part,
        schools: 0,
      });
      primaryWeights.push((provinceWeight(p) / zones) * (0.85 + 0.3 * jitter()));
    });

    if (p.code === '10') {
      chunk(ds, BANGKOK_SECONDARY_OFFICES).forEach((part, i) => {
        secondary.push({
          office: secondaryOffice(
            [p],
            i,
            BANGKOK_SECONDARY_OFFICES,
            part.map((d) => d.code),
          ),
          districts: part,
          schools: 0,
        });
        // Most Bangkok children are in BMA / private schools: weigh the OBEC share down.
        secondaryWeights.push(Math.pow((p.populationK * 0.6) / BANGKOK_SECONDARY_OFFICES, 0.8));
      });
    } else if (!sharedMembers.has(p.code)) {
      const group = SHARED_SECONDARY_GROUPS.find((g) => g[0] === p.code) ?? [p.code];
      const provinces = group.map(provinceByCode);
      const groupDistricts = provinces.flatMap((x) => districtsOf(x.code));
      secondary.push({
        office: secondaryOffice(
          provinces,
          0,
          1,
          groupDistricts.map((d) => d.code),
        ),
        districts: groupDistricts,
        schools: 0,
      });
      secondaryWeights.push(
        Math.pow(
          provinces.reduce((s, x) => s + provinceWeight(x), 0),
          0.8,
        ),
      );
    }
  }

  const lopburiPrimary = lopburi.filter((a) => a.office.kind === 'PRIMARY');
  const lopburiSecondary = lopburi.filter((a) => a.office.kind === 'SECONDARY');
  const sumSchools = (plans: AreaPlan[]) => plans.reduce((s, a) => s + a.schools, 0);
  const secondaryLeft = NATIONAL_SECONDARY_SCHOOLS - sumSchools(lopburiSecondary);
  const primaryLeft = NATIONAL_SCHOOL_TOTAL - NATIONAL_SECONDARY_SCHOOLS - sumSchools(lopburiPrimary);
  apportion(primaryLeft, primaryWeights).forEach((n, i) => (at(primary, i).schools = n));
  apportion(secondaryLeft, secondaryWeights).forEach((n, i) => (at(secondary, i).schools = n));

  const plans = [...primary, ...secondary, ...lopburi].sort((a, b) =>
    a.office.code < b.office.code ? -1 : a.office.code > b.office.code ? 1 : 0,
  );
  const primaryTotal = plans.filter((a) => a.office.kind === 'PRIMARY').length;
  const secondaryTotal = plans.length - primaryTotal;
  if (primaryTotal !== NATIONAL_PRIMARY_AREA_OFFICES || secondaryTotal !== NATIONAL_SECONDARY_AREA_OFFICES) {
    throw new Error(`area office plan is inconsistent: ${primaryTotal} primary, ${secondaryTotal} secondary`);
  }
  const districts = PROVINCES.flatMap((p) => districtsOf(p.code));
  return { plans, districts };
}

// ---------------------------------------------------------------------------------------------------
// Schools

interface SchoolName {
  th: string;
  en: string;
}

function villageCore(rng: Rng): { th: string; en: string } {
  const a = pick(rng, PLACE_PREFIXES);
  const b = pick(rng, PLACE_SUFFIXES);
  let th = a.th + b.th;
  let en = `${a.en} ${b.en}`;
  if (rng() < 0.2) {
    const q: Word = pick(rng, PLACE_QUALIFIERS);
    th += q.th;
    en += ` ${q.en}`;
  }
  return { th, en };
}

function primarySchoolName(rng: Rng): SchoolName {
  const u = rng();
  if (u < 0.62) {
    const v = villageCore(rng);
    return { th: `โรงเรียนบ้าน${v.th}`, en: `Ban ${v.en} School` };
  }
  if (u < 0.95) {
    const a = pick(rng, TEMPLE_PREFIXES);
    const b = pick(rng, TEMPLE_SUFFIXES);
    return { th: `โรงเรียนวัด${a.th}${b.th}`, en: `Wat ${a.en} ${b.en} School` };
  }
  const v = villageCore(rng);
  return { th: `โรงเรียนชุมชนบ้าน${v.th}`, en: `Chumchon Ban ${v.en} School` };
}

function secondarySchoolName(rng: Rng): SchoolName {
  const a = pick(rng, PLACE_PREFIXES);
  const b = pick(rng, PLACE_SUFFIXES);
  const s = pick(rng, SECONDARY_SUFFIXES);
  return { th: `โรงเรียน${a.th}${b.th}${s.th}`, en: `${a.en} ${b.en} ${s.en} School` };
}

function logNormalStudents(rng: Rng, median: number, sigma: number, min: number, max: number): number {
  return Math.round(clamp(median * Math.exp(sigma * gaussian(rng)), min, max));
}

function distanceSq(a: SchoolSeed, b: SchoolSeed): number {
  const dLat = a.latitude - b.latitude;
  const dLon = a.longitude - b.longitude;
  return dLat * dLat + dLon * dLon;
}

/** Generates one area office's schools from the PRNG stream keyed by (seed, area code). */
function generateAreaSchools(plan: AreaPlan, seed: number): SchoolSeed[] {
  const { office } = plan;
  const rng = rngFor(seed, `area|${office.code}`);
  const secondaryArea = office.kind === 'SECONDARY';
  const perDistrict = apportion(
    plan.schools,
    plan.districts.map((d) => d.weight),
  );
  const usedNames = new Set<string>();
  const schools: SchoolSeed[] = [];
  let running = 0;

  plan.districts.forEach((district, di) => {
    const province = provinceByCode(district.provinceCode);
    const spread = COMPACT_PROVINCES.has(province.code) ? 0.05 : 0.1;
    for (let k = 0; k < at(perDistrict, di); k++) {
      running++;
      const smisCode = `${office.code}${pad(running, 4)}`;

      let name: SchoolName = secondaryArea ? secondarySchoolName(rng) : primarySchoolName(rng);
      for (let tries = 0; usedNames.has(name.th) && tries < 8; tries++) {
        name = secondaryArea ? secondarySchoolName(rng) : primarySchoolName(rng);
      }
      usedNames.add(name.th);

      let schoolType: SchoolType;
      let levels: EducationLevel[];
      let expectedStudents: number;
      if (secondaryArea) {
        schoolType = 'SECONDARY';
        expectedStudents = logNormalStudents(rng, 650, 0.9, 40, 4200);
        const upper = expectedStudents >= 250 || rng() < 0.6;
        levels = upper ? ['LOWER_SECONDARY', 'UPPER_SECONDARY'] : ['LOWER_SECONDARY'];
      } else if (rng() < 0.22) {
        schoolType = 'EXTENDED_OPPORTUNITY';
        expectedStudents = logNormalStudents(rng, 210, 0.6, 40, 2000);
        levels = ['PRE_PRIMARY', 'PRIMARY', 'LOWER_SECONDARY'];
      } else {
        schoolType = 'PRIMARY';
        expectedStudents = logNormalStudents(rng, 90, 0.85, 8, 2500);
        levels = ['PRE_PRIMARY', 'PRIMARY'];
      }

      const r = spread * Math.sqrt(rng());
      const theta = rng() * 2 * Math.PI;
      const latitude = round5(
        clamp(district.lat + r * Math.sin(theta), THAILAND_BBOX.minLat, THAILAND_BBOX.maxLat),
      );
      const longitude = round5(
        clamp(district.lon + r * Math.cos(theta), THAILAND_BBOX.minLon, THAILAND_BBOX.maxLon),
      );

      const small = expectedStudents <= SMALL_SCHOOL_MAX_STUDENTS;
      const statusRoll = rng();
      const status: SchoolStatus =
        statusRoll < 0.01 ? 'CLOSED' : small && statusRoll < 0.07 ? 'MERGED' : 'OPEN';

      const programmes: SpecialProgramme[] = [];
      const rolls = [rng(), rng(), rng(), rng(), rng()] as const;
      if (rolls[0] < (province.border ? 0.05 : 0.02)) programmes.push('ROYAL_INITIATIVE');
      if (rolls[1] < (secondaryArea ? 0.12 : expectedStudents >= 200 ? 0.1 : 0.015))
        programmes.push('QUALITY_SCHOOL');
      if (small && rolls[2] < 0.4) programmes.push('SMALL_SCHOOL_NETWORK');
      if (!secondaryArea && province.border && rolls[3] < 0.03) programmes.push('BORDER_PATROL');
      if (secondaryArea && rolls[4] < (expectedStudents >= 1000 ? 0.45 : expectedStudents >= 500 ? 0.1 : 0)) {
        programmes.push('SCIENCE_CLASSROOM');
      }

      schools.push({
        obecCode: `10${smisCode}`,
        smisCode,
        nameTh: name.th,
        nameEn: name.en,
        areaOfficeCode: office.code,
        provinceCode: district.provinceCode,
        districtCode: district.code,
        latitude,
        longitude,
        levels,
        schoolType,
        specialProgrammes: status === 'OPEN' ? programmes : [],
        status,
        expectedStudents: status === 'OPEN' ? expectedStudents : 0,
      });
    }
  });

  // A merged school points at the nearest OPEN school of the same area (same district preferred).
  for (const school of schools) {
    if (school.status !== 'MERGED') continue;
    let target: SchoolSeed | undefined;
    let best = Infinity;
    for (const other of schools) {
      if (other.status !== 'OPEN') continue;
      const d = distanceSq(school, other) + (other.districtCode === school.districtCode ? 0 : 1);
      if (d < best) {
        best = d;
        target = other;
      }
    }
    if (target) {
      school.mergedIntoObecCode = target.obecCode;
    } else {
      school.status = 'OPEN';
    }
  }
  return schools;
}

// ---------------------------------------------------------------------------------------------------
// Public API

/**
 * Generates the synthetic directory. Same (scale, seed) -> deep-equal output. The Lopburi part of the
 * 'national' scale is identical to the 'lopburi' scale for the same seed.
 */
export function generateDirectory(scale: DirectoryScale, seed: number = DEFAULT_SEED): DirectorySeed {
  const regions: RegionSeed[] = REGIONS.map((r) => ({ code: r.code, nameTh: r.nameTh, nameEn: r.nameEn }));
  const provinces: ProvinceSeed[] = PROVINCES.map((p) => ({
    code: p.code,
    nameTh: p.nameTh,
    nameEn: p.nameEn,
    regionCode: p.regionCode,
  }));

  const { plans, districts } =
    scale === 'lopburi' ? { plans: lopburiPlans(), districts: [...LOPBURI_DISTRICTS] } : nationalPlans(seed);

  return {
    regions,
    provinces,
    districts: districts.map(toDistrictSeed),
    areaOffices: plans.map((a) => a.office),
    schools: plans.flatMap((a) => generateAreaSchools(a, seed)),
  };
}
