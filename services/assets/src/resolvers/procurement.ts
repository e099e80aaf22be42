import type { PageArgs } from '@smss/service-kit';
import type { AssetsContext } from '../context';
import type {
  Procurement as Model,
  ProcurementItem as Item,
} from '../modules/procurement/procurement.repository';
import { pageArgs, ref } from './shared';

type Ctx = AssetsContext;

export const Procurement = {
  __resolveReference: (r: { id: string }, ctx: Ctx) => ctx.loaders.procurement.load(r.id),
  school: (p: Model) => ({ __typename: 'School', id: p.schoolId }),
  committee: (p: Model) => p.committeeStaffIds.map((id) => ref('StaffMember', id)),
  inspectionCommittee: (p: Model) =>
    p.inspectionCommitteeStaffIds?.map((id) => ref('StaffMember', id)) ?? null,
  project: (p: Model) => ref('Project', p.projectId),
  assets: (p: Model, args: PageArgs, ctx: Ctx) =>
    ctx.loaders.procurementAssets.load({
      parentId: p.id,
      args: pageArgs(args),
      filterKey: JSON.stringify({ includeDisposed: true }),
    }),
};

export const ProcurementItem = {
  assetCategory: (i: Item, _: unknown, ctx: Ctx) =>
    i.assetCategoryCode ? ctx.repos.reference.assetCategory(i.assetCategoryCode) : null,
};
