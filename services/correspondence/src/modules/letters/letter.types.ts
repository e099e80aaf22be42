/** Value sets of a letter (the SDL enums). */
export const LETTER_KINDS = [
  'EXTERNAL',
  'INTERNAL',
  'STAMPED',
  'DIRECTIVE',
  'PUBLIC_RELATIONS',
  'OFFICIAL_RECORD',
] as const;
export const LETTER_FORMS = [
  'ORDER',
  'REGULATION',
  'BYLAW',
  'ANNOUNCEMENT',
  'STATEMENT',
  'NEWS',
  'CERTIFICATE',
  'MINUTES',
  'MEMO',
  'OTHER',
] as const;
export const URGENCIES = ['NORMAL', 'URGENT', 'VERY_URGENT', 'MOST_URGENT'] as const;
export const SECRECIES = ['NORMAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;

export type LetterKind = (typeof LETTER_KINDS)[number];
export type LetterForm = (typeof LETTER_FORMS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Secrecy = (typeof SECRECIES)[number];
export type Channel = 'ELECTRONIC' | 'PAPER';

/** The forms each type may have (ระเบียบฯ ข้อ 9 and the sections on each type). */
export const FORMS_OF: Partial<Record<LetterKind, readonly LetterForm[]>> = {
  DIRECTIVE: ['ORDER', 'REGULATION', 'BYLAW'],
  PUBLIC_RELATIONS: ['ANNOUNCEMENT', 'STATEMENT', 'NEWS'],
  OFFICIAL_RECORD: ['CERTIFICATE', 'MINUTES', 'MEMO', 'OTHER'],
};

/** What a letter says and how it travels: the same for a recorded letter and a new one. */
export interface LetterContent {
  holderOrg: string;
  external: boolean;
  kind: LetterKind;
  form: LetterForm | null;
  documentNumber: string | null;
  letterDate: string;
  subject: string;
  fromText: string;
  toText: string;
  reference: string | null;
  enclosures: string | null;
  body: string | null;
  signedBy: string | null;
  signerPosition: string | null;
  urgency: Urgency;
  dueAt: string | null;
  secrecy: Secrecy;
  channel: Channel;
  circular: boolean;
  retentionClass: string;
  createdBy: string;
}

/** One letter as the service hands it to the resolvers (the mapper in the repository decides the fields). */
export interface Letter extends LetterContent {
  id: string;
  /** Where the holder sits: its school id and area office (from the directory replica), if any. */
  holderSchoolId: string | null;
  holderAreaCode: string | null;
  retentionYears: number | null;
  /** The calendar year (B.E.) it was recorded: retention counts from it. */
  recordedYear: number;
  createdAt: string;
}

export interface NewLetter extends LetterContent {
  createdAt: Date;
}

export interface LetterFilter {
  search?: string | null;
  holderOrgCode?: string | null;
  kind?: LetterKind | null;
  urgency?: Urgency | null;
  secrecy?: Secrecy | null;
  from?: string | null;
  to?: string | null;
}
