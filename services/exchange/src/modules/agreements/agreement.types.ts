/** A partner agreement as this service hands it on (the resolvers map it as it is). */
export interface Agreement extends AgreementTerms {
  id: string;
  status: 'ACTIVE' | 'REVOKED';
  revokedReason: string | null;
  keyVersion: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The terms an OBEC administrator writes (validated). */
export interface AgreementTerms {
  partnerCode: string;
  nameTh: string;
  nameEn: string;
  areaOfficeCodes: string[];
  schoolCodes: string[];
  include: Array<{ type: string; fields: string[] }>;
  purposes: string[];
  validFrom: string;
  validTo: string;
}

export interface RegisteredOperation {
  name: string;
  sha256: string;
  document: string;
  registeredAt: string | null;
}

export type AgreementAction =
  'CREATED' | 'UPDATED' | 'REVOKED' | 'KEY_ROTATED' | 'OPERATION_REGISTERED' | 'OPERATION_REMOVED';

export interface AgreementChange {
  action: AgreementAction;
  by: string;
  at: string;
  after: string;
  requestId: string | null;
}
