import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { conflict } from '@smss/core';
import { hiddenRecord } from '@smss/trust';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { add, compare, money, nonNegativeAmount, toMoneyString } from '@smss/money';
import { assertSchoolDirector, assertSchoolFinanceStaff } from '../common/policy';
import { assertInFiscalYear, refused, requireMoneySource, requirePlacement } from '../common/school-scope';
import { fiscalYearNumber, isoDate, parseInput, text, uuid } from '../common/validation';
import type { PlacementRepository } from '../directory/placement.repository';
import type { LedgerRepository } from '../ledger/ledger.repository';
import type { PaymentsRepository } from '../payments/payments.repository';
import type { ActionPlanRepository, ActivityRow, ProjectRow, StrategyRow } from './action-plan.repository';

const createStrategySchema = z.object({
  schoolId: uuid,
  fiscalYear: fiscalYearNumber,
  code: text(20),
  nameTh: text(300),
});

const createProjectSchema = z
  .object({
    strategyId: uuid,
    code: z.string().trim().max(20).nullish(),
    nameTh: text(300),
    owner: text(200),
    startDate: isoDate,
    endDate: isoDate,
    moneySourceCode: text(40),
    requestedBudget: nonNegativeAmount,
  })
  .refine((p) => p.endDate >= p.startDate, { path: ['endDate'], message: 'must not be before startDate' });

const updateProjectSchema = z.object({
  nameTh: text(300).nullish(),
  owner: text(200).nullish(),
  startDate: isoDate.nullish(),
  endDate: isoDate.nullish(),
  requestedBudget: nonNegativeAmount.nullish(),
  expectedVersion: z.number().int().positive().nullish(),
});

const evaluationSchema = z.object({
  outcome: z.enum(['ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED']),
  result: text(4000),
  obstacles: z.string().trim().max(4000).nullish(),
});

const createActivitySchema = z
  .object({
    projectId: uuid,
    nameTh: text(300),
    owner: z.string().trim().max(200).nullish(),
    startDate: isoDate.nullish(),
    endDate: isoDate.nullish(),
    requestedBudget: nonNegativeAmount,
    approvedBudget: nonNegativeAmount.nullish(),
  })
  .refine((a) => !a.startDate || !a.endDate || a.endDate >= a.startDate, {
    path: ['endDate'],
    message: 'must not be before startDate',
  });

/** Action plan writes: validation, authorisation by school, one transaction each. */
export class ActionPlanService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: ActionPlanRepository,
    private readonly placements: PlacementRepository,
    private readonly ledger: LedgerRepository,
    private readonly payments: PaymentsRepository,
  ) {}

  async createStrategy(viewer: MaybeViewer, raw: unknown): Promise<StrategyRow> {
    requireViewer(viewer);
    const input = parseInput(createStrategySchema, raw);
    return this.db.transaction(async (m) => {
      const placement = await requirePlacement(this.placements, m, input.schoolId);
      const actor = assertSchoolFinanceStaff(viewer, placement);
      const row = await this.repo.insertStrategy(m, input, actor.subject);
      if (!row) {
        throw conflict(
          `Strategy ${input.code} already exists in the ${input.fiscalYear} plan`,
          `มีกลยุทธ์รหัส ${input.code} ในแผนปีงบประมาณ ${input.fiscalYear} แล้ว`,
        );
      }
      return row;
    });
  }

  async createProject(viewer: MaybeViewer, raw: unknown): Promise<ProjectRow> {
    requireViewer(viewer);
    const input = parseInput(createProjectSchema, raw);
    return this.db.transaction(async (m) => {
      const [strategy] = await this.repo.strategiesByIds([input.strategyId], m);
      if (!strategy) throw hiddenRecord();
      const placement = await requirePlacement(this.placements, m, strategy.schoolId);
      const actor = assertSchoolFinanceStaff(viewer, placement);
      assertInFiscalYear(input.startDate, strategy.fiscalYear, 'startDate');
      assertInFiscalYear(input.endDate, strategy.fiscalYear, 'endDate');
      await requireMoneySource(m, input.moneySourceCode);
      return this.repo.insertProject(
        m,
        {
          strategyId: strategy.id,
          schoolId: strategy.schoolId,
          fiscalYear: strategy.fiscalYear,
          code: input.code ?? null,
          nameTh: input.nameTh,
          owner: input.owner,
          startDate: input.startDate,
          endDate: input.endDate,
          moneySourceCode: input.moneySourceCode,
          requestedBudget: input.requestedBudget,
        },
        actor.subject,
      );
    });
  }

  private async lockProject(m: EntityManager, id: string): Promise<ProjectRow> {
    const [project] = await this.repo.projectsByIds([id], m, true);
    if (!project) throw hiddenRecord();
    return project;
  }

  async updateProject(viewer: MaybeViewer, id: string, raw: unknown): Promise<ProjectRow> {
    requireViewer(viewer);
    const input = parseInput(updateProjectSchema, raw);
    return this.db.transaction(async (m) => {
      const project = await this.lockProject(m, id);
      const placement = await requirePlacement(this.placements, m, project.schoolId);
      assertSchoolFinanceStaff(viewer, placement);
      if (input.expectedVersion != null && input.expectedVersion !== project.version) {
        throw conflict(
          `Project changed meanwhile (version ${project.version}, you sent ${input.expectedVersion})`,
          'ข้อมูลโครงการถูกแก้ไขไปแล้ว กรุณาโหลดใหม่',
        );
      }
      if (input.requestedBudget != null && project.approvedBudget != null) {
        throw conflict(
          'The requested budget cannot change after approval; ask the director to revise the approved budget',
          'แก้ไขงบที่ขอไม่ได้หลังอนุมัติแล้ว กรุณาให้ผู้อำนวยการปรับงบที่อนุมัติ',
        );
      }
      const next = {
        id: project.id,
        nameTh: input.nameTh ?? project.nameTh,
        owner: input.owner ?? project.owner,
        startDate: input.startDate ?? project.startDate,
        endDate: input.endDate ?? project.endDate,
        requestedBudget: input.requestedBudget ?? project.requestedBudget,
      };
      assertInFiscalYear(next.startDate, project.fiscalYear, 'startDate');
      assertInFiscalYear(next.endDate, project.fiscalYear, 'endDate');
      if (next.endDate < next.startDate) {
        throw refused('BAD_DATES', 'endDate must not be before startDate', 'วันสิ้นสุดต้องไม่ก่อนวันเริ่ม');
      }
      return this.repo.updateProject(m, next);
    });
  }

  async approveBudget(viewer: MaybeViewer, id: string, rawAmount: unknown): Promise<ProjectRow> {
    requireViewer(viewer);
    const { approvedBudget } = parseInput(z.object({ approvedBudget: nonNegativeAmount }), {
      approvedBudget: rawAmount,
    });
    return this.db.transaction(async (m) => {
      const project = await this.lockProject(m, id);
      const placement = await requirePlacement(this.placements, m, project.schoolId);
      const actor = assertSchoolDirector(viewer, placement);
      const spent = (await this.ledger.spentByProjects([id], m)).get(id) ?? '0';
      const committed = (await this.payments.committedByProjects([id], m)).get(id) ?? '0';
      const used = add(spent, committed);
      if (compare(approvedBudget, used) < 0) {
        throw refused(
          'BELOW_SPENT',
          `The approved budget cannot be below what is spent or committed (${toMoneyString(used)})`,
          `งบที่อนุมัติต้องไม่ต่ำกว่ายอดที่ใช้ไปและผูกพันแล้ว (${toMoneyString(used)} บาท)`,
          { usedAmount: toMoneyString(used) },
        );
      }
      const activities = await this.repo.approvedActivitiesTotal(m, id);
      if (compare(approvedBudget, activities) < 0) {
        throw refused(
          'BELOW_ACTIVITIES',
          `The approved budget cannot be below the activities' approved budgets (${toMoneyString(activities)})`,
          `งบที่อนุมัติต้องไม่ต่ำกว่างบของกิจกรรมที่อนุมัติแล้ว (${toMoneyString(activities)} บาท)`,
        );
      }
      return this.repo.approveBudget(m, id, approvedBudget, actor.subject);
    });
  }

  async evaluateProject(viewer: MaybeViewer, id: string, raw: unknown): Promise<ProjectRow> {
    requireViewer(viewer);
    const input = parseInput(evaluationSchema, raw);
    return this.db.transaction(async (m) => {
      const project = await this.lockProject(m, id);
      const placement = await requirePlacement(this.placements, m, project.schoolId);
      const actor = assertSchoolFinanceStaff(viewer, placement);
      await this.repo.evaluate(
        m,
        'project',
        id,
        { ...input, obstacles: input.obstacles ?? null },
        actor.subject,
      );
      return (await this.repo.projectsByIds([id], m))[0]!;
    });
  }

  async createActivity(viewer: MaybeViewer, raw: unknown): Promise<ActivityRow> {
    requireViewer(viewer);
    const input = parseInput(createActivitySchema, raw);
    return this.db.transaction(async (m) => {
      const project = await this.lockProject(m, input.projectId);
      const placement = await requirePlacement(this.placements, m, project.schoolId);
      const actor = assertSchoolFinanceStaff(viewer, placement);
      for (const [field, date] of [
        ['startDate', input.startDate],
        ['endDate', input.endDate],
      ] as const) {
        if (date) assertInFiscalYear(date, project.fiscalYear, field);
      }
      if (input.approvedBudget != null) {
        if (project.approvedBudget == null) {
          throw refused(
            'PROJECT_NOT_APPROVED',
            'Approve the project budget before approving activity budgets',
            'ต้องอนุมัติงบประมาณโครงการก่อนกำหนดงบที่อนุมัติของกิจกรรม',
          );
        }
        const already = await this.repo.approvedActivitiesTotal(m, project.id);
        const after = add(already, input.approvedBudget);
        if (compare(after, project.approvedBudget) > 0) {
          throw refused(
            'OVER_BUDGET',
            `Activities would be approved ${toMoneyString(after)} baht, above the project's ${toMoneyString(project.approvedBudget)}`,
            `งบกิจกรรมรวม ${toMoneyString(after)} บาท เกินงบโครงการที่อนุมัติ ${toMoneyString(project.approvedBudget)} บาท`,
            { remaining: toMoneyString(money(project.approvedBudget).minus(money(already))) },
          );
        }
      }
      return this.repo.insertActivity(
        m,
        {
          projectId: project.id,
          schoolId: project.schoolId,
          nameTh: input.nameTh,
          owner: input.owner ?? null,
          startDate: input.startDate ?? null,
          endDate: input.endDate ?? null,
          requestedBudget: input.requestedBudget,
          approvedBudget: input.approvedBudget ?? null,
        },
        actor.subject,
      );
    });
  }

  async evaluateActivity(viewer: MaybeViewer, id: string, raw: unknown): Promise<ActivityRow> {
    requireViewer(viewer);
    const input = parseInput(evaluationSchema, raw);
    return this.db.transaction(async (m) => {
      const [activity] = await this.repo.activitiesByIds([id], m);
      if (!activity) throw hiddenRecord();
      const placement = await requirePlacement(this.placements, m, activity.schoolId);
      const actor = assertSchoolFinanceStaff(viewer, placement);
      await this.repo.evaluate(
        m,
        'activity',
        id,
        { ...input, obstacles: input.obstacles ?? null },
        actor.subject,
      );
      return (await this.repo.activitiesByIds([id], m))[0]!;
    });
  }
}
