import { requireViewer } from '@smss/auth';
import { toConnection, toPage } from '@smss/service-kit';
import type { SchoolsContext } from '../context';
import type { AreaOfficeRow, SchoolFilter } from '../modules/directory/directory.types';

export const AreaOffice = {
  __resolveReference: (ref: { id?: string; code?: string }, ctx: SchoolsContext) => {
    requireViewer(ctx.viewer);
    if (ref.id) return ctx.loaders.areaOfficeById.load(ref.id);
    if (ref.code) return ctx.loaders.areaOfficeByCode.load(ref.code);
    return null;
  },
  province: (a: AreaOfficeRow, _: unknown, ctx: SchoolsContext) =>
    ctx.loaders.provinceByCode.load(a.provinceCode),
  districts: (a: AreaOfficeRow, _: unknown, ctx: SchoolsContext) =>
    ctx.loaders.districtsByAreaOffice.load(a.code),
  schools: async (
    a: AreaOfficeRow,
    args: { first?: number | null; after?: string | null; filter?: SchoolFilter | null },
    ctx: SchoolsContext,
  ) => {
    const page = toPage(args);
    const { rows, total } = await ctx.repo.listSchools(
      { ...(args.filter ?? {}), areaOfficeCode: a.code },
      page.limit,
      page.offset,
    );
    rows.forEach((row) => ctx.loaders.schoolById.prime(row.id, row));
    return toConnection(rows, page, total);
  },
  schoolCount: (a: AreaOfficeRow, _: unknown, ctx: SchoolsContext) =>
    ctx.loaders.schoolCountByAreaOffice.load(a.code),
};
