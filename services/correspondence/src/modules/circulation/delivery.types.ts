import type { Channel, Secrecy, Urgency } from '../letters/letter.types';

export type DeliveryStatus = 'SENT' | 'RECEIVED' | 'ACKNOWLEDGED';

/** One organisation's copy of a circulated letter. */
export interface Delivery {
  id: string;
  letterId: string;
  recipientOrg: string;
  recipientSchoolId: string | null;
  recipientArea: string | null;
  senderOrg: string;
  parentId: string | null;
  documentNumber: string | null;
  urgency: Urgency;
  secrecy: Secrecy;
  channel: Channel;
  status: DeliveryStatus;
  sentAt: string;
  dueAt: string | null;
  overdue: boolean;
  receivedAt: string | null;
  receiveRegisterNumber: number | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgementNote: string | null;
}

/** A recipient resolved from a RecipientsInput: the organisation and where it sits. */
export interface Recipient {
  orgCode: string;
  schoolId: string | null;
  areaCode: string | null;
}

export interface Endorsement {
  id: string;
  deliveryId: string;
  letterId: string;
  recipientOrg: string;
  secrecy: Secrecy;
  step: number;
  assignedRole: string | null;
  assignedTo: string | null;
  status: 'PENDING' | 'DONE';
  comment: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}
