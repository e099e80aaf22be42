import {
  generateDirectory,
  mulberry32,
  specialProgrammeLabels,
  type DirectorySeed,
  type SchoolSeed,
  type SpecialProgramme,
} from './directory-generator';
import { THAILAND_BBOX } from './reference-data';

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

describe('generateDirectory', () => {
  let lopburi: DirectorySeed;
  let national: DirectorySeed;

  beforeAll(() => {
    lopburi = generateDirectory('lopburi');
    national = generateDirectory('national');
  });

  describe('reference data', () => {
    it('lists all 77 provinces with unique two-digit codes, including 16 ลพบุรี', () => {
      for (const dir of [lopburi, national]) {
        expect(dir.provinces).toHaveLength(77);
        const codes = dir.provinces.map((p) => p.code);
        expect(new Set(codes).size).toBe(77);
        for (const code of codes) expect(code).toMatch(/^[1-9]\d$/);
        expect(dir.provinces.find((p) => p.code === '16')).toMatchObject({
          nameTh: 'ลพบุรี',
          nameEn: 'Lopburi',
        });
        expect(dir.provinces.find((p) => p.code === '10')?.nameTh).toBe('กรุงเทพมหานคร');
        expect(dir.provinces.find((p) => p.code === '96')?.nameTh).toBe('นราธิวาส');
      }
    });

    it('puts every province in one of the six geographic regions', () => {
      for (const dir of [lopburi, national]) {
        expect(dir.regions).toHaveLength(6);
        const regionCodes = new Set(dir.regions.map((r) => r.code));
        for (const p of dir.provinces) expect(regionCodes.has(p.regionCode)).toBe(true);
        const perRegion = countBy(dir.provinces, (p) => p.regionCode);
        expect([...perRegion.values()].sort((a, b) => a - b)).toEqual([5, 7, 9, 14, 20, 22]);
      }
    });

    it('uses the 11 real districts of Lopburi with official codes 1601 to 1611', () => {
      expect(lopburi.districts.map((d) => d.code)).toEqual([
        '1601',
        '1602',
        '1603',
        '1604',
        '1605',
        '1606',
        '1607',
        '1608',
        '1609',
        '1610',
        '1611',
      ]);
      expect(lopburi.districts[0]?.nameTh).toBe('อำเภอเมืองลพบุรี');
      expect(lopburi.districts[10]?.nameTh).toBe('อำเภอหนองม่วง');
      expect(national.districts.filter((d) => d.provinceCode === '16')).toEqual(lopburi.districts);
    });
  });

  describe('lopburi scale', () => {
    it('has exactly the three sandbox area offices', () => {
      expect(lopburi.areaOffices.map((a) => [a.code, a.kind, a.nameTh, a.nameEn])).toEqual([
        [
          '1601',
          'PRIMARY',
          'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาลพบุรี เขต 1',
          'Lopburi Primary Educational Service Area Office 1',
        ],
        [
          '1602',
          'PRIMARY',
          'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาลพบุรี เขต 2',
          'Lopburi Primary Educational Service Area Office 2',
        ],
        [
          '1650',
          'SECONDARY',
          'สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาลพบุรี',
          'Lopburi Secondary Educational Service Area Office',
        ],
      ]);
    });

    it('splits the 11 districts between the two primary areas and gives all of them to the secondary area', () => {
      const [zone1, zone2, secondary] = lopburi.areaOffices;
      const primaryDistricts = [...(zone1?.districtCodes ?? []), ...(zone2?.districtCodes ?? [])].sort();
      expect(primaryDistricts).toEqual(lopburi.districts.map((d) => d.code));
      expect(secondary?.districtCodes).toEqual(lopburi.districts.map((d) => d.code));
    });

    it('gives each primary area 150 to 200 schools and the secondary area about 30', () => {
      const counts = countBy(lopburi.schools, (s) => s.areaOfficeCode);
      for (const code of ['1601', '1602']) {
        expect(counts.get(code)).toBeGreaterThanOrEqual(150);
        expect(counts.get(code)).toBeLessThanOrEqual(200);
      }
      expect(counts.get('1650')).toBeGreaterThanOrEqual(25);
      expect(counts.get('1650')).toBeLessThanOrEqual(40);
    });

    it('places schools near the centre of their Lopburi district', () => {
      const lopburiCentres: Record<string, [number, number]> = {
        '1601': [14.799, 100.654],
        '1610': [15.33, 101.345],
      };
      for (const s of lopburi.schools) {
        const centre = lopburiCentres[s.districtCode];
        if (!centre) continue;
        expect(Math.hypot(s.latitude - centre[0], s.longitude - centre[1])).toBeLessThanOrEqual(0.11);
      }
    });
  });

  describe('national scale', () => {
    it('has 183 primary and 62 secondary area offices', () => {
      const kinds = countBy(national.areaOffices, (a) => a.kind);
      expect(kinds.get('PRIMARY')).toBe(183);
      expect(kinds.get('SECONDARY')).toBe(62);
    });

    it('gives Bangkok no primary area office and every other province at least one', () => {
      const primaryPerProvince = countBy(
        national.areaOffices.filter((a) => a.kind === 'PRIMARY'),
        (a) => a.provinceCode,
      );
      expect(primaryPerProvince.get('10')).toBeUndefined();
      for (const p of national.provinces.filter((x) => x.code !== '10')) {
        expect(primaryPerProvince.get(p.code)).toBeGreaterThanOrEqual(1);
      }
      expect(
        national.areaOffices.filter((a) => a.provinceCode === '10' && a.kind === 'SECONDARY'),
      ).toHaveLength(2);
    });

    it('covers every district of every province by exactly one primary (outside Bangkok) and one secondary office', () => {
      const districtProvince = new Map(national.districts.map((d) => [d.code, d.provinceCode]));
      for (const kind of ['PRIMARY', 'SECONDARY'] as const) {
        const covered = national.areaOffices.filter((a) => a.kind === kind).flatMap((a) => a.districtCodes);
        expect(new Set(covered).size).toBe(covered.length);
        const expected = national.districts
          .filter((d) => kind === 'SECONDARY' || d.provinceCode !== '10')
          .map((d) => d.code);
        expect([...covered].sort()).toEqual([...expected].sort());
      }
      for (const p of national.provinces) {
        expect([...districtProvince.values()]).toContain(p.code);
      }
    });

    it('has about 29,000 schools, many of them small', () => {
      expect(national.schools.length).toBeGreaterThanOrEqual(28_500);
      expect(national.schools.length).toBeLessThanOrEqual(29_500);
      const open = national.schools.filter((s) => s.status === 'OPEN');
      const small = open.filter((s) => s.expectedStudents <= 120);
      expect(small.length / open.length).toBeGreaterThan(0.35);
      expect(small.length / open.length).toBeLessThan(0.65);
      const perArea = countBy(national.schools, (s) => s.areaOfficeCode);
      expect(perArea.size).toBe(245);
    });

    it('contains exactly the lopburi scale as its Lopburi part', () => {
      expect(national.areaOffices.filter((a) => a.provinceCode === '16')).toEqual(lopburi.areaOffices);
      expect(national.schools.filter((s) => s.provinceCode === '16')).toEqual(lopburi.schools);
    });

    it('generates in under 2 seconds', () => {
      const started = performance.now();
      generateDirectory('national', 7);
      expect(performance.now() - started).toBeLessThan(2000);
    });
  });

  describe.each(['lopburi', 'national'] as const)('%s scale invariants', (scale) => {
    const dir = (): DirectorySeed => (scale === 'lopburi' ? lopburi : national);

    it('has unique, well-formed area office, SMIS and OBEC codes', () => {
      const offices = dir().areaOffices;
      expect(new Set(offices.map((a) => a.code)).size).toBe(offices.length);
      for (const a of offices) {
        expect(a.code).toMatch(/^\d{4}$/);
        expect(a.code.slice(0, 2)).toBe(a.provinceCode);
        const nn = Number(a.code.slice(2));
        if (a.kind === 'PRIMARY') expect(nn).toBeGreaterThanOrEqual(1);
        if (a.kind === 'PRIMARY') expect(nn).toBeLessThanOrEqual(49);
        if (a.kind === 'SECONDARY') expect(nn).toBeGreaterThanOrEqual(50);
      }
      const schools = dir().schools;
      expect(new Set(schools.map((s) => s.smisCode)).size).toBe(schools.length);
      expect(new Set(schools.map((s) => s.obecCode)).size).toBe(schools.length);
      const runningByArea = new Map<string, number>();
      const problems: string[] = [];
      for (const s of schools) {
        const expected = (runningByArea.get(s.areaOfficeCode) ?? 0) + 1;
        runningByArea.set(s.areaOfficeCode, expected);
        if (!/^\d{8}$/.test(s.smisCode)) problems.push(`${s.smisCode}: SMIS code is not 8 digits`);
        if (s.obecCode !== `10${s.smisCode}`) problems.push(`${s.obecCode}: OBEC code is not '10' + SMIS`);
        if (s.smisCode.slice(0, 4) !== s.areaOfficeCode)
          problems.push(`${s.smisCode}: SMIS code lacks area code`);
        if (Number(s.smisCode.slice(4)) !== expected)
          problems.push(`${s.smisCode}: running number not ${expected}`);
      }
      expect(problems).toEqual([]);
    });

    it('places each school in a district of its own area office and province, inside Thailand', () => {
      const offices = new Map(dir().areaOffices.map((a) => [a.code, a]));
      const districts = new Map(dir().districts.map((d) => [d.code, d]));
      const { minLat, maxLat, minLon, maxLon } = THAILAND_BBOX;
      const problems = dir()
        .schools.filter(
          (s) =>
            !offices.get(s.areaOfficeCode)?.districtCodes.includes(s.districtCode) ||
            districts.get(s.districtCode)?.provinceCode !== s.provinceCode ||
            s.latitude < minLat ||
            s.latitude > maxLat ||
            s.longitude < minLon ||
            s.longitude > maxLon,
        )
        .map((s) => s.obecCode);
      expect(problems).toEqual([]);
    });

    it('keeps school type, levels and area kind consistent', () => {
      const kind = new Map(dir().areaOffices.map((a) => [a.code, a.kind]));
      const consistent = (s: SchoolSeed): boolean => {
        if (!s.nameTh.startsWith('โรงเรียน') || !s.nameEn.endsWith(' School')) return false;
        if (kind.get(s.areaOfficeCode) === 'SECONDARY') {
          return (
            s.schoolType === 'SECONDARY' &&
            s.levels[0] === 'LOWER_SECONDARY' &&
            s.levels.every((l) => l === 'LOWER_SECONDARY' || l === 'UPPER_SECONDARY')
          );
        }
        if (s.schoolType === 'PRIMARY') return s.levels.join() === 'PRE_PRIMARY,PRIMARY';
        return (
          s.schoolType === 'EXTENDED_OPPORTUNITY' && s.levels.join() === 'PRE_PRIMARY,PRIMARY,LOWER_SECONDARY'
        );
      };
      expect(
        dir()
          .schools.filter((s) => !consistent(s))
          .map((s) => s.obecCode),
      ).toEqual([]);
      const secondary = dir().schools.filter((s) => s.schoolType === 'SECONDARY');
      const withUpper = secondary.filter((s) => s.levels.includes('UPPER_SECONDARY'));
      expect(withUpper.length / secondary.length).toBeGreaterThan(0.5);
    });

    it('points merged schools at open schools of the same area, with a few percent merged and about 1% closed', () => {
      const schools = dir().schools;
      const byObec = new Map(schools.map((s) => [s.obecCode, s]));
      const merged = schools.filter((s) => s.status === 'MERGED');
      expect(merged.length).toBeGreaterThan(0);
      for (const s of merged) {
        const target = byObec.get(s.mergedIntoObecCode ?? '');
        expect(target?.status).toBe('OPEN');
        expect(target?.areaOfficeCode).toBe(s.areaOfficeCode);
        expect(s.expectedStudents).toBe(0);
      }
      expect(schools.filter((x) => x.status !== 'MERGED' && x.mergedIntoObecCode !== undefined)).toEqual([]);
      expect(merged.length / schools.length).toBeGreaterThan(0.01);
      expect(merged.length / schools.length).toBeLessThan(0.06);
      if (scale === 'national') {
        const closed = schools.filter((s) => s.status === 'CLOSED').length / schools.length;
        expect(closed).toBeGreaterThan(0.005);
        expect(closed).toBeLessThan(0.02);
      }
    });

    it('labels special programmes in Thai and English and uses them only on open schools', () => {
      const seen = new Set<SpecialProgramme>();
      const problems: string[] = [];
      for (const s of dir().schools) {
        if (s.status !== 'OPEN' && s.specialProgrammes.length > 0) problems.push(`${s.obecCode}: not open`);
        for (const p of s.specialProgrammes) seen.add(p);
      }
      expect(problems).toEqual([]);
      for (const p of seen) {
        expect(specialProgrammeLabels[p].th).toBeTruthy();
        expect(specialProgrammeLabels[p].en).toBeTruthy();
      }
      expect(seen.has('ROYAL_INITIATIVE')).toBe(true);
      expect(seen.has('SMALL_SCHOOL_NETWORK')).toBe(true);
      if (scale === 'national') expect(seen.size).toBe(5);
    });
  });

  describe('determinism', () => {
    it('returns deep-equal output for the same scale and seed', () => {
      expect(generateDirectory('lopburi', 42)).toEqual(generateDirectory('lopburi', 42));
      expect(generateDirectory('national', 42)).toEqual(generateDirectory('national', 42));
      expect(generateDirectory('lopburi')).toEqual(lopburi);
    });

    it('returns different schools for a different seed but the same geography', () => {
      const a = generateDirectory('lopburi', 1);
      const b = generateDirectory('lopburi', 2);
      expect(a.areaOffices).toEqual(b.areaOffices);
      expect(a.schools.map((s) => s.nameTh)).not.toEqual(b.schools.map((s) => s.nameTh));
    });

    it('uses a seeded PRNG that repeats its sequence', () => {
      const a = mulberry32(123);
      const b = mulberry32(123);
      const xs = Array.from({ length: 5 }, () => a());
      expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
      for (const x of xs) expect(x).toBeGreaterThanOrEqual(0);
      for (const x of xs) expect(x).toBeLessThan(1);
    });
  });
});
