import type { ExchangeContext } from '../context';
import type { Agreement } from '../modules/agreements/agreement.types';

export const PartnerAgreement = {
  /** `_entities`: by id, under the same rule as the root fields (the trust layer hides others' agreements). */
  __resolveReference: (ref: { id: string }, ctx: ExchangeContext) =>
    ctx.services.agreements.byId(ctx.viewer, ref.id),
  inForce: (a: Agreement, _: unknown, ctx: ExchangeContext) => ctx.services.agreements.isInForce(a),
  operations: (a: Agreement, _: unknown, ctx: ExchangeContext) => ctx.loaders.operations.load(a.id),
  allowedOperations: async (a: Agreement, _: unknown, ctx: ExchangeContext) =>
    ctx.services.agreements.allowedOperations(await ctx.loaders.operations.load(a.id)),
  history: (a: Agreement, _: unknown, ctx: ExchangeContext) => ctx.loaders.history.load(a.id),
};
