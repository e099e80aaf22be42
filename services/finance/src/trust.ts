import { maskText, type MaybeViewer } from '@smss/auth';
import { isValidNationalId } from '@smss/thai';
import {
  canSeeOwned,
  revealForExport,
  type OwnerRef,
  type PartnerProfiles,
  type TrustRules,
  type TrustState,
} from '@smss/trust';
import type { FinanceContext } from './context';
import type { Loaders } from './loaders';

/**
 * Finance grants no partner agreement record-level access: partners read the area office and province
 * allocation totals (aggregates) only. A profile added here opens its areas' records of the types it
 * lists to that partner — the SQL list filters (`recordVisibility`) would then have to follow.
 */
export const FINANCE_PARTNERS: PartnerProfiles = new Map();

/** What the owner rules and the list filters need from a request: who asks, and the placement loader. */
export interface RecordScope {
  viewer: MaybeViewer;
  loaders: Pick<Loaders, 'placement'>;
}

/** Where a school's records belong: its school and area office codes from the directory replica. */
export async function schoolOwner(scope: RecordScope, schoolId: string): Promise<OwnerRef | null> {
  const placement = await scope.loaders.placement.load(schoolId);
  return placement ? { schoolCode: placement.schoolCode, areaOfficeCode: placement.areaOfficeCode } : null;
}

/**
 * The trust layer's row rule for a school's records, for the paths the layer does not wrap: the
 * scope filter in front of a list's SQL (so `totalCount` counts only what the viewer may see) and the
 * exports. Same owner rule, same policy function as the layer, so the two walls agree.
 */
export async function seesSchoolRecords(
  scope: RecordScope,
  typeName: string,
  schoolId: string,
): Promise<boolean> {
  if (!scope.viewer.authenticated) return false;
  if (scope.viewer.level === 'OBEC') return true;
  return canSeeOwned(scope.viewer, typeName, await schoolOwner(scope, schoolId), FINANCE_PARTNERS);
}

/**
 * A payee is provably a company (or a government agency) when it is entered as an organisation AND
 * its tax ID is a juristic person's number: 13 digits starting with 0 with a valid check digit, and
 * not the 0-xxxx-89xxx-xx-x pattern the civil registry gives persons without registration status.
 * Anything else — a person, an organisation without a tax ID, an ambiguous number — is masked.
 */
export function isProvenOrganisation(payee: { kind?: unknown; taxId?: unknown }): boolean {
  const taxId = payee.taxId;
  return (
    payee.kind === 'ORGANISATION' &&
    typeof taxId === 'string' &&
    /^0\d{12}$/.test(taxId) &&
    taxId.slice(5, 7) !== '89' &&
    isValidNationalId(taxId)
  );
}

/** How personal finance values look masked; a proven company's name and tax ID stay readable. */
export const FINANCE_MASKS: NonNullable<TrustRules<FinanceContext>['masks']> = {
  'Payee.name': (value: string, payee: { kind?: unknown; taxId?: unknown }) =>
    isProvenOrganisation(payee) ? value : maskText(value),
  'Payee.taxId': (value: string, payee: { kind?: unknown; taxId?: unknown }) =>
    isProvenOrganisation(payee) ? value : maskText(value),
};

const bySchool = (obj: { schoolId: string }, ctx: FinanceContext) => schoolOwner(ctx, obj.schoolId);

/**
 * The finance subgraph's trust rules. Every record type belongs to the school it is about (vouchers,
 * receipts, money returned, ledger entries and balances, the action plan, per-school allocations and
 * reports); value objects inside them (`@owner(by: "PARENT")`: payee, lines, evaluations) follow their
 * record; the directory stubs, reference data and area/province totals are not records (NONE).
 */
export const financeTrust: TrustRules<FinanceContext> = {
  owners: {
    ActionPlan: bySchool,
    Strategy: bySchool,
    Project: bySchool,
    Activity: bySchool,
    Receipt: bySchool,
    PaymentVoucher: bySchool,
    MoneyReturn: bySchool,
    MoneySourceBalance: bySchool,
    JournalEntry: bySchool,
    TrialBalance: bySchool,
    BudgetReport: bySchool,
    SubsidyAllocation: bySchool,
    AllocationAdjustment: bySchool,
    AllocationBreakdownRow: bySchool,
  },
  masks: FINANCE_MASKS,
  idOf: {
    // A breakdown row is one allocation (school × round).
    AllocationBreakdownRow: (row: { allocationId?: string }) => row.allocationId,
  },
  partners: FINANCE_PARTNERS,
};

/**
 * What an export needs to apply the layer's rules to rows it writes itself: the row rule, and the
 * personal-value rule (masked without the right to read it; otherwise audited — one INSERT for all
 * the values of an export — before the file is made; fail closed).
 */
export interface ExportAccess extends RecordScope {
  seesSchool(typeName: string, schoolId: string): Promise<boolean>;
  /**
   * Personal values of many records as the viewer may see them, in order. `recordType`/`recordId`
   * name the record audited, `typeName.field` the value (as the layer names it: `Payee.name`).
   */
  revealAll<T>(
    values: Array<{
      recordType: string;
      recordId: string;
      typeName: string;
      field: string;
      value: T;
      obj: object;
    }>,
  ): Promise<Array<T | unknown>>;
}

export function exportAccess(ctx: {
  viewer: MaybeViewer;
  trust: TrustState;
  loaders: Pick<Loaders, 'placement'>;
}): ExportAccess {
  return {
    viewer: ctx.viewer,
    loaders: ctx.loaders,
    seesSchool: (typeName, schoolId) => seesSchoolRecords(ctx, typeName, schoolId),
    revealAll: (values) =>
      revealForExport(ctx, values, FINANCE_PARTNERS, (v) => {
        const mask = FINANCE_MASKS[`${v.typeName}.${v.field}`];
        return mask ? mask(v.value, v.obj) : maskText(String(v.value));
      }),
  };
}
