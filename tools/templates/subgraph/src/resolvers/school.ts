import type { PageArgs } from '@smss/service-kit';
import type { __Name__Context } from '../context';

interface SchoolRef {
  id: string;
}

export const School = {
  /** The directory is public; what this subgraph adds to a school is scoped field by field. */
  __resolveReference: (ref: SchoolRef): SchoolRef => ({ id: ref.id }),
  __records__: (school: SchoolRef, args: PageArgs, ctx: __Name__Context) =>
    ctx.services.__records__.page(ctx.viewer, { ...args, schoolId: school.id }),
};
