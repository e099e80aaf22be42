import { requireViewer } from '@smss/auth';
import type { SchoolsContext } from '../context';
import type { ProvinceRow, RegionRow } from '../modules/directory/directory.types';

export const Province = {
  __resolveReference: (ref: { id?: string; code?: string }, ctx: SchoolsContext) => {
    requireViewer(ctx.viewer);
    if (ref.id) return ctx.loaders.provinceById.load(ref.id);
    if (ref.code) return ctx.loaders.provinceByCode.load(ref.code);
    return null;
  },
  region: (p: ProvinceRow, _: unknown, ctx: SchoolsContext) => ctx.loaders.regionByCode.load(p.regionCode),
  districts: (p: ProvinceRow, _: unknown, ctx: SchoolsContext) =>
    ctx.loaders.districtsByProvince.load(p.code),
  areaOffices: (p: ProvinceRow, _: unknown, ctx: SchoolsContext) =>
    ctx.loaders.areaOfficesByProvince.load(p.code),
  schoolCount: (p: ProvinceRow, _: unknown, ctx: SchoolsContext) =>
    ctx.loaders.schoolCountByProvince.load(p.code),
};

export const Region = {
  provinces: (r: RegionRow, _: unknown, ctx: SchoolsContext) => ctx.loaders.provincesByRegion.load(r.code),
};

export const District = {
  province: (d: { provinceCode: string }, _: unknown, ctx: SchoolsContext) =>
    ctx.loaders.provinceByCode.load(d.provinceCode),
};
