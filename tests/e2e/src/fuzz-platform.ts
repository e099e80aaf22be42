import { ROLES, type Role } from '@smss/auth';
import { gql, tokenFor } from '@smss/testing';
import { poolsFrom, type ValuePools } from './fuzz';

/** A token for every role (organisations taken from the seeded directory), plus anonymous. */
export async function fuzzTokens(
  schoolCode: string,
  areaCode: string,
): Promise<Record<string, string | undefined>> {
  const orgOf: Record<Role, string> = {
    'obec-admin': 'OBEC',
    'obec-analyst': 'OBEC',
    'area-officer': areaCode,
    'area-director': areaCode,
    'school-director': schoolCode,
    'school-staff': schoolCode,
    partner: 'EEF',
  };
  const tokens: Record<string, string | undefined> = { anonymous: undefined };
  for (const role of ROLES) tokens[role] = await tokenFor(role, orgOf[role]);
  return tokens;
}

/** Real ids and codes from the running platform, so random operations reach past "not found". */
export async function fuzzPools(gatewayUrl: string, adminToken: string): Promise<ValuePools> {
  const res = await gql(
    gatewayUrl,
    `{ schools(first: 40, filter: { provinceCode: "16" }) { edges { node { id obecCode smisCode
        areaOffice { id code } district { code } province { id code region { code } } } } } }`,
    {},
    { token: adminToken },
  );
  const nodes: any[] = (res.data?.schools?.edges ?? []).map((e: any) => e.node);
  const ids = nodes.map((n) => n.id);
  return poolsFrom({
    id: [...ids, ...nodes.map((n) => n.areaOffice.id)],
    schoolId: ids,
    obecCode: nodes.map((n) => n.obecCode),
    smisCode: nodes.map((n) => n.smisCode),
    areaOfficeCode: nodes.map((n) => n.areaOffice.code),
    code: [...nodes.map((n) => n.areaOffice.code), ...nodes.map((n) => n.province.code)],
    provinceCode: nodes.map((n) => n.province.code),
    districtCode: nodes.map((n) => n.district.code),
    regionCode: nodes.map((n) => n.province.region.code),
    mergedIntoObecCode: nodes.map((n) => n.obecCode),
    date: ['2025-06-10', '2025-10-01', '2026-03-31'],
    from: ['2025-10-01'],
    to: ['2026-09-30'],
    startDate: ['2025-11-03'],
    endDate: ['2025-11-05'],
  });
}
