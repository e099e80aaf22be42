import type { PageArgs } from '@smss/service-kit';
import type { CorrespondenceContext } from '../context';
import type { DeliveryStatus } from '../modules/circulation/delivery.types';
import { deliveryPage, summaryOf } from './shared';

interface SchoolRef {
  id: string;
}
type InboxArgs = PageArgs & {
  filter?: { status?: DeliveryStatus | null; unacknowledgedOnly?: boolean | null } | null;
};

export const School = {
  /** The directory is public; what this subgraph adds to a school is scoped field by field. */
  __resolveReference: (ref: SchoolRef): SchoolRef => ({ id: ref.id }),
  inbox: async (school: SchoolRef, args: InboxArgs, ctx: CorrespondenceContext) => {
    const code = await ctx.loaders.schoolCode.load(school.id);
    if (!code)
      return {
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        totalCount: 0,
      };
    return deliveryPage(ctx, { recipientOrg: code, ...(args.filter ?? {}) }, args);
  },
  correspondenceSummary: async (
    school: SchoolRef,
    args: { year?: number | null },
    ctx: CorrespondenceContext,
  ) => summaryOf(ctx, await ctx.loaders.schoolCode.load(school.id), args.year),
};

export const AreaOffice = {
  __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
  inbox: (area: { code: string }, args: InboxArgs, ctx: CorrespondenceContext) =>
    deliveryPage(ctx, { recipientOrg: area.code, ...(args.filter ?? {}) }, args),
  correspondenceSummary: (
    area: { code: string },
    args: { year?: number | null },
    ctx: CorrespondenceContext,
  ) => summaryOf(ctx, /^\d{4}$/.test(area.code) ? area.code : null, args.year),
};
