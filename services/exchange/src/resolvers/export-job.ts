import type { ExchangeContext } from '../context';
import type { ExportJob as ExportJobModel } from '../modules/exports/export-job.types';

type ScopeArg = { areaOfficeCode?: string | null; schoolCode?: string | null };

/** Export jobs, thin: the service owns the rules, the trust layer hides other organisations' jobs. */
export const exportJobResolvers = {
  Query: {
    exportJob: (_: unknown, { id }: { id: string }, ctx: ExchangeContext) => ctx.services.exports.byId(id),
    exportJobs: (_: unknown, { first }: { first?: number | null }, ctx: ExchangeContext) =>
      ctx.services.exports.list(ctx.viewer, first),
  },
  Mutation: {
    startExport: (
      _: unknown,
      args: { profile: string; format: string; scope: ScopeArg },
      ctx: ExchangeContext,
    ) => ctx.services.exports.start(ctx.viewer, args),
  },
  ExportJob: {
    /** A fresh 10-minute signed path, for the requester of a SUCCEEDED job only. */
    downloadUrl: (job: ExportJobModel, _: unknown, ctx: ExchangeContext) =>
      ctx.services.exports.downloadUrl(ctx.viewer, job),
  },
};
