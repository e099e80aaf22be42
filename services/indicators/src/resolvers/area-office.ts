import type { IndicatorsContext } from '../context';
import { parseCardArgs } from '../modules/scores/score-card.service';

export const AreaOffice = {
  __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
  /** Batched over every area office of the request (one ranking, one results query); null outside the viewer's reach. */
  indicatorScores: async (
    office: { code: string },
    args: { fiscalYear: number; framework: string; roundMonth?: number | null },
    ctx: IndicatorsContext,
  ) => {
    const a = parseCardArgs(args);
    const org = await ctx.loaders.organisation.load(office.code);
    if (!org || org.level !== 'AREA_OFFICE') return null;
    return ctx.loaders.scoreCard.load({ org, ...a });
  },
};
