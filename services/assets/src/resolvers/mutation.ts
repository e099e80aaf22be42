import type { AssetsContext } from '../context';

type Ctx = AssetsContext;
type Args = Record<string, unknown>;

/** Thin: map the arguments to a service call (validation, authorisation and the transaction are there). */
export const Mutation = {
  recordBuilding: (_: unknown, { input }: Args, ctx: Ctx) => ctx.services.buildings.record(ctx.viewer, input),
  updateBuilding: (_: unknown, args: Args, ctx: Ctx) =>
    ctx.services.buildings.update(ctx.viewer, {
      id: args.id,
      expectedVersion: args.expectedVersion,
      input: args.input,
    }),
  recordBuildingRepair: (_: unknown, { input }: Args, ctx: Ctx) =>
    ctx.services.buildings.recordRepair(ctx.viewer, input),
  importBuildings: (_: unknown, { input }: Args, ctx: Ctx) => {
    const i = (input ?? {}) as Args;
    return ctx.services.buildings.importFile(ctx.viewer, {
      schoolId: i.schoolId,
      fileName: i.fileName,
      contentBase64: i.contentBase64,
      dryRun: i.dryRun,
    });
  },
  scheduleBuildingSurveyRound: (_: unknown, { input }: Args, ctx: Ctx) =>
    ctx.services.surveys.schedule(ctx.viewer, input),
  submitBuildingSurvey: (_: unknown, args: Args, ctx: Ctx) => ctx.services.surveys.submit(ctx.viewer, args),
  reviewBuildingSurvey: (_: unknown, args: Args, ctx: Ctx) => ctx.services.surveys.review(ctx.viewer, args),
  closeBuildingSurveyRound: (_: unknown, args: Args, ctx: Ctx) =>
    ctx.services.surveys.close(ctx.viewer, args, ctx.requestId),
  registerAsset: (_: unknown, { input }: Args, ctx: Ctx) =>
    ctx.services.assets.register(ctx.viewer, input, ctx.requestId),
  updateAsset: (_: unknown, args: Args, ctx: Ctx) =>
    ctx.services.assets.update(
      ctx.viewer,
      { id: args.id, expectedVersion: args.expectedVersion, input: args.input },
      ctx.requestId,
    ),
  openStockTake: (_: unknown, { input }: Args, ctx: Ctx) => ctx.services.stockTakes.open(ctx.viewer, input),
  recordStockTakeResults: (_: unknown, args: Args, ctx: Ctx) =>
    ctx.services.stockTakes.record(ctx.viewer, args),
  completeStockTake: (_: unknown, args: Args, ctx: Ctx) =>
    ctx.services.stockTakes.complete(ctx.viewer, args, ctx.requestId),
  requestAssetDisposal: (_: unknown, { input }: Args, ctx: Ctx) =>
    ctx.services.assets.requestDisposal(ctx.viewer, input, ctx.requestId),
  decideAssetDisposal: (_: unknown, args: Args, ctx: Ctx) =>
    ctx.services.assets.decideDisposal(ctx.viewer, args, ctx.requestId),
  recordProcurement: (_: unknown, { input }: Args, ctx: Ctx) =>
    ctx.services.procurements.record(ctx.viewer, input),
  receiveProcurement: (_: unknown, args: Args, ctx: Ctx) =>
    ctx.services.procurements.receive(ctx.viewer, args, ctx.requestId),
  reportInfrastructure: (_: unknown, { input }: Args, ctx: Ctx) =>
    ctx.services.infrastructure.report(ctx.viewer, input, ctx.requestId),
};
