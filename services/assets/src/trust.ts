import { maskText } from '@smss/auth';
import { isValidNationalId } from '@smss/thai';
import type { PartnerProfiles, TrustRules } from '@smss/trust';
import type { AssetsContext } from './context';

/**
 * Assets grants no partner agreement record-level access: partners read the area office and province
 * asset summaries (aggregates) only. A profile added here opens its areas' records of the types it lists
 * to that partner — the SQL list filters (`recordVisibility`) would then have to follow.
 */
export const ASSETS_PARTNERS: PartnerProfiles = new Map();

/**
 * A vendor is provably a company (or a government agency) when it is entered as an organisation AND its
 * tax ID is a juristic person's number: 13 digits starting with 0 with a valid check digit, and not the
 * 0-xxxx-89xxx-xx-x pattern the civil registry gives persons without registration status. Anything else
 * — a person, an ambiguous number — is masked without pii:read (the same rule as finance's payees).
 */
export function isProvenOrganisation(vendor: { kind?: unknown; taxId?: unknown }): boolean {
  const taxId = vendor.taxId;
  return (
    vendor.kind === 'ORGANISATION' &&
    typeof taxId === 'string' &&
    /^0\d{12}$/.test(taxId) &&
    taxId.slice(5, 7) !== '89' &&
    isValidNationalId(taxId)
  );
}

export const ASSETS_MASKS: NonNullable<TrustRules<AssetsContext>['masks']> = {
  'Vendor.name': (value: string, vendor: { kind?: unknown; taxId?: unknown }) =>
    isProvenOrganisation(vendor) ? value : maskText(value),
  'Vendor.taxId': (value: string, vendor: { kind?: unknown; taxId?: unknown }) =>
    isProvenOrganisation(vendor) ? value : maskText(value),
};

/** Every record carries its school's codes from the directory replica (joined in every read). */
const bySchool = (r: { schoolCode: string; areaOfficeCode: string }) => ({
  schoolCode: r.schoolCode,
  areaOfficeCode: r.areaOfficeCode,
});

/**
 * The assets subgraph's trust rules. Every record type belongs to the school it is about; value objects
 * (`@owner(by: "PARENT")`: rooms, survey lines, depreciation years, stock-take counts, vendors, items,
 * internet, teaching computers) follow their record; reference data, survey rounds, the directory stubs
 * and the area/province summaries are not records (NONE).
 */
export const assetsTrust: TrustRules<AssetsContext> = {
  owners: {
    Building: bySchool,
    BuildingRepair: bySchool,
    BuildingSurvey: bySchool,
    Asset: bySchool,
    AssetDisposal: bySchool,
    StockTake: bySchool,
    StockTakeResult: bySchool,
    Procurement: bySchool,
    Infrastructure: bySchool,
  },
  masks: ASSETS_MASKS,
  idOf: {
    // A school has one infrastructure record: the school's id names it in the audit.
    Infrastructure: (i: { schoolId?: string }) => i.schoolId,
  },
  partners: ASSETS_PARTNERS,
};
