import type { PersonnelContext } from '../context';
import { containerStaff } from './shared';

type AreaRef = { code: string };

/**
 * The directory's AreaOffice (by its 4-digit code), extended with its staff and rolled-up staffing.
 * Aggregates for any signed-in viewer; `staff` only within the viewer's scope.
 */
export const AreaOffice = {
  __resolveReference: (ref: AreaRef) => ({ code: ref.code }),
  ...containerStaff<AreaRef>('area', (area) => area.code),
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
