/**
 * Reference data for the synthetic school directory (see `directory-generator.ts`).
 *
 * Real, public facts only: the 6 geographic regions, the 77 provinces with their official two-digit
 * codes (Ministry of Interior / TIS 1099 style province code) and the 11 districts (amphoe) of Lopburi.
 * Population figures and coordinates are APPROXIMATE (rounded registered population, capital-town
 * centre) and are used only to distribute synthetic area offices and schools plausibly.
 */

import {
  LOPBURI_DISTRICT_NAMES,
  PROVINCES as PROVINCE_NAMES,
  REGIONS,
  type DistrictName,
  type ProvinceName,
  type RegionCode,
} from '@smss/thai';

/** Regions, province and district names and codes: the platform's one copy in `@smss/thai`. */
export { REGIONS, type RegionCode };

export interface ProvinceReference extends ProvinceName {
  /** Approximate registered population in thousands (c. 2020); only a weight for the generator. */
  populationK: number;
  /** Approximate centre (capital town). */
  lat: number;
  lon: number;
  /** True when the province has an international land border (used for border-area programmes). */
  border?: boolean;
}

/** Approximate population and capital-town centre per province code: weights for the demo generator only. */
// prettier-ignore
const PROVINCE_DEMO_FACTS: Readonly<Record<string, Omit<ProvinceReference, keyof ProvinceName>>> = {
  '10': { populationK: 5588, lat: 13.756, lon: 100.502 },
  '11': { populationK: 1344, lat: 13.599, lon: 100.597 },
  '12': { populationK: 1265, lat: 13.862, lon: 100.514 },
  '13': { populationK: 1163, lat: 14.021, lon: 100.525 },
  '14': { populationK: 820, lat: 14.353, lon: 100.569 },
  '15': { populationK: 279, lat: 14.589, lon: 100.455 },
  '16': { populationK: 758, lat: 14.799, lon: 100.654 },
  '17': { populationK: 210, lat: 14.887, lon: 100.401 },
  '18': { populationK: 327, lat: 15.186, lon: 100.125 },
  '19': { populationK: 645, lat: 14.529, lon: 100.911 },
  '20': { populationK: 1559, lat: 13.361, lon: 100.985 },
  '21': { populationK: 734, lat: 12.681, lon: 101.278 },
  '22': { populationK: 537, lat: 12.611, lon: 102.104, border: true },
  '23': { populationK: 229, lat: 12.243, lon: 102.515, border: true },
  '24': { populationK: 720, lat: 13.690, lon: 101.077 },
  '25': { populationK: 497, lat: 14.050, lon: 101.372 },
  '26': { populationK: 260, lat: 14.204, lon: 101.213 },
  '27': { populationK: 565, lat: 13.824, lon: 102.065, border: true },
  '30': { populationK: 2634, lat: 14.975, lon: 102.098 },
  '31': { populationK: 1595, lat: 14.993, lon: 103.103, border: true },
  '32': { populationK: 1396, lat: 14.883, lon: 103.494, border: true },
  '33': { populationK: 1472, lat: 15.118, lon: 104.322, border: true },
  '34': { populationK: 1878, lat: 15.244, lon: 104.848, border: true },
  '35': { populationK: 539, lat: 15.794, lon: 104.145 },
  '36': { populationK: 1140, lat: 15.806, lon: 102.031 },
  '37': { populationK: 378, lat: 15.858, lon: 104.629, border: true },
  '38': { populationK: 424, lat: 18.360, lon: 103.646, border: true },
  '39': { populationK: 512, lat: 17.204, lon: 102.441 },
  '40': { populationK: 1802, lat: 16.441, lon: 102.836 },
  '41': { populationK: 1586, lat: 17.415, lon: 102.787 },
  '42': { populationK: 642, lat: 17.486, lon: 101.722, border: true },
  '43': { populationK: 523, lat: 17.878, lon: 102.742, border: true },
  '44': { populationK: 962, lat: 16.184, lon: 103.300 },
  '45': { populationK: 1305, lat: 16.056, lon: 103.653 },
  '46': { populationK: 983, lat: 16.432, lon: 103.506 },
  '47': { populationK: 1153, lat: 17.156, lon: 104.147 },
  '48': { populationK: 718, lat: 17.407, lon: 104.781, border: true },
  '49': { populationK: 353, lat: 16.542, lon: 104.721, border: true },
  '50': { populationK: 1779, lat: 18.788, lon: 98.985, border: true },
  '51': { populationK: 406, lat: 18.574, lon: 99.008 },
  '52': { populationK: 738, lat: 18.289, lon: 99.491 },
  '53': { populationK: 454, lat: 17.626, lon: 100.099, border: true },
  '54': { populationK: 442, lat: 18.145, lon: 100.141 },
  '55': { populationK: 478, lat: 18.783, lon: 100.779, border: true },
  '56': { populationK: 472, lat: 19.167, lon: 99.902, border: true },
  '57': { populationK: 1298, lat: 19.910, lon: 99.841, border: true },
  '58': { populationK: 284, lat: 19.302, lon: 97.965, border: true },
  '60': { populationK: 1060, lat: 15.704, lon: 100.137 },
  '61': { populationK: 330, lat: 15.380, lon: 100.025 },
  '62': { populationK: 730, lat: 16.483, lon: 99.522 },
  '63': { populationK: 665, lat: 16.884, lon: 99.126, border: true },
  '64': { populationK: 597, lat: 17.007, lon: 99.823 },
  '65': { populationK: 866, lat: 16.821, lon: 100.265, border: true },
  '66': { populationK: 536, lat: 16.442, lon: 100.349 },
  '67': { populationK: 996, lat: 16.419, lon: 101.160 },
  '70': { populationK: 873, lat: 13.537, lon: 99.817, border: true },
  '71': { populationK: 895, lat: 14.004, lon: 99.548, border: true },
  '72': { populationK: 848, lat: 14.474, lon: 100.117 },
  '73': { populationK: 920, lat: 13.820, lon: 100.062 },
  '74': { populationK: 584, lat: 13.547, lon: 100.274 },
  '75': { populationK: 193, lat: 13.410, lon: 100.002 },
  '76': { populationK: 485, lat: 13.112, lon: 99.940, border: true },
  '77': { populationK: 553, lat: 11.812, lon: 99.797, border: true },
  '80': { populationK: 1561, lat: 8.432, lon: 99.963 },
  '81': { populationK: 479, lat: 8.086, lon: 98.906 },
  '82': { populationK: 268, lat: 8.451, lon: 98.525 },
  '83': { populationK: 416, lat: 7.890, lon: 98.398 },
  '84': { populationK: 1072, lat: 9.139, lon: 99.333 },
  '85': { populationK: 193, lat: 9.965, lon: 98.634, border: true },
  '86': { populationK: 511, lat: 10.493, lon: 99.180, border: true },
  '90': { populationK: 1436, lat: 7.190, lon: 100.595, border: true },
  '91': { populationK: 325, lat: 6.624, lon: 100.067, border: true },
  '92': { populationK: 643, lat: 7.559, lon: 99.611 },
  '93': { populationK: 525, lat: 7.617, lon: 100.078 },
  '94': { populationK: 725, lat: 6.869, lon: 101.250 },
  '95': { populationK: 536, lat: 6.541, lon: 101.281, border: true },
  '96': { populationK: 808, lat: 6.426, lon: 101.823, border: true },
};

/** All 77 provinces (76 + Bangkok), ordered by official code: names from `@smss/thai`, demo facts from above. */
export const PROVINCES: readonly ProvinceReference[] = PROVINCE_NAMES.map((p) => ({
  ...p,
  ...PROVINCE_DEMO_FACTS[p.code]!,
}));

/** The sandbox province (seed documents: AMSS++/SMSS sandbox in จังหวัดลพบุรี). */
export const LOPBURI_PROVINCE_CODE = '16';

export interface DistrictReference extends DistrictName {
  /** Approximate centre of the district (amphoe seat). */
  lat: number;
  lon: number;
  /** Relative weight for how many schools the district holds (rough; larger rural districts weigh more). */
  weight: number;
}

/** Approximate amphoe seats and rough weights (not official school counts) of Lopburi's districts. */
// prettier-ignore
const LOPBURI_DISTRICT_DEMO_FACTS: Readonly<Record<string, Pick<DistrictReference, 'lat' | 'lon' | 'weight'>>> = {
  '1601': { lat: 14.799, lon: 100.654, weight: 1.6 },
  '1602': { lat: 14.848, lon: 101.060, weight: 1.3 },
  '1603': { lat: 15.068, lon: 100.725, weight: 1.2 },
  '1604': { lat: 15.205, lon: 101.135, weight: 1.5 },
  '1605': { lat: 14.818, lon: 100.515, weight: 0.9 },
  '1606': { lat: 15.041, lon: 100.528, weight: 1.3 },
  '1607': { lat: 15.071, lon: 101.118, weight: 0.6 },
  '1608': { lat: 15.203, lon: 100.853, weight: 0.6 },
  '1609': { lat: 15.415, lon: 100.808, weight: 0.6 },
  '1610': { lat: 15.330, lon: 101.345, weight: 0.7 },
  '1611': { lat: 15.236, lon: 100.675, weight: 0.8 },
};

/** The 11 real districts (amphoe) of Lopburi with their official DOPA codes, in code order. */
export const LOPBURI_DISTRICTS: readonly DistrictReference[] = LOPBURI_DISTRICT_NAMES.map((d) => ({
  ...d,
  ...LOPBURI_DISTRICT_DEMO_FACTS[d.code]!,
}));

/**
 * Lopburi sandbox area offices (seed document 001: "สพป.ลพบุรี เขต 1, สพป.ลพบุรี เขต 2, สพม.ลพบุรี").
 *
 * District split is APPROXIMATE: สพป.ลพบุรี เขต 2 (office at ตำบลลำนารายณ์, อำเภอชัยบาดาล) is described
 * on its public "ข้อมูลพื้นฐาน" page as covering ชัยบาดาล, ท่าหลวง, ลำสนธิ, พัฒนานิคม, หนองม่วง,
 * โคกเจริญ and สระโบสถ์; เขต 1 gets the remaining four districts. School counts are plausible round
 * figures (the seed documents give none): they are NOT official statistics.
 */
export const LOPBURI_AREA_PLAN = [
  { code: '1601', kind: 'PRIMARY', zone: 1, districtCodes: ['1601', '1603', '1605', '1606'], schools: 168 },
  {
    code: '1602',
    kind: 'PRIMARY',
    zone: 2,
    districtCodes: ['1602', '1604', '1607', '1608', '1609', '1610', '1611'],
    schools: 184,
  },
  {
    code: '1650',
    kind: 'SECONDARY',
    zone: 0,
    districtCodes: LOPBURI_DISTRICTS.map((d) => d.code),
    schools: 31,
  },
] as const;

/**
 * Secondary area offices that serve more than one province (first code = host province, whose code is
 * used for the office code). Bangkok has two secondary offices of its own. Every other province not
 * listed here has exactly one secondary office. 14 pairs + 1 triple -> 76 - 16 = 60 offices outside
 * Bangkok, + 2 in Bangkok = 62. Groupings follow neighbouring provinces and the multi-province office
 * names seen in the seed documents (อุทัยธานี ชัยนาท, สงขลา สตูล, อุบลราชธานี อำนาจเจริญ); the others are
 * plausible but NOT verified against the current ministerial announcement.
 */
export const SHARED_SECONDARY_GROUPS: readonly (readonly string[])[] = [
  ['61', '18'],
  ['90', '91'],
  ['34', '37'],
  ['52', '51'],
  ['65', '53'],
  ['17', '15'],
  ['25', '26'],
  ['22', '23'],
  ['82', '83', '85'],
  ['74', '75'],
  ['92', '81'],
  ['42', '39'],
  ['43', '38'],
  ['50', '58'],
  ['57', '56'],
];

/** Number of secondary area offices in Bangkok (สพม.กรุงเทพมหานคร เขต 1 and เขต 2). */
export const BANGKOK_SECONDARY_OFFICES = 2;

/**
 * Provinces where a large share of children attend municipal / private / BMA-adjacent schools, so the
 * number of OBEC primary area offices and schools is lower than population alone suggests.
 */
export const URBAN_PROVINCE_FACTOR: Readonly<Record<string, number>> = {
  '11': 0.45,
  '12': 0.45,
  '13': 0.55,
  '20': 0.6,
  '74': 0.6,
  '83': 0.5,
  '21': 0.8,
};

/** Thailand's bounding box (approximate), used to clamp synthetic coordinates. */
export const THAILAND_BBOX = { minLat: 5.61, maxLat: 20.47, minLon: 97.34, maxLon: 105.64 } as const;

/** A word used to build synthetic place names: Thai spelling and RTGS-like romanisation. */
export interface Word {
  th: string;
  en: string;
}

/** First element of village names (landscape words). */
export const PLACE_PREFIXES: readonly Word[] = [
  { th: 'หนอง', en: 'Nong' },
  { th: 'โคก', en: 'Khok' },
  { th: 'ดอน', en: 'Don' },
  { th: 'ห้วย', en: 'Huai' },
  { th: 'นา', en: 'Na' },
  { th: 'โนน', en: 'Non' },
  { th: 'ท่า', en: 'Tha' },
  { th: 'บึง', en: 'Bueng' },
  { th: 'คลอง', en: 'Khlong' },
  { th: 'ทุ่ง', en: 'Thung' },
  { th: 'สระ', en: 'Sa' },
  { th: 'บาง', en: 'Bang' },
  { th: 'เขา', en: 'Khao' },
  { th: 'ป่า', en: 'Pa' },
  { th: 'วัง', en: 'Wang' },
  { th: 'เนิน', en: 'Noen' },
  { th: 'หัว', en: 'Hua' },
  { th: 'ซับ', en: 'Sap' },
  { th: 'ลำ', en: 'Lam' },
  { th: 'กุด', en: 'Kut' },
];

/** Second element of village names (plants, colours, qualities). */
export const PLACE_SUFFIXES: readonly Word[] = [
  { th: 'บัว', en: 'Bua' },
  { th: 'ทอง', en: 'Thong' },
  { th: 'แก้ว', en: 'Kaeo' },
  { th: 'ม่วง', en: 'Muang' },
  { th: 'โพธิ์', en: 'Pho' },
  { th: 'ไผ่', en: 'Phai' },
  { th: 'ขาม', en: 'Kham' },
  { th: 'แดง', en: 'Daeng' },
  { th: 'ยาง', en: 'Yang' },
  { th: 'ตะเคียน', en: 'Takhian' },
  { th: 'สำโรง', en: 'Samrong' },
  { th: 'มะขาม', en: 'Makham' },
  { th: 'ไทร', en: 'Sai' },
  { th: 'หิน', en: 'Hin' },
  { th: 'ทราย', en: 'Sai' },
  { th: 'เจริญ', en: 'Charoen' },
  { th: 'สว่าง', en: 'Sawang' },
  { th: 'ตาล', en: 'Tan' },
  { th: 'กุ่ม', en: 'Kum' },
  { th: 'งาม', en: 'Ngam' },
  { th: 'หลวง', en: 'Luang' },
  { th: 'จิก', en: 'Chik' },
  { th: 'เสือ', en: 'Suea' },
  { th: 'ช้าง', en: 'Chang' },
  { th: 'กระทุ่ม', en: 'Krathum' },
  { th: 'มะนาว', en: 'Manao' },
  { th: 'ขี้เหล็ก', en: 'Khilek' },
  { th: 'สะแก', en: 'Sakae' },
  { th: 'พยอม', en: 'Phayom' },
  { th: 'เตย', en: 'Toei' },
  { th: 'กระเบื้อง', en: 'Krabueang' },
  { th: 'ยาว', en: 'Yao' },
];

/** Optional third element of village names (relative position / new settlement). */
export const PLACE_QUALIFIERS: readonly Word[] = [
  { th: 'ใหญ่', en: 'Yai' },
  { th: 'น้อย', en: 'Noi' },
  { th: 'ใหม่', en: 'Mai' },
  { th: 'เหนือ', en: 'Nuea' },
  { th: 'ใต้', en: 'Tai' },
  { th: 'พัฒนา', en: 'Phatthana' },
];

/** First element of temple names. */
export const TEMPLE_PREFIXES: readonly Word[] = [
  { th: 'ศรี', en: 'Si' },
  { th: 'โพธิ์', en: 'Pho' },
  { th: 'สว่าง', en: 'Sawang' },
  { th: 'ป่า', en: 'Pa' },
  { th: 'เกาะ', en: 'Ko' },
  { th: 'หนอง', en: 'Nong' },
  { th: 'ดอน', en: 'Don' },
  { th: 'บาง', en: 'Bang' },
  { th: 'ท่า', en: 'Tha' },
  { th: 'โคก', en: 'Khok' },
  { th: 'ไทร', en: 'Sai' },
  { th: 'สระ', en: 'Sa' },
];

/** Second element of temple names. */
export const TEMPLE_SUFFIXES: readonly Word[] = [
  { th: 'ทอง', en: 'Thong' },
  { th: 'ธาราม', en: 'Tharam' },
  { th: 'ราษฎร์', en: 'Rat' },
  { th: 'อารมณ์', en: 'Arom' },
  { th: 'ชัย', en: 'Chai' },
  { th: 'นิมิต', en: 'Nimit' },
  { th: 'สามัคคี', en: 'Samakkhi' },
  { th: 'มงคล', en: 'Mongkhon' },
  { th: 'วนาราม', en: 'Wanaram' },
  { th: 'ประดิษฐ์', en: 'Pradit' },
  { th: 'สุทธาวาส', en: 'Sutthawat' },
  { th: 'บุญเรือง', en: 'Bun Rueang' },
];

/** Suffixes of secondary-school names ("โรงเรียน<town>วิทยา"). */
export const SECONDARY_SUFFIXES: readonly Word[] = [
  { th: 'วิทยา', en: 'Witthaya' },
  { th: 'วิทยาคม', en: 'Witthayakhom' },
  { th: 'พิทยาคม', en: 'Phitthayakhom' },
  { th: 'วิทยาคาร', en: 'Witthayakhan' },
  { th: 'ศึกษา', en: 'Suksa' },
  { th: 'วิทยาสรรค์', en: 'Witthayasan' },
  { th: 'ประชาสรรค์', en: 'Pracha San' },
];
