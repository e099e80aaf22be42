import type { FinanceContext } from '../context';
import { MONEY_SOURCE_OF_ITEM } from '../modules/subsidy/default-rates';
import type { AdjustmentRow, AllocationItemRow, SubsidyRateRow } from '../modules/subsidy/subsidy.repository';

export const SubsidyAllocation = {
  id: (a: AllocationItemRow) => `${a.allocationId}:${a.item}`,
  moneySource: (a: AllocationItemRow, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.moneySource.load(MONEY_SOURCE_OF_ITEM[a.item]),
  computedAt: (a: AllocationItemRow) => a.computedAt.toISOString(),
  lines: (a: AllocationItemRow, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.allocationLines.load(`${a.allocationId}|${a.item}`),
};

export const AllocationAdjustment = {
  items: (a: AdjustmentRow, _: unknown, ctx: FinanceContext) => ctx.loaders.adjustmentItems.load(a.id),
  createdAt: (a: AdjustmentRow) => a.createdAt.toISOString(),
};

export const SubsidyRate = {
  updatedAt: (r: SubsidyRateRow) => r.updatedAt.toISOString(),
};
