import { DEV_PSEUDONYM_KEY } from '@smss/core';
import { agreementOf, partnerPseudonym, type MaybeViewer } from '@smss/auth';
import { runningInProduction } from '@smss/service-kit';

/**
 * `Student.pseudonym`: for a partner reading under an agreement in force, the partner's stable
 * pseudonym of the student (HMAC of the student id under a key derived from the master key, the
 * partner code and the agreement's key version: the same child gives the same value on every call,
 * another partner or a rotated key version an unrelated one). Null for every other viewer — school
 * staff, area offices and OBEC know the student by id, a partner without an agreement sees no record.
 * Whether the partner reads the field at all is its agreement's include list (the trust layer).
 */
export function studentPseudonym(viewer: MaybeViewer, studentId: string, masterKey: string): string | null {
  const agreement = agreementOf(viewer);
  if (!agreement) return null;
  if (masterKey === DEV_PSEUDONYM_KEY && runningInProduction())
    throw new Error('PSEUDONYM_KEY: the development default is refused in production');
  return partnerPseudonym(studentId, {
    masterKey,
    partnerCode: agreement.partnerCode,
    keyVersion: agreement.keyVersion,
  });
}
