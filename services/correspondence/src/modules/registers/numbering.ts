import { toBangkokDate } from '@smss/thai';

/**
 * How letters are numbered (pure). A register runs per organisation and calendar year (B.E.), from 1,
 * gapless; the number a letter carries ("ที่") is the organisation's letter code and its outgoing number:
 *
 * - send register: `ศธ 04031/758`;
 * - circulars (หนังสือเวียน) have their own series, the number preceded by ว: `ศธ 04031/ว 12`;
 * - orders (คำสั่ง, and the other directives) are numbered per year: `12/2569`;
 * - certificates (หนังสือรับรอง) have their own series: `ศธ 04031/5`.
 *
 * Sources: ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 (the "ที่" of external letters, circulars
 * with ว, the registers' yearly numbering); the spacing of "ว 12" and the certificate format are common
 * practice, not checked against the published text.
 */
export type RegisterKind = 'RECEIVE' | 'SEND' | 'CIRCULAR' | 'ORDER' | 'CERTIFICATE';
export type OutgoingRegister = Exclude<RegisterKind, 'RECEIVE'>;

export const REGISTER_KINDS: readonly RegisterKind[] = [
  'RECEIVE',
  'SEND',
  'CIRCULAR',
  'ORDER',
  'CERTIFICATE',
];

/** The register an issued letter is numbered in. */
export function outgoingRegisterOf(letter: {
  kind: string;
  form?: string | null;
  circular: boolean;
}): OutgoingRegister {
  if (letter.kind === 'DIRECTIVE') return 'ORDER';
  if (letter.kind === 'OFFICIAL_RECORD' && letter.form === 'CERTIFICATE') return 'CERTIFICATE';
  return letter.circular ? 'CIRCULAR' : 'SEND';
}

/** "ที่" of an issued letter. */
export function documentNumberOf(
  register: OutgoingRegister,
  letterCode: string,
  number: number,
  year: number,
): string {
  switch (register) {
    case 'CIRCULAR':
      return `${letterCode}/ว ${number}`;
    case 'ORDER':
      return `${number}/${year}`;
    default:
      return `${letterCode}/${number}`;
  }
}

/** The calendar year (B.E.) of an instant, in Asia/Bangkok: registers roll over at local midnight on 1 January. */
export function registerYearOf(instant: Date): number {
  return toBangkokDate(instant).year + 543;
}
