import type { PartnerAgreementClaim } from './partner-agreement';
/**
 * Who is asking. Built from a verified JWT in the gateway and again in every subgraph
 * (the gateway is not the only wall).
 */
export const ROLES = [
  'obec-admin',
  'obec-analyst',
  'area-officer',
  'area-director',
  'school-director',
  'school-staff',
  'partner',
] as const;
export type Role = (typeof ROLES)[number];

/** The level of the organisation a role belongs to. */
export type OrgLevel = 'OBEC' | 'AREA' | 'SCHOOL' | 'PARTNER';

export const orgLevelOfRole: Record<Role, OrgLevel> = {
  'obec-admin': 'OBEC',
  'obec-analyst': 'OBEC',
  'area-officer': 'AREA',
  'area-director': 'AREA',
  'school-director': 'SCHOOL',
  'school-staff': 'SCHOOL',
  partner: 'PARTNER',
};

/** Scopes a token may carry. `pii:read` unmasks personal data; others gate writes or partner access. */
export const SCOPES = {
  PII_READ: 'pii:read',
  DIRECTORY_WRITE: 'directory:write',
  AGGREGATES_READ: 'aggregates:read',
} as const;

/** Scopes the dev token command grants by default to each role. */
export const DEFAULT_SCOPES: Record<Role, string[]> = {
  'obec-admin': [SCOPES.PII_READ, SCOPES.DIRECTORY_WRITE, SCOPES.AGGREGATES_READ],
  'obec-analyst': [SCOPES.AGGREGATES_READ],
  'area-officer': [SCOPES.PII_READ, SCOPES.DIRECTORY_WRITE, SCOPES.AGGREGATES_READ],
  'area-director': [SCOPES.PII_READ, SCOPES.DIRECTORY_WRITE, SCOPES.AGGREGATES_READ],
  'school-director': [SCOPES.PII_READ],
  'school-staff': [SCOPES.PII_READ],
  partner: [SCOPES.AGGREGATES_READ],
};

export interface Viewer {
  readonly authenticated: true;
  readonly subject: string;
  readonly role: Role;
  readonly level: OrgLevel;
  /** OBEC for OBEC roles; the 4-digit area office code; the 10-digit OBEC school code; the partner agency code. */
  readonly orgCode: string;
  readonly scopes: readonly string[];
  /** Partners only: the agreement in force, as the gateway asserted it (see `withAgreement`). */
  readonly agreement?: PartnerAgreementClaim;
}

export interface Anonymous {
  readonly authenticated: false;
}

export type MaybeViewer = Viewer | Anonymous;

export const ANONYMOUS: Anonymous = Object.freeze({ authenticated: false });

export const hasScope = (viewer: MaybeViewer, scope: string): boolean =>
  viewer.authenticated && viewer.scopes.includes(scope);

export const isObec = (viewer: MaybeViewer): viewer is Viewer =>
  viewer.authenticated && viewer.level === 'OBEC';
