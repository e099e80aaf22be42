import { canReadPii, maskText, type MaybeViewer } from '@smss/auth';
import { maskNationalId } from '@smss/thai';
import type { StudentRow } from './student.types';

/** The personal fields of a student; reading any of them is audited. */
export const PERSONAL_FIELDS = [
  'nationalId',
  'gCode',
  'firstNameTh',
  'lastNameTh',
  'birthDate',
  'disadvantage',
] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/**
 * Decides which personal values leave the service: unmasked with `pii:read`, otherwise masked
 * (names keep their first letter, the ID keeps its office digits, the birth date keeps its year,
 * disadvantage flags are withheld).
 */
export function personalValue(row: StudentRow, field: PersonalField, viewer: MaybeViewer): unknown {
  const full = canReadPii(viewer);
  switch (field) {
    case 'nationalId':
      return row.nationalId && (full ? row.nationalId : maskNationalId(row.nationalId));
    case 'gCode':
      return row.gCode && (full ? row.gCode : `G${'x'.repeat(8)}${row.gCode.slice(-4)}`);
    case 'firstNameTh':
      return full ? row.firstNameTh : maskText(row.firstNameTh);
    case 'lastNameTh':
      return full ? row.lastNameTh : maskText(row.lastNameTh);
    case 'birthDate':
      return full ? row.birthDate : `${row.birthDate.slice(0, 4)}-xx-xx`;
    case 'disadvantage':
      return full
        ? {
            poverty: row.poverty,
            disabilityType: row.disabilityType,
            orphan: row.orphan,
            stateless: row.stateless,
            ethnicMinority: row.ethnicMinority,
          }
        : null;
  }
}
