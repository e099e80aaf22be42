import { toConnection, toPage } from '@smss/service-kit';
import type { PersonnelContext } from '../context';

type AreaRef = { code: string };

/**
 * The directory's AreaOffice (by its 4-digit code), extended with its staff and rolled-up staffing.
 * Aggregates for any signed-in viewer; `staff` only within the viewer's scope.
 */
export const AreaOffice = {
  __resolveReference: (ref: AreaRef) => ({ code: ref.code }),
  staff: async (
    area: AreaRef,
    args: { first?: number | null; after?: string | null },
    ctx: PersonnelContext,
  ) => {
    const page = toPage(args);
    const [total, rows] = await Promise.all([
      ctx.loaders.areaStaffCount.load({ id: area.code, scope: ctx.scope }),
      page.limit > 0
        ? ctx.loaders.areaStaffPage.load({
            id: area.code,
            scope: ctx.scope,
            limit: page.limit,
            offset: page.offset,
          })
        : [],
    ]);
    rows.forEach((row) => ctx.loaders.staffById.prime(row.id, row));
    return toConnection(rows, page, total);
  },
  staffCount: (area: AreaRef, _: unknown, ctx: PersonnelContext) =>
    ctx.loaders.areaStaffCount.load({ id: area.code, scope: { kind: 'ALL' } }),
  staffing: async (area: AreaRef, _: unknown, ctx: PersonnelContext) => {
    const row = await ctx.loaders.areaStaffing.load(area.code);
    const figures = row ?? {
      teachersRequired: 0,
      teachersActual: 0,
      teachersShort: 0,
      teachersOver: 0,
      schoolsCounted: 0,
      schoolsShort: 0,
      schoolsOver: 0,
      schoolsWithoutSnapshot: 0,
    };
    return { ...figures, gap: figures.teachersActual - figures.teachersRequired };
  },
};
