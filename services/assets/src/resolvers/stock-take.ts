import type { PageArgs } from '@smss/service-kit';
import type { AssetsContext } from '../context';
import type {
  StockTake as Take,
  StockTakeResult as Result,
} from '../modules/stock-take/stock-take.repository';
import { pageArgs, ref } from './shared';

type Ctx = AssetsContext;

export const StockTake = {
  school: (t: Take) => ({ __typename: 'School', id: t.schoolId }),
  committee: (t: Take) => t.committeeStaffIds.map((id) => ref('StaffMember', id)),
  results: (t: Take, args: PageArgs & { result?: string | null }, ctx: Ctx) =>
    ctx.loaders.stockTakeResults.load({ parentId: t.id, args: pageArgs(args), filterKey: args.result ?? '' }),
};

export const StockTakeResult = {
  asset: (r: Result, _: unknown, ctx: Ctx) => ctx.loaders.asset.load(r.assetId),
};
