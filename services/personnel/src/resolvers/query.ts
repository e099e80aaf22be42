import { badInput, forbidden } from '@smss/core';
import { canReadPii, requireViewer } from '@smss/auth';
import { toConnection, toPage } from '@smss/service-kit';
import type { PersonnelContext } from '../context';
import { addDays } from '../modules/calendar/dates';
import {
  assertCanSeeStaff,
  canSeeLeave,
  isAreaRole,
  staffListAccessAtSchool,
  staffListAccessInArea,
  staffScopeOf,
} from '../modules/access/personnel-policy';
import { leaveFacts } from '../modules/leave/leave.service';
import type { LeaveFilter, StaffFilter } from '../modules/staff/staff.types';
import { emptyConnection } from './shared';

type PageArgs = { first?: number | null; after?: string | null };

const partnersSeeAggregatesOnly = () =>
  forbidden(
    'Partners see personnel aggregates only (School.staffCount, School.staffing)',
    'หน่วยงานภาคีดูได้เฉพาะข้อมูลสรุปของบุคลากร (จำนวนบุคลากร อัตรากำลัง)',
  );

export const Query = {
  staffMember: async (_: unknown, args: { id: string }, ctx: PersonnelContext) => {
    requireViewer(ctx.viewer);
    const row = await ctx.loaders.staffById.load(args.id);
    if (!row) return null;
    assertCanSeeStaff(ctx.viewer, row);
    return row;
  },
  myStaffRecord: async (_: unknown, __: unknown, ctx: PersonnelContext) => {
    const viewer = requireViewer(ctx.viewer);
    const id = await ctx.staffRepo.staffIdByAccountSubject(viewer.subject);
    return id ? ctx.loaders.staffById.load(id) : null;
  },
  staff: async (_: unknown, args: PageArgs & { filter?: StaffFilter | null }, ctx: PersonnelContext) => {
    const viewer = requireViewer(ctx.viewer);
    const scope = staffScopeOf(viewer);
    if (scope.kind === 'NONE') throw partnersSeeAggregatesOnly();
    const filter = args.filter ?? {};
    if (filter.search && !canReadPii(viewer)) {
      throw forbidden('Searching by name needs the pii:read scope', 'การค้นหาด้วยชื่อต้องมีสิทธิ์ pii:read');
    }
    const page = toPage(args);
    const { rows, total } = await ctx.staffRepo.listStaff(scope, filter, ctx.today, page.limit, page.offset);
    rows.forEach((row) => ctx.loaders.staffById.prime(row.id, row));
    return toConnection(rows, page, total);
  },
  leaveRequest: async (_: unknown, args: { id: string }, ctx: PersonnelContext) => {
    requireViewer(ctx.viewer);
    const row = await ctx.loaders.leaveById.load(args.id);
    if (!row) return null;
    if (!canSeeLeave(ctx.viewer, leaveFacts(row))) {
      throw forbidden('You may not see this leave request', 'คุณไม่มีสิทธิ์ดูใบลานี้');
    }
    return row;
  },
  leaveRequests: async (
    _: unknown,
    args: PageArgs & { filter?: LeaveFilter | null },
    ctx: PersonnelContext,
  ) => {
    const viewer = requireViewer(ctx.viewer);
    const scope = staffScopeOf(viewer);
    if (scope.kind === 'NONE') throw partnersSeeAggregatesOnly();
    const page = toPage(args);
    const { rows, total } = await ctx.leaveRepo.list(scope, args.filter ?? {}, page.limit, page.offset);
    rows.forEach((row) => ctx.loaders.leaveById.prime(row.id, row));
    return toConnection(rows, page, total);
  },
  leaveRequestsAwaitingMyDecision: async (_: unknown, args: PageArgs, ctx: PersonnelContext) => {
    const viewer = requireViewer(ctx.viewer);
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
  leaveBalance: (_: unknown, args: { staffId: string; fiscalYear: number }, ctx: PersonnelContext) =>
    ctx.leave.balance(ctx.viewer, args.staffId, args.fiscalYear),
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
    requireViewer(ctx.viewer);
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
    let access;
    if (args.schoolId) {
      const school = await ctx.loaders.replicaSchoolById.load(args.schoolId);
      access = staffListAccessAtSchool(
        ctx.viewer,
        school ? { schoolCode: school.obecCode, areaOfficeCode: school.areaOfficeCode } : null,
      );
    } else {
      access = staffListAccessInArea(ctx.viewer, args.areaOfficeCode!);
    }
    const page = toPage(args);
    const { rows, total } = await ctx.staffRepo.expiringLicences(
      args.schoolId ? { schoolId: args.schoolId } : { areaOfficeCode: args.areaOfficeCode! },
      access,
      ctx.today,
      addDays(ctx.today, args.withinDays),
      args.includeExpired ?? false,
      page.limit,
      page.offset,
    );
    return toConnection(rows, page, total);
  },
  publicHolidays: (_: unknown, args: { from: string; to: string }, ctx: PersonnelContext) =>
    ctx.leave.holidays(ctx.viewer, args.from, args.to),
};
