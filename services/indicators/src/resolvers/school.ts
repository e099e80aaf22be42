import { toConnection, toPage, type PageArgs } from '@smss/service-kit';
import type { IndicatorsContext } from '../context';

interface SchoolRef {
  id: string;
}

export const School = {
  /** The directory is public; what this subgraph adds to a school is scoped field by field. */
  __resolveReference: (ref: SchoolRef): SchoolRef => ({ id: ref.id }),
  indicatorResults: async (
    school: SchoolRef,
    args: PageArgs & { fiscalYear: number; framework: string; roundMonth: number },
    ctx: IndicatorsContext,
  ) => {
    const code = (await ctx.repos.placements.schoolCodesByIds([school.id])).get(school.id);
    // A school the replica does not know has no results here: an empty page, like an out-of-scope one.
    if (!code) return toConnection([], toPage(args), 0);
    return ctx.services.results.page(ctx.viewer, { ...args, orgCode: code });
  },
};
