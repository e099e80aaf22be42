import type { __Name__Context } from '../context';

export const Mutation = {
  create__Record__: (_: unknown, { input }: { input: unknown }, ctx: __Name__Context) =>
    ctx.services.__records__.create(ctx.viewer, input, ctx.requestId),
};
