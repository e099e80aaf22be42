import { badInput } from '@smss/core';
import { requireViewer } from '@smss/auth';
import { toConnection, toPage } from '@smss/service-kit';
import type { SchoolsContext } from '../context';
import type { AreaOfficeKind, SchoolFilter } from '../modules/directory/directory.types';

/**
 * Directory reads need an authenticated viewer (any role): the directory is not personal data,
 * but the platform answers no anonymous calls.
 */
export const Query = {
  school: async (_: unknown, args: { id?: string | null; obecCode?: string | null }, ctx: SchoolsContext) => {
    requireViewer(ctx.viewer);
    if ((args.id == null) === (args.obecCode == null)) {
      throw badInput('Give exactly one of id or obecCode', 'ต้องระบุ id หรือ obecCode อย่างใดอย่างหนึ่งเท่านั้น');
    }
    return args.id != null
      ? ctx.loaders.schoolById.load(args.id)
      : ctx.loaders.schoolByObecCode.load(args.obecCode!);
  },
  schools: async (
    _: unknown,
    args: { first?: number | null; after?: string | null; filter?: SchoolFilter | null },
    ctx: SchoolsContext,
  ) => {
    requireViewer(ctx.viewer);
    const page = toPage(args);
    const { rows, total } = await ctx.repo.listSchools(args.filter ?? {}, page.limit, page.offset);
    rows.forEach((row) => ctx.loaders.schoolById.prime(row.id, row));
    return toConnection(rows, page, total);
  },
  areaOffice: async (_: unknown, args: { code?: string | null; id?: string | null }, ctx: SchoolsContext) => {
    requireViewer(ctx.viewer);
    if ((args.id == null) === (args.code == null)) {
      throw badInput('Give exactly one of code or id', 'ต้องระบุ code หรือ id อย่างใดอย่างหนึ่งเท่านั้น');
    }
    return args.id != null
      ? ctx.loaders.areaOfficeById.load(args.id)
      : ctx.loaders.areaOfficeByCode.load(args.code!);
  },
  areaOffices: async (
    _: unknown,
    args: { provinceCode?: string | null; kind?: AreaOfficeKind | null },
    ctx: SchoolsContext,
  ) => {
    requireViewer(ctx.viewer);
    return ctx.repo.areaOffices({
      provinceCodes: args.provinceCode ? [args.provinceCode] : undefined,
      kind: args.kind,
    });
  },
  province: async (_: unknown, args: { code: string }, ctx: SchoolsContext) => {
    requireViewer(ctx.viewer);
    return ctx.loaders.provinceByCode.load(args.code);
  },
  provinces: async (_: unknown, args: { regionCode?: string | null }, ctx: SchoolsContext) => {
    requireViewer(ctx.viewer);
    return ctx.repo.provinces(args.regionCode ? [args.regionCode] : undefined);
  },
  regions: async (_: unknown, __: unknown, ctx: SchoolsContext) => {
    requireViewer(ctx.viewer);
    return ctx.repo.regions();
  },
};
