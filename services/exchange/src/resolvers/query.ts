import type { ExchangeContext } from '../context';
import type { ChangeEntityType } from '../modules/changes/change.types';

export const Query = {
  partnerAgreements: (_: unknown, args: { includeRevoked?: boolean | null }, ctx: ExchangeContext) =>
    ctx.services.agreements.list(ctx.viewer, !!args.includeRevoked),
  /** Unknown and not-yours look the same (null): the trust layer hides what the viewer may not see. */
  partnerAgreement: (_: unknown, { partnerCode }: { partnerCode: string }, ctx: ExchangeContext) =>
    ctx.services.agreements.byCode(ctx.viewer, partnerCode),
  partnerAgreementInForce: (_: unknown, __: unknown, ctx: ExchangeContext) =>
    ctx.services.agreements.inForceFor(ctx.viewer),
  changes: (
    _: unknown,
    args: { since?: string | null; types?: ChangeEntityType[] | null; first?: number | null },
    ctx: ExchangeContext,
  ) => ctx.services.changes.page(ctx.viewer, args),
};
