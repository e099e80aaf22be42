import DataLoader from 'dataloader';
import type { DirectoryRepository } from './directory.repository';
import type {
  AreaOfficeRow,
  DistrictRow,
  ProvinceRow,
  RegionRow,
  SchoolRow,
  SchoolStatusChangeRow,
} from './directory.types';

const byKey = <T, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((r) => [String(r[key]), r]));

function keyed<T, K extends keyof T>(load: (keys: readonly string[]) => Promise<T[]>, key: K) {
  return new DataLoader<string, T | null>(async (keys) => {
    const map = byKey(await load(keys), key);
    return keys.map((k) => map.get(k) ?? null);
  });
}

function grouped<T, K extends keyof T>(load: (keys: readonly string[]) => Promise<T[]>, key: K) {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<string, T[]>();
    for (const row of await load(keys)) {
      const k = String(row[key]);
      groups.set(k, [...(groups.get(k) ?? []), row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** Per-request loaders: every parent-to-child hop is one SQL statement per kind, however many parents. */
export function createDirectoryLoaders(repo: DirectoryRepository) {
  return {
    schoolById: keyed<SchoolRow, 'id'>((keys) => repo.schoolsBy('id', keys), 'id'),
    schoolByObecCode: keyed<SchoolRow, 'obecCode'>((keys) => repo.schoolsBy('obec_code', keys), 'obecCode'),
    regionByCode: keyed<RegionRow, 'code'>((keys) => repo.regionsByCodes(keys), 'code'),
    provinceByCode: keyed<ProvinceRow, 'code'>((keys) => repo.provincesBy('code', keys), 'code'),
    provinceById: keyed<ProvinceRow, 'id'>((keys) => repo.provincesBy('id', keys), 'id'),
    provincesByRegion: grouped<ProvinceRow, 'regionCode'>((keys) => repo.provinces(keys), 'regionCode'),
    districtByCode: keyed<DistrictRow, 'code'>((keys) => repo.districtsBy('code', keys), 'code'),
    districtsByProvince: grouped<DistrictRow, 'provinceCode'>(
      (keys) => repo.districtsBy('province_code', keys),
      'provinceCode',
    ),
    districtsByAreaOffice: grouped<DistrictRow & { areaOfficeCode: string }, 'areaOfficeCode'>(
      (keys) => repo.districtsOfAreaOffices(keys),
      'areaOfficeCode',
    ),
    areaOfficeByCode: keyed<AreaOfficeRow, 'code'>((keys) => repo.areaOfficesBy('code', keys), 'code'),
    areaOfficeById: keyed<AreaOfficeRow, 'id'>((keys) => repo.areaOfficesBy('id', keys), 'id'),
    areaOfficesByProvince: grouped<AreaOfficeRow, 'provinceCode'>(
      (keys) => repo.areaOffices({ provinceCodes: keys }),
      'provinceCode',
    ),
    schoolCountByAreaOffice: new DataLoader<string, number>(async (keys) => {
      const counts = await repo.countSchoolsBy('area_office_code', keys);
      return keys.map((k) => counts.get(k) ?? 0);
    }),
    schoolCountByProvince: new DataLoader<string, number>(async (keys) => {
      const counts = await repo.countSchoolsBy('province_code', keys);
      return keys.map((k) => counts.get(k) ?? 0);
    }),
    statusHistory: grouped<SchoolStatusChangeRow, 'schoolId'>((keys) => repo.statusHistory(keys), 'schoolId'),
  };
}

export type DirectoryLoaders = ReturnType<typeof createDirectoryLoaders>;
