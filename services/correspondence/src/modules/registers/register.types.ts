import type { Secrecy, Urgency } from '../letters/letter.types';
import type { RegisterKind } from './numbering';

/** One row of a register, with the regulation's columns (from the letter it records). */
export interface RegisterEntry {
  id: string;
  orgCode: string;
  kind: RegisterKind;
  year: number;
  number: number;
  registeredAt: string;
  letterId: string;
  deliveryId: string | null;
  documentNumber: string | null;
  letterDate: string;
  secrecy: Secrecy;
  urgency: Urgency;
  fromText: string;
  toText: string;
  subject: string;
  action: string | null;
  remarks: string | null;
  retentionClass: string;
  retentionYears: number | null;
  destructionListId: string | null;
}
