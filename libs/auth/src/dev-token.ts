import { DEFAULT_SCOPES, orgLevelOfRole, ROLES, type OrgLevel, type Role } from './viewer';
import type { TokenInput } from './tokens';

/** The demo directory's organisation for each level (Lopburi): what a development token names by default. */
export const DEV_TOKEN_DEFAULT_ORG: Record<OrgLevel, string> = {
  OBEC: 'OBEC',
  AREA: '1601',
  SCHOOL: '1016010001',
  PARTNER: 'EEF',
};

export interface DevTokenRequest {
  role: string;
  org?: string;
  /** Comma-separated; default: the role's DEFAULT_SCOPES. */
  scopes?: string;
  sub?: string;
  /** jose syntax, default 8h. */
  ttl?: string;
}

/**
 * The claims of a development token (the `npm run token` command and the gateway's development
 * sign-in for the dashboard share this): role checked, organisation and scopes defaulted.
 */
export function devTokenInput(request: DevTokenRequest): TokenInput {
  const role = request.role as Role;
  if (!ROLES.includes(role)) throw new Error(`Unknown role "${request.role}". Roles: ${ROLES.join(', ')}`);
  const orgCode = request.org || DEV_TOKEN_DEFAULT_ORG[orgLevelOfRole[role]];
  const scopes =
    request.scopes !== undefined ? request.scopes.split(',').filter(Boolean) : DEFAULT_SCOPES[role];
  return {
    subject: request.sub ?? `dev:${role}:${orgCode}`,
    role,
    orgCode,
    scopes,
    expiresIn: request.ttl ?? '8h',
  };
}
