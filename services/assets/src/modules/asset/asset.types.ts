export type AssetStatus = 'IN_USE' | 'DAMAGED' | 'MISSING' | 'PENDING_DISPOSAL' | 'DISPOSED';
export type AssetUsage = 'TEACHING' | 'ADMINISTRATION' | 'OTHER';
export type AcquisitionMethod = 'PURCHASE' | 'DONATION' | 'TRANSFER_IN';

/** One durable good as the service hands it to the resolvers. */
export interface Asset {
  id: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  code: string;
  categoryCode: string;
  description: string;
  brandModel: string | null;
  serialNumber: string | null;
  acquisitionMethod: AcquisitionMethod;
  acquiredOn: string;
  fiscalYearAcquired: number;
  cost: string;
  capitalised: boolean;
  usefulLifeYears: number;
  usage: AssetUsage;
  location: string | null;
  buildingId: string | null;
  /** Personal (who holds it): the trust layer withholds it without pii:read and audits every read. */
  custodianStaffId: string | null;
  status: AssetStatus;
  disposedOn: string | null;
  procurementId: string | null;
  version: number;
  createdAt: string;
}

/** What a new asset needs; the code, capitalisation and useful life are given by the service. */
export interface NewAsset {
  schoolId: string;
  categoryCode: string;
  description: string;
  brandModel: string | null;
  serialNumber: string | null;
  acquisitionMethod: AcquisitionMethod;
  acquiredOn: string;
  cost: string;
  usage: AssetUsage;
  location: string | null;
  buildingId: string | null;
  custodianStaffId: string | null;
  procurementId: string | null;
}

export interface AssetDisposal {
  id: string;
  assetId: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  method: 'SALE' | 'EXCHANGE' | 'TRANSFER' | 'DESTRUCTION' | 'WRITE_OFF';
  reason: string;
  proceeds: string | null;
  /** Personal when the buyer is a person: masked without pii:read. */
  recipient: string | null;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  assetStatusBefore: AssetStatus;
  requestedOn: string;
  decidedOn: string | null;
  disposedOn: string | null;
  decisionNote: string | null;
  bookValueAtDisposal: string | null;
}

export interface TeachingComputers {
  schoolId: string;
  total: number;
  underThreeYears: number;
  threeToFiveYears: number;
  overFiveYears: number;
  averageAgeYears: number | null;
}
