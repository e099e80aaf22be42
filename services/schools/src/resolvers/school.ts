import { requireViewer } from '@smss/auth';
import type { SchoolsContext } from '../context';
import type { SchoolRow } from '../modules/directory/directory.types';

type SchoolReference = { __typename: 'School'; id?: string; obecCode?: string };

export const School = {
  /** Batched: the gateway sends every representation of a plan step in one `_entities` call. */
  __resolveReference: (ref: SchoolReference, ctx: SchoolsContext) => {
    requireViewer(ctx.viewer);
    if (ref.id) return ctx.loaders.schoolById.load(ref.id);
    if (ref.obecCode) return ctx.loaders.schoolByObecCode.load(ref.obecCode);
    return null;
  },
  areaOffice: (s: SchoolRow, _: unknown, ctx: SchoolsContext) =>
    ctx.loaders.areaOfficeByCode.load(s.areaOfficeCode),
  province: (s: SchoolRow, _: unknown, ctx: SchoolsContext) =>
    ctx.loaders.provinceByCode.load(s.provinceCode),
  district: (s: SchoolRow, _: unknown, ctx: SchoolsContext) =>
    ctx.loaders.districtByCode.load(s.districtCode),
  location: (s: SchoolRow) =>
    s.latitude != null && s.longitude != null ? { latitude: s.latitude, longitude: s.longitude } : null,
  mergedInto: (s: SchoolRow, _: unknown, ctx: SchoolsContext) =>
    s.mergedIntoId ? ctx.loaders.schoolById.load(s.mergedIntoId) : null,
  statusHistory: async (s: SchoolRow, _: unknown, ctx: SchoolsContext) =>
    (await ctx.loaders.statusHistory.load(s.id)).map((c) => ({ ...c, changedAt: c.changedAt.toISOString() })),
  updatedAt: (s: SchoolRow) => s.updatedAt.toISOString(),
};
