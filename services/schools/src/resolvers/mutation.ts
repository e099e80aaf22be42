import type { SchoolsContext } from '../context';

export const Mutation = {
  createSchool: (_: unknown, args: { input: unknown }, ctx: SchoolsContext) =>
    ctx.schools.create(ctx.viewer, args.input, ctx.requestId || undefined),
  updateSchool: (_: unknown, args: { id: string; input: unknown }, ctx: SchoolsContext) =>
    ctx.schools.update(ctx.viewer, args.id, args.input, ctx.requestId || undefined),
};
