import type { AssetsContext } from '../context';
import type { Infrastructure as Infra } from '../modules/infrastructure/infrastructure.repository';

type Ctx = AssetsContext;

export const Infrastructure = {
  school: (i: Infra) => ({ __typename: 'School', id: i.schoolId }),
  teachingComputers: async (i: Infra, _: unknown, ctx: Ctx) =>
    (await ctx.loaders.teachingComputers.load(i.schoolId)) ?? {
      total: 0,
      underThreeYears: 0,
      threeToFiveYears: 0,
      overFiveYears: 0,
      averageAgeYears: null,
    },
};
