import type { ExchangeContext } from '../context';

interface ByCode {
  partnerCode: string;
}

export const Mutation = {
  createPartnerAgreement: (_: unknown, { input }: { input: unknown }, ctx: ExchangeContext) =>
    ctx.services.agreements.create(ctx.viewer, input, ctx.requestId),
  updatePartnerAgreement: (
    _: unknown,
    args: ByCode & { expectedVersion: number; input: unknown },
    ctx: ExchangeContext,
  ) =>
    ctx.services.agreements.update(
      ctx.viewer,
      args.partnerCode,
      args.expectedVersion,
      args.input,
      ctx.requestId,
    ),
  revokePartnerAgreement: (_: unknown, args: ByCode & { reason: string }, ctx: ExchangeContext) =>
    ctx.services.agreements.revoke(ctx.viewer, args.partnerCode, args.reason, ctx.requestId),
  rotatePartnerPseudonymKey: (_: unknown, args: ByCode, ctx: ExchangeContext) =>
    ctx.services.agreements.rotateKey(ctx.viewer, args.partnerCode, ctx.requestId),
  registerPartnerOperation: (
    _: unknown,
    args: ByCode & { name: string; document: string },
    ctx: ExchangeContext,
  ) => ctx.services.agreements.registerOperation(ctx.viewer, args.partnerCode, args, ctx.requestId),
  removePartnerOperation: (_: unknown, args: ByCode & { sha256: string }, ctx: ExchangeContext) =>
    ctx.services.agreements.removeOperation(ctx.viewer, args.partnerCode, args.sha256, ctx.requestId),
};
