import type { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from '@smss/core';
import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { enqueueEvent, LeaveDecided, LEAVE_TYPES, type LeaveType } from '@smss/events';
import { fiscalYearRange } from '@smss/thai';
import { hiddenRecord } from '@smss/trust';
import { addYears, daysBetween } from '../calendar/dates';
import { canSeeRecord } from '../access/record-scope';
import { leaveRecord, staffRecord } from '../access/trust-rules';
import {
  assertCanFileLeaveFor,
  isDesignatedApprover,
  notTheApprover,
  type LeaveAccessFacts,
} from '../access/write-rules';
import { StaffRepository } from '../staff/staff.repository';
import type { AppointmentRow, LeaveRequestRow, StaffRow } from '../staff/staff.types';
import {
  commentSchema,
  fieldProblem,
  holidaySchema,
  isoDate,
  parseInput,
  requestLeaveSchema,
} from '../validation';
import {
  computeVacationEntitlement,
  countLeaveDays,
  fiscalYearOfSpan,
  LEAVE_TYPE_RULES,
  staffCategoryOf,
} from './leave-regulation';
import { LeaveRepository } from './leave.repository';

export const leaveFacts = (row: LeaveRequestRow): LeaveAccessFacts => ({
  schoolCode: row.schoolCode,
  areaOfficeCode: row.areaOfficeCode,
  staffAccountSubject: row.staffAccountSubject,
  requestedBy: row.requestedBy,
  approverLevel: row.approverLevel,
  approverOrgCode: row.approverOrgCode,
});

/** One staff member's leave in one fiscal year (`leaveBalance`); the figures are computed on first read. */
export interface LeaveBalanceRow {
  staff: StaffRow;
  fiscalYear: number;
  figures: () => Promise<LeaveBalanceFigures>;
}

export type LeaveBalanceFigures = Awaited<ReturnType<LeaveService['balance']>>;

/** `leaveBalance`'s fiscal year: a B.E. year. */
export function checkFiscalYear(fiscalYear: number): void {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2400 || fiscalYear > 2700) {
    throw fieldProblem('fiscalYear', 'must be a B.E. year', 'ปีงบประมาณต้องเป็นปี พ.ศ.');
  }
}

/** Who decides a leave: a school post goes to the school director, a director's or an office post to the area office. */
export function approverFor(
  posting: Pick<AppointmentRow, 'postingKind' | 'schoolCode' | 'areaOfficeCode' | 'positionType'>,
) {
  if (posting.postingKind === 'SCHOOL' && posting.positionType !== 'DIRECTOR') {
    return { approverLevel: 'SCHOOL_DIRECTOR' as const, approverOrgCode: posting.schoolCode! };
  }
  return { approverLevel: 'AREA_OFFICE' as const, approverOrgCode: posting.areaOfficeCode };
}

/** Leave requests under the regulation B.E. 2555: counting, entitlement, overlap, approval chain, cancellation. */
export class LeaveService {
  constructor(
    private readonly db: DataSource,
    private readonly leave: LeaveRepository,
    private readonly staff: StaffRepository,
    private readonly today: () => string,
  ) {}

  /** A staff member the viewer may see; unknown and out-of-scope look the same (NOT_FOUND). */
  private async visibleStaff(viewer: Viewer, id: string, manager?: EntityManager): Promise<StaffRow> {
    const [row] = await this.staff.staffByIds([id], this.today(), manager);
    if (!row || !canSeeRecord(viewer, 'StaffMember', staffRecord(row))) throw hiddenRecord();
    return row;
  }

  /** A leave request the viewer may see (locked for a decision); unknown and out-of-scope look the same. */
  private async visibleLeave(viewer: Viewer, id: string, manager: EntityManager): Promise<LeaveRequestRow> {
    const [row] = await this.leave.byIds([id], manager, true);
    if (!row || !canSeeRecord(viewer, 'LeaveRequest', leaveRecord(row))) throw hiddenRecord();
    return row;
  }

  /** Read back after a write; the trust layer decides what the caller sees of it. */
  private async reread(id: string): Promise<LeaveRequestRow> {
    const [row] = await this.leave.byIds([id]);
    return row!;
  }

  /** The days a span counts under a leave type, refusing spans whose holidays are not recorded. */
  private async count(
    manager: EntityManager,
    type: LeaveType,
    start: string,
    end: string,
    halfDay: 'MORNING' | 'AFTERNOON' | null,
  ) {
    const years = await this.leave.yearsWithHolidays(start, end, manager);
    for (let y = Number(start.slice(0, 4)); y <= Number(end.slice(0, 4)); y += 1) {
      if (!years.has(y)) {
        throw badInput(
          `Official holidays of ${y} (B.E. ${y + 543}) are not recorded yet, so working days cannot be counted`,
          `ยังไม่มีข้อมูลวันหยุดราชการของปี พ.ศ. ${y + 543} จึงนับวันทำการไม่ได้ กรุณาติดต่อผู้ดูแลระบบ สพฐ.`,
        );
      }
    }
    const holidays = new Set((await this.leave.holidaysBetween(start, end, manager)).map((h) => h.date));
    return countLeaveDays(start, end, LEAVE_TYPE_RULES[type].counting, holidays, halfDay);
  }

  async request(viewer: MaybeViewer, rawInput: unknown): Promise<LeaveRequestRow> {
    const actor = requireViewer(viewer);
    const input = parseInput(requestLeaveSchema, rawInput);
    const rule = LEAVE_TYPE_RULES[input.leaveType];
    const halfDay = input.halfDay ?? null;
    if (halfDay && !rule.halfDayAllowed) {
      throw fieldProblem(
        'halfDay',
        `${input.leaveType} leave is taken in whole days`,
        `${rule.nameTh}ลาเป็นวันเต็มเท่านั้น`,
      );
    }
    const fiscalYear = fiscalYearOfSpan(input.startDate, input.endDate);
    if (fiscalYear == null) {
      throw fieldProblem(
        'endDate',
        'a leave counts in one fiscal year: split it at 30 September',
        'วันลานับตามปีงบประมาณ กรุณาแยกใบลาที่วันที่ 30 กันยายน',
      );
    }
    const staffId = input.staffId ?? (await this.staff.staffIdByAccountSubject(actor.subject));
    if (!staffId) {
      throw notFound('Staff record linked to your login', 'ข้อมูลบุคลากรที่เชื่อมกับผู้ใช้', actor.subject);
    }
    const id = await this.db.transaction(async (manager) => {
      // Serialise requests of one person: the vacation balance and the overlap check see each other.
      if (!(await this.staff.lockStaff(manager, staffId))) throw hiddenRecord();
      const staff = await this.visibleStaff(actor, staffId, manager);
      assertCanFileLeaveFor(actor, staff);
      const posting =
        (await this.staff.appointmentOn(staffId, input.startDate, manager)) ?? placementAsPosting(staff);
      if (!posting) {
        throw badInput(
          'This staff member holds no appointment to file leave under',
          'บุคลากรรายนี้ไม่มีตำแหน่งที่สังกัด จึงยื่นใบลาไม่ได้',
        );
      }
      const counted = await this.count(manager, input.leaveType, input.startDate, input.endDate, halfDay);
      if (counted.days === 0) {
        throw fieldProblem(
          'startDate',
          'the span has no working day (weekends and official holidays only)',
          'ช่วงวันที่ลาไม่มีวันทำการ (เป็นวันหยุดทั้งหมด)',
        );
      }
      if (rule.maxDaysPerRequest != null && counted.days > rule.maxDaysPerRequest) {
        throw fieldProblem(
          'endDate',
          `${input.leaveType} leave is at most ${rule.maxDaysPerRequest} days per request`,
          `${rule.nameTh}ได้ครั้งละไม่เกิน ${rule.maxDaysPerRequest} วัน`,
        );
      }
      if (input.leaveType === 'VACATION') {
        await this.checkVacation(
          manager,
          staff,
          posting.positionType,
          fiscalYear,
          input.startDate,
          counted.days,
        );
      }
      const overlapping = await this.leave.overlapping(
        manager,
        staffId,
        input.startDate,
        input.endDate,
        halfDay,
      );
      if (overlapping.length) throw overlapConflict(overlapping);
      try {
        return await this.leave.insert(manager, {
          staffId,
          leaveType: input.leaveType,
          startDate: input.startDate,
          endDate: input.endDate,
          halfDay,
          days: counted.days,
          countingRule: rule.counting,
          fiscalYear,
          reason: input.reason ?? null,
          contactDuringLeave: input.contactDuringLeave ?? null,
          schoolId: posting.schoolId,
          schoolCode: posting.schoolCode,
          areaOfficeCode: posting.areaOfficeCode,
          ...approverFor(posting),
          requestedBy: actor.subject,
        });
      } catch (error) {
        // A concurrent request won the race: the exclusion constraint is the last word.
        if ((error as { code?: string }).code === '23P01') throw overlapConflict([]);
        throw error;
      }
    });
    return this.reread(id);
  }

  private async checkVacation(
    manager: EntityManager,
    staff: StaffRow,
    positionType: AppointmentRow['positionType'],
    fiscalYear: number,
    startDate: string,
    days: number,
  ) {
    const used = await this.leave.vacationUsedByYear(staff.id, fiscalYear, manager);
    const entitlement = computeVacationEntitlement(
      {
        serviceStartDate: staff.serviceStartDate,
        category: staffCategoryOf(positionType),
        openingFiscalYear: staff.vacationOpeningFiscalYear,
        openingCarriedOver: staff.vacationOpeningDays,
        usedByFiscalYear: used,
      },
      fiscalYear,
    );
    if (startDate < entitlement.eligibleFrom) {
      throw fieldProblem(
        'startDate',
        `no vacation leave before six months of service (from ${entitlement.eligibleFrom})`,
        `ยังไม่มีสิทธิลาพักผ่อนจนกว่าจะรับราชการครบ 6 เดือน (ตั้งแต่ ${entitlement.eligibleFrom})`,
      );
    }
    const totals = await this.leave.totalsForYear(staff.id, fiscalYear, manager);
    const taken = totals.filter((t) => t.leaveType === 'VACATION').reduce((sum, t) => sum + t.days, 0);
    const remaining = entitlement.available - taken;
    if (days > remaining) {
      throw fieldProblem(
        'endDate',
        `vacation leave left in fiscal year ${fiscalYear}: ${remaining} of ${entitlement.available} working days (approved and pending counted); this request needs ${days}`,
        `สิทธิลาพักผ่อนปีงบประมาณ ${fiscalYear} คงเหลือ ${remaining} จาก ${entitlement.available} วันทำการ แต่ใบลานี้ขอ ${days} วัน`,
      );
    }
  }

  async decide(
    viewer: MaybeViewer,
    id: string,
    decision: 'APPROVE' | 'REJECT',
    rawComment: unknown,
    correlationId?: string,
  ) {
    const actor = requireViewer(viewer);
    const comment = parseInput(commentSchema, rawComment) ?? null;
    await this.db.transaction(async (manager) => {
      const row = await this.visibleLeave(actor, id, manager);
      if (!isDesignatedApprover(actor, leaveFacts(row))) throw notTheApprover();
      if (row.status !== 'PENDING') {
        throw conflict(
          `This leave request is already ${row.status}`,
          `ใบลานี้ได้รับการพิจารณาแล้ว (${row.status})`,
        );
      }
      const status = decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
      await this.leave.decide(manager, id, status, actor, comment);
      await this.publishDecided(manager, row, status, actor, correlationId);
    });
    return this.reread(id);
  }

  async cancel(viewer: MaybeViewer, id: string, rawReason: unknown, correlationId?: string) {
    const actor = requireViewer(viewer);
    const reason = parseInput(commentSchema, rawReason) ?? null;
    await this.db.transaction(async (manager) => {
      const row = await this.visibleLeave(actor, id, manager);
      const approver = isDesignatedApprover(actor, leaveFacts(row));
      const requester = actor.subject === row.requestedBy || actor.subject === row.staffAccountSubject;
      if (!approver && !requester) {
        throw forbidden(
          'Only the requester or the approver may cancel this leave',
          'ยกเลิกใบลาได้เฉพาะผู้ขอลาหรือผู้มีอำนาจอนุญาต',
        );
      }
      if (row.status === 'REJECTED' || row.status === 'CANCELLED') {
        throw conflict(`This leave request is already ${row.status}`, `ใบลานี้สิ้นสุดแล้ว (${row.status})`);
      }
      if (row.status === 'APPROVED' && !approver && this.today() >= row.startDate) {
        throw forbidden(
          'An approved leave that has started can only be cancelled by the approver',
          'ใบลาที่อนุมัติแล้วและถึงวันลาแล้ว ต้องให้ผู้มีอำนาจอนุญาตเป็นผู้ยกเลิก',
        );
      }
      await this.leave.cancel(manager, id, actor.subject, reason);
      if (row.status === 'APPROVED')
        await this.publishDecided(manager, row, 'CANCELLED', actor, correlationId);
    });
    return this.reread(id);
  }

  /**
   * Leave taken and vacation entitlement of one person in one fiscal year. Called only once the trust
   * layer let the viewer see the person's `LeaveBalance` (its fields resolve after the record check).
   */
  async balance(staff: StaffRow, fiscalYear: number) {
    const { end } = fiscalYearRange(fiscalYear);
    const posting =
      (await this.staff.appointmentOn(staff.id, end < this.today() ? end : this.today())) ?? staff.placement;
    const used = await this.leave.vacationUsedByYear(staff.id, fiscalYear);
    const entitlement = computeVacationEntitlement(
      {
        serviceStartDate: staff.serviceStartDate,
        category: staffCategoryOf(posting?.positionType),
        openingFiscalYear: staff.vacationOpeningFiscalYear,
        openingCarriedOver: staff.vacationOpeningDays,
        usedByFiscalYear: used,
      },
      fiscalYear,
    );
    const totals = await this.leave.totalsForYear(staff.id, fiscalYear);
    const sum = (type: string, status: string) =>
      totals.filter((t) => t.leaveType === type && t.status === status).reduce((s, t) => s + t.days, 0);
    const requests = (type: string) =>
      totals
        .filter((t) => t.leaveType === type && t.status === 'APPROVED')
        .reduce((s, t) => s + t.requests, 0);
    const usedVacation = sum('VACATION', 'APPROVED');
    const pendingVacation = sum('VACATION', 'PENDING');
    const firstYear = addYears(staff.serviceStartDate, 1) > fiscalYearRange(fiscalYear).start;
    return {
      vacation: {
        eligible: this.today() >= entitlement.eligibleFrom,
        entitledThisYear: entitlement.entitledThisYear,
        carriedOver: entitlement.carriedOver,
        cap: entitlement.cap,
        available: entitlement.available,
        used: usedVacation,
        pending: pendingVacation,
        remaining: entitlement.available - usedVacation - pendingVacation,
      },
      byType: LEAVE_TYPES.map((leaveType) => ({
        leaveType,
        approvedDays: sum(leaveType, 'APPROVED'),
        pendingDays: sum(leaveType, 'PENDING'),
        approvedRequests: requests(leaveType),
        // Personal business leave is paid for 15 days in the first year of service (Royal Decree B.E. 2535).
        paidLimitDays:
          leaveType === 'PERSONAL_BUSINESS' && firstYear ? 15 : LEAVE_TYPE_RULES[leaveType].paidDaysPerYear,
      })),
    };
  }

  async holidays(from: string, to: string) {
    if (!isoDate.safeParse(from).success)
      throw fieldProblem('from', 'must be an ISO date', 'วันที่เริ่มต้นต้องอยู่ในรูปแบบ YYYY-MM-DD');
    if (!isoDate.safeParse(to).success || to < from || daysBetween(from, to) > 366 * 3) {
      throw fieldProblem(
        'to',
        'must be an ISO date within 3 years after from',
        'วันที่สิ้นสุดต้องไม่ก่อนวันเริ่มและห่างไม่เกิน 3 ปี',
      );
    }
    return this.leave.holidaysBetween(from, to);
  }

  async recordHoliday(viewer: MaybeViewer, rawInput: unknown) {
    const actor = assertObecAdmin(viewer);
    const input = parseInput(holidaySchema, rawInput);
    return this.db.transaction(async (manager) => {
      await this.refuseWhenLeaveCounted(manager, input.date);
      return this.leave.upsertHoliday(manager, {
        ...input,
        kind: input.kind ?? 'SPECIAL',
        by: actor.subject,
      });
    });
  }

  async removeHoliday(viewer: MaybeViewer, date: string) {
    assertObecAdmin(viewer);
    if (!isoDate.safeParse(date).success)
      throw fieldProblem('date', 'must be an ISO date', 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD');
    return this.db.transaction(async (manager) => {
      await this.refuseWhenLeaveCounted(manager, date);
      return this.leave.deleteHoliday(manager, date);
    });
  }

  /** Counted days are stored with each request: a holiday under a pending or approved one would change them. */
  private async refuseWhenLeaveCounted(manager: EntityManager, date: string) {
    const affected = await this.leave.leaveCountedAround(manager, date);
    if (affected > 0) {
      throw conflict(
        `${affected} pending or approved leave request(s) counted in working days span ${date}; cancel and refile them first`,
        `มีใบลา ${affected} ใบที่นับวันทำการครอบคลุมวันที่ ${date} กรุณายกเลิกและยื่นใหม่ก่อน`,
      );
    }
  }

  private async publishDecided(
    manager: EntityManager,
    row: LeaveRequestRow,
    decision: 'APPROVED' | 'REJECTED' | 'CANCELLED',
    actor: Viewer,
    correlationId?: string,
  ) {
    await enqueueEvent(
      manager,
      LeaveDecided,
      row.id,
      {
        leaveRequestId: row.id,
        staffId: row.staffId,
        leaveType: row.leaveType,
        decision,
        startDate: row.startDate,
        endDate: row.endDate,
        days: String(row.days),
        fiscalYear: row.fiscalYear,
        schoolCode: row.schoolCode,
        areaOfficeCode: row.areaOfficeCode,
        approverLevel: row.approverLevel,
        decidedBy: actor.subject,
        decidedAt: new Date().toISOString(),
      },
      correlationId ? { correlationId } : {},
    );
  }
}

function placementAsPosting(staff: StaffRow) {
  return staff.placement
    ? {
        postingKind: staff.placement.postingKind,
        schoolId: staff.placement.schoolId,
        schoolCode: staff.placement.schoolCode,
        areaOfficeCode: staff.placement.areaOfficeCode,
        positionType: staff.placement.positionType,
      }
    : null;
}

function overlapConflict(overlapping: Array<{ id: string; startDate: string; endDate: string }>) {
  const spans = overlapping.map((o) => `${o.startDate}–${o.endDate}`).join(', ');
  return conflict(
    `The leave overlaps another pending or approved request${spans ? ` (${spans})` : ''}`,
    `ช่วงวันลาซ้อนกับใบลาที่รอพิจารณาหรืออนุมัติแล้ว${spans ? ` (${spans})` : ''}`,
    { overlapping: overlapping.map((o) => o.id) },
  );
}

function assertObecAdmin(viewer: MaybeViewer): Viewer {
  const v = requireViewer(viewer);
  if (v.role !== 'obec-admin') {
    throw forbidden(
      'Only OBEC administrators maintain official holidays',
      'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่แก้ไขวันหยุดราชการได้',
    );
  }
  return v;
}
