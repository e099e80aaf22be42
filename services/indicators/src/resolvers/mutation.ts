import type { IndicatorsContext } from '../context';

type Input = { input: unknown };

/** Thin: each mutation is one service call (validation, authorisation and the transaction are there). */
export const Mutation = {
  createIndicator: (_: unknown, { input }: Input, ctx: IndicatorsContext) =>
    ctx.services.catalogue.create(ctx.viewer, input),
  updateIndicator: (_: unknown, { id, input }: Input & { id: string }, ctx: IndicatorsContext) =>
    ctx.services.catalogue.update(ctx.viewer, id, input),
  copyIndicatorCatalogue: (
    _: unknown,
    args: { fromFiscalYear: number; toFiscalYear: number; framework?: string | null },
    ctx: IndicatorsContext,
  ) => ctx.services.catalogue.copy(ctx.viewer, args),
  scheduleReportingRound: (_: unknown, { input }: Input, ctx: IndicatorsContext) =>
    ctx.services.rounds.schedule(ctx.viewer, input),
  saveIndicatorResult: (_: unknown, { input }: Input, ctx: IndicatorsContext) =>
    ctx.services.results.save(ctx.viewer, input, ctx.requestId),
  submitIndicatorResult: (_: unknown, { input }: Input, ctx: IndicatorsContext) =>
    ctx.services.results.submit(ctx.viewer, input, ctx.requestId),
  approveIndicatorResult: (_: unknown, args: { id: string; expectedVersion?: number | null }, ctx: IndicatorsContext) =>
    ctx.services.results.approve(ctx.viewer, args.id, args.expectedVersion, ctx.requestId),
  returnIndicatorResult: (
    _: unknown,
    args: { id: string; comment: string; expectedVersion?: number | null },
    ctx: IndicatorsContext,
  ) => ctx.services.results.return(ctx.viewer, args.id, args.comment, args.expectedVersion, ctx.requestId),
  uploadIndicatorEvidence: (_: unknown, { input }: { input: Record<string, unknown> }, ctx: IndicatorsContext) =>
    ctx.services.evidence.uploadBase64(ctx.viewer, input),
  savePmqaProfile: (_: unknown, { input }: Input, ctx: IndicatorsContext) =>
    ctx.services.pmqa.saveProfile(ctx.viewer, input),
  assessPmqaCriterion: (_: unknown, { input }: Input, ctx: IndicatorsContext) =>
    ctx.services.pmqa.assess(ctx.viewer, input),
  exportIndicatorReport: (_: unknown, args: Record<string, unknown>, ctx: IndicatorsContext) =>
    ctx.services.exports.export(ctx, args),
};
