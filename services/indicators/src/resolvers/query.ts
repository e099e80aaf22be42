import type { PageArgs } from '@smss/service-kit';
import type { IndicatorsContext } from '../context';

type Args = Record<string, unknown> & PageArgs;

/** Unknown and out-of-scope records look the same (null): the trust layer hides what the viewer may not see. */
export const Query = {
  indicator: (_: unknown, { id }: { id: string }, ctx: IndicatorsContext) => ctx.loaders.indicator.load(id),
  indicators: (_: unknown, args: Args, ctx: IndicatorsContext) =>
    ctx.services.catalogue.page(args as Args & { fiscalYear: unknown; framework: unknown }),
  reportingRounds: (_: unknown, { fiscalYear }: { fiscalYear: number }, ctx: IndicatorsContext) =>
    ctx.services.rounds.ofYear(fiscalYear),
  indicatorResult: (_: unknown, { id }: { id: string }, ctx: IndicatorsContext) => ctx.loaders.result.load(id),
  indicatorResults: (_: unknown, args: Args, ctx: IndicatorsContext) =>
    ctx.services.results.page(ctx.viewer, args as never),
  indicatorReportingStatus: (_: unknown, args: Args, ctx: IndicatorsContext) =>
    ctx.services.scoreCards.reportingStatus(ctx.viewer, args as never),
  indicatorScoreRanking: (_: unknown, args: Args, ctx: IndicatorsContext) =>
    ctx.services.scoreCards.ranking(ctx.viewer, args as never),
  pmqaAssessment: (_: unknown, args: { orgCode: string; fiscalYear: number }, ctx: IndicatorsContext) =>
    ctx.services.pmqa.assessment(ctx.viewer, args.orgCode, args.fiscalYear),
  platformMeasure: (_: unknown, args: Args, ctx: IndicatorsContext) => ctx.services.measures.value(ctx.viewer, args),
};
