import type { PageArgs } from '@smss/service-kit';
import type { __Name__Context } from '../context';

export const Query = {
  /** Unknown and out-of-scope ids look the same (null): the trust layer hides what the viewer may not see. */
  __record__: (_: unknown, { id }: { id: string }, ctx: __Name__Context) => ctx.loaders.__record__.load(id),
  __records__: (_: unknown, args: PageArgs & { schoolId?: string | null }, ctx: __Name__Context) =>
    ctx.services.__records__.page(ctx.viewer, args),
};
