import type { __Name__Context } from '../context';
import type { __Record__ as __Record__Model } from '../modules/__record_kebab__/__record_kebab__.types';

export const __Record__ = {
  /** `_entities`: batched through the same loader as `__record__(id)`, in request order; the trust layer nulls what the viewer may not see. */
  __resolveReference: (ref: { id: string }, ctx: __Name__Context) => ctx.loaders.__record__.load(ref.id),
  school: (r: __Record__Model) => ({ __typename: 'School', id: r.schoolId }),
};
