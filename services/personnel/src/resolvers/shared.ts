import { toConnection, toPage, type Connection } from '@smss/service-kit';
import type { PersonnelContext } from '../context';
import type { AppointmentRow } from '../modules/staff/staff.types';

export const inForceOn = (a: Pick<AppointmentRow, 'startDate' | 'endDate'>, date: string) =>
  a.startDate <= date && (a.endDate == null || a.endDate >= date);

export const emptyConnection = <T>(): Connection<T> => ({
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  totalCount: 0,
});

/**
 * `staff` and `staffCount` of a container entity (a School or an AreaOffice), the same for both: `staff`
 * pages the records the viewer's scope reaches (the page and its total batched across the `_entities`
 * call), `staffCount` is the aggregate over everyone. `idOf` reads the container's key from its reference.
 */
export function containerStaff<Ref>(kind: 'school' | 'area', idOf: (ref: Ref) => string) {
  return {
    staff: async (
      ref: Ref,
      args: { first?: number | null; after?: string | null },
      ctx: PersonnelContext,
    ) => {
      const id = idOf(ref);
      const page = toPage(args);
      const [total, rows] = await Promise.all([
        ctx.loaders[`${kind}StaffCount`].load({ id, scope: ctx.scope }),
        page.limit > 0
          ? ctx.loaders[`${kind}StaffPage`].load({
              id,
              scope: ctx.scope,
              limit: page.limit,
              offset: page.offset,
            })
          : [],
      ]);
      rows.forEach((row) => ctx.loaders.staffById.prime(row.id, row));
      return toConnection(rows, page, total);
    },
    staffCount: (ref: Ref, _: unknown, ctx: PersonnelContext) =>
      ctx.loaders[`${kind}StaffCount`].load({ id: idOf(ref), scope: { kind: 'ALL' } }),
  };
}
