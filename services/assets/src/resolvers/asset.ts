import { money, toMoneyString } from '@smss/money';
import type { AssetsContext } from '../context';
import type { Asset as AssetModel, AssetDisposal as Disposal } from '../modules/asset/asset.types';
import { accumulatedDepreciation, bookValue, depreciationSchedule } from '../modules/asset/depreciation';
import { dateArg, ref } from './shared';

type Ctx = AssetsContext;

export const Asset = {
  __resolveReference: (r: { id: string }, ctx: Ctx) => ctx.loaders.asset.load(r.id),
  school: (a: AssetModel) => ({ __typename: 'School', id: a.schoolId }),
  category: (a: AssetModel, _: unknown, ctx: Ctx) => ctx.repos.reference.assetCategory(a.categoryCode),
  building: (a: AssetModel, _: unknown, ctx: Ctx) =>
    a.buildingId ? ctx.loaders.building.load(a.buildingId) : null,
  custodian: (a: AssetModel) => ref('StaffMember', a.custodianStaffId),
  bookValue: (a: AssetModel, args: { asOf?: string | null }, ctx: Ctx) =>
    bookValue(a, dateArg(args.asOf, ctx.today)),
  accumulatedDepreciation: (a: AssetModel, args: { asOf?: string | null }, ctx: Ctx) =>
    accumulatedDepreciation(a, dateArg(args.asOf, ctx.today)),
  depreciationSchedule: (a: AssetModel) => depreciationSchedule(a),
  procurement: (a: AssetModel, _: unknown, ctx: Ctx) =>
    a.procurementId ? ctx.loaders.procurement.load(a.procurementId) : null,
  disposal: (a: AssetModel, _: unknown, ctx: Ctx) => ctx.loaders.latestDisposal.load(a.id),
};

export const AssetDisposal = {
  asset: (d: Disposal, _: unknown, ctx: Ctx) => ctx.loaders.asset.load(d.assetId),
  gainOrLoss: (d: Disposal) =>
    d.status === 'APPROVED' && d.bookValueAtDisposal != null
      ? toMoneyString(money(d.proceeds ?? '0').minus(d.bookValueAtDisposal))
      : null,
};
