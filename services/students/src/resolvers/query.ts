import { badInput, forbidden } from '@smss/core';
import { canReadPii, recordVisibility } from '@smss/auth';
import { toConnection, toPage } from '@smss/service-kit';
import { normalizeNationalId } from '@smss/thai';
import type { StudentsContext } from '../context';

/** The audit key of a search by national ID or G-code: which identity was asked for. */
export const identityLookupKey = (identity: string) => `nationalId:${identity}`;

export const Query = {
  student: (_: unknown, args: { id: string }, ctx: StudentsContext) => ctx.loaders.student.load(args.id),
  /**
   * Unknown and out-of-scope IDs both answer null (the layer hides a student the viewer may not see);
   * every lookup is on the audit before the answer leaves, found or not.
   */
  studentByNationalId: async (_: unknown, args: { nationalId: string }, ctx: StudentsContext) => {
    if (!canReadPii(ctx.viewer)) {
      throw forbidden(
        'Looking a student up by national ID needs the pii:read scope',
        'การค้นหาด้วยเลขประจำตัวประชาชนต้องมีสิทธิ์ pii:read',
      );
    }
    const key = /^g/i.test(args.nationalId.trim())
      ? args.nationalId.trim().toUpperCase()
      : normalizeNationalId(args.nationalId);
    if (!/^(\d{13}|G\d{12})$/.test(key))
      throw badInput('Give 13 digits or a G-code', 'ต้องระบุเลข 13 หลักหรือรหัส G');
    const row = await ctx.repo.studentByIdentity(key);
    await ctx.trust.audit.lookup('Student', identityLookupKey(key), row?.id ?? null);
    return row ?? null;
  },
  dmcRounds: (_: unknown, args: { academicYear?: number | null }, ctx: StudentsContext) =>
    ctx.dmc.rounds(args.academicYear),
  enrollmentConflicts: async (
    _: unknown,
    args: { first?: number | null; after?: string | null },
    ctx: StudentsContext,
  ) => {
    const page = toPage(args);
    const { rows, total } = await ctx.repo.conflictPage(
      recordVisibility(ctx.viewer),
      page.limit,
      page.offset,
    );
    return toConnection(rows, page, total);
  },
};
