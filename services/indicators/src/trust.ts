import type { MaybeViewer } from '@smss/auth';
import {
  canSeeOwned,
  revealForExport as revealForExportAs,
  type PartnerProfiles,
  type TrustRules,
  type TrustState,
} from '@smss/trust';
import { ownerOf, type OrgLevel } from './modules/access/organisation';
import type { IndicatorsContext } from './context';

/**
 * Indicators grants no partner agreement record-level access: KRS/ARS results, score cards and PMQA
 * assessments are the organisations' own until OBEC publishes them. A profile added here opens its areas'
 * records of the types it lists to that partner; the SQL list filters would then have to follow.
 */
export const INDICATORS_PARTNERS: PartnerProfiles = new Map();

interface OwnedByOrganisation {
  orgLevel: OrgLevel;
  areaOfficeCode: string | null;
  schoolCode: string | null;
}

const byOrganisation = (obj: OwnedByOrganisation) => ownerOf({ level: obj.orgLevel, ...obj });

/**
 * The indicators subgraph's trust rules. Every record belongs to the organisation that reports it: an
 * area office's to the office (its users and OBEC see it), a school's to the school and its area office,
 * OBEC's own to OBEC alone. Value objects (`@owner(by: "PARENT")`: score lines, PMQA categories,
 * criteria, evidence items, history) follow their record; the catalogue and the rounds are open.
 */
export const indicatorsTrust: TrustRules<IndicatorsContext> = {
  owners: {
    IndicatorResult: byOrganisation,
    EvidenceFile: byOrganisation,
    OrganisationReportingStatus: byOrganisation,
    IndicatorScoreCard: byOrganisation,
    PlatformMeasureValue: byOrganisation,
    PmqaAssessment: byOrganisation,
  },
  idOf: {
    OrganisationReportingStatus: (s: { orgCode: string }) => s.orgCode,
    IndicatorScoreCard: (c: { orgCode: string; fiscalYear: number; framework: string }) =>
      `${c.orgCode}:${c.fiscalYear}:${c.framework}`,
    PlatformMeasureValue: (m: { orgCode: string; measure: string }) => `${m.orgCode}:${m.measure}`,
  },
  partners: INDICATORS_PARTNERS,
};

/**
 * The trust layer's row rule for an organisation's records, for the paths the layer does not wrap (the
 * scope in front of a list's SQL, exports, downloads, writes that must not reveal a record): same owner
 * rule, same policy function, so the walls agree.
 */
export function seesOrganisation(
  viewer: MaybeViewer,
  typeName: string,
  org: { level: OrgLevel; areaOfficeCode: string | null; schoolCode: string | null },
): boolean {
  return canSeeOwned(viewer, typeName, ownerOf(org), INDICATORS_PARTNERS);
}

/**
 * Personal values an export writes itself, as the viewer may see them, in order: masked without the right
 * to read them; otherwise audited first — one INSERT for every value of the export — and released only
 * once the audit row is written (fail closed).
 */
export const revealForExport = <T>(
  ctx: { viewer: MaybeViewer; trust: TrustState },
  values: Array<{ recordType: string; recordId: string; typeName: string; field: string; value: T | null }>,
): Promise<Array<T | string | null>> =>
  revealForExportAs(ctx, values, INDICATORS_PARTNERS) as Promise<Array<T | string | null>>;
