/** Rows as the repository returns them (camelCase), and what resolvers receive as parents. */
export type AreaOfficeKind = 'PRIMARY' | 'SECONDARY';
export type SchoolStatus = 'OPEN' | 'MERGED' | 'CLOSED';

export interface RegionRow {
  code: string;
  nameTh: string;
  nameEn: string;
}

export interface ProvinceRow {
  id: string;
  code: string;
  nameTh: string;
  nameEn: string;
  regionCode: string;
}

export interface DistrictRow {
  code: string;
  provinceCode: string;
  nameTh: string;
  nameEn: string;
}

export interface AreaOfficeRow {
  id: string;
  code: string;
  kind: AreaOfficeKind;
  nameTh: string;
  nameEn: string;
  provinceCode: string;
}

export interface SchoolRow {
  id: string;
  obecCode: string;
  smisCode: string;
  nameTh: string;
  nameEn: string | null;
  areaOfficeCode: string;
  provinceCode: string;
  districtCode: string;
  latitude: number | null;
  longitude: number | null;
  levels: string[];
  schoolType: string;
  specialProgrammes: string[];
  status: SchoolStatus;
  mergedIntoId: string | null;
  version: number;
  updatedAt: Date;
}

export interface SchoolStatusChangeRow {
  schoolId: string;
  fromStatus: SchoolStatus | null;
  toStatus: SchoolStatus;
  reason: string | null;
  effectiveDate: string;
  mergedIntoId: string | null;
  changedBy: string;
  changedAt: Date;
}

export interface SchoolFilter {
  areaOfficeCode?: string | null;
  provinceCode?: string | null;
  districtCode?: string | null;
  search?: string | null;
  status?: SchoolStatus | null;
  schoolType?: string | null;
}
