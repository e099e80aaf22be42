import { badInput, forbidden } from '@smss/core';
import { canReadPii } from '@smss/auth';
import { hiddenRecord } from '@smss/trust';
import { toConnection, toPage } from '@smss/service-kit';
import type { PersonnelContext } from '../context';
import { addDays } from '../modules/calendar/dates';
import { isAreaRole } from '../modules/access/write-rules';
import { checkFiscalYear, type LeaveBalanceRow } from '../modules/leave/leave.service';
import type { LeaveFilter, StaffFilter } from '../modules/staff/staff.types';
import { emptyConnection } from './shared';

type PageArgs = { first?: number | null; after?: string | null };

/**
 * Reads only load: lists are filtered in SQL by the viewer's scope (`ctx.scope`), and the trust layer
 * checks every record, masks and audits on every path (`modules/access/trust-rules.ts`).
 */
export const Query = {
  staffMember: (_: unknown, args: { id: string }, ctx: PersonnelContext) =>
    ctx.loaders.staffById.load(args.id),
  myStaffRecord: async (_: unknown, __: unknown, ctx: PersonnelContext) => {
    if (!ctx.viewer.authenticated) return null;
    const id = await ctx.staffRepo.staffIdByAccountSubject(ctx.viewer.subject);
    return id ? ctx.loaders.staffById.load(id) : null;
  },
  staff: async (_: unknown, args: PageArgs & { filter?: StaffFilter | null }, ctx: PersonnelContext) => {
    const filter = args.filter ?? {};
    if (filter.search?.trim()) {
      // Searching by name is a lookup by personal data: only with pii:read, and audited found or not.
      if (!canReadPii(ctx.viewer)) {
        throw forbidden('Searching by name needs the pii:read scope', 'การค้นหาด้วยชื่อต้องมีสิทธิ์ pii:read');
      }
      await ctx.trust.audit.lookup('StaffMember', 'name', null);
    }
    const page = toPage(args);
    const { rows, total } = await ctx.staffRepo.listStaff(
      ctx.scope,
      filter,
      ctx.today,
      page.limit,
      page.offset,
    );
    rows.forEach((row) => ctx.loaders.staffById.prime(row.id, row));
    return toConnection(rows, page, total);
  },
  leaveRequest: (_: unknown, args: { id: string }, ctx: PersonnelContext) =>
    ctx.loaders.leaveById.load(args.id),
  leaveRequests: async (
    _: unknown,
    args: PageArgs & { filter?: LeaveFilter | null },
    ctx: PersonnelContext,
  ) => {
    const page = toPage(args);
    const { rows, total } = await ctx.leaveRepo.list(ctx.scope, args.filter ?? {}, page.limit, page.offset);
    rows.forEach((row) => ctx.loaders.leaveById.prime(row.id, row));
    return toConnection(rows, page, total);
  },
  leaveRequestsAwaitingMyDecision: async (_: unknown, args: PageArgs, ctx: PersonnelContext) => {
    const viewer = ctx.viewer;
    if (!viewer.authenticated) return emptyConnection();
    const page = toPage(args);
    const level =
      viewer.role === 'school-director' ? 'SCHOOL_DIRECTOR' : isAreaRole(viewer) ? 'AREA_OFFICE' : null;
    if (!level) return emptyConnection();
    const { rows, total } = await ctx.leaveRepo.list(
      {
        kind: 'APPROVER',
        approverLevel: level,
        approverOrgCode: viewer.orgCode,
        excludeSubject: viewer.subject,
      },
      {},
      page.limit,
      page.offset,
    );
    return toConnection(rows, page, total);
  },
  /**
   * The figures are computed by `LeaveBalance`'s fields, which run only once the layer let the viewer
   * see this person's balance; an unknown person is answered like an out-of-scope one.
   */
  leaveBalance: async (
    _: unknown,
    args: { staffId: string; fiscalYear: number },
    ctx: PersonnelContext,
  ): Promise<LeaveBalanceRow> => {
    checkFiscalYear(args.fiscalYear);
    const staff = await ctx.loaders.staffById.load(args.staffId);
    if (!staff) throw hiddenRecord();
    let figures: ReturnType<LeaveBalanceRow['figures']> | undefined;
    return {
      staff,
      fiscalYear: args.fiscalYear,
      figures: () => (figures ??= ctx.leave.balance(staff, args.fiscalYear)),
    };
  },
  expiringTeachingLicences: async (
    _: unknown,
    args: PageArgs & {
      withinDays: number;
      schoolId?: string | null;
      areaOfficeCode?: string | null;
      includeExpired?: boolean | null;
    },
    ctx: PersonnelContext,
  ) => {
    if ((args.schoolId == null) === (args.areaOfficeCode == null)) {
      throw badInput(
        'Give exactly one of schoolId or areaOfficeCode',
        'ต้องระบุ schoolId หรือ areaOfficeCode อย่างใดอย่างหนึ่ง',
      );
    }
    if (!Number.isInteger(args.withinDays) || args.withinDays < 0 || args.withinDays > 3650) {
      throw badInput('withinDays must be between 0 and 3650', 'จำนวนวันต้องอยู่ระหว่าง 0 ถึง 3,650', [
        { field: 'withinDays', messageEn: 'between 0 and 3650', messageTh: 'ระหว่าง 0 ถึง 3,650' },
      ]);
    }
    const page = toPage(args);
    const { rows, total } = await ctx.staffRepo.expiringLicences(
      args.schoolId ? { schoolId: args.schoolId } : { areaOfficeCode: args.areaOfficeCode! },
      ctx.scope,
      ctx.today,
      addDays(ctx.today, args.withinDays),
      args.includeExpired ?? false,
      page.limit,
      page.offset,
    );
    return toConnection(rows, page, total);
  },
  publicHolidays: (_: unknown, args: { from: string; to: string }, ctx: PersonnelContext) =>
    ctx.leave.holidays(args.from, args.to),
};
