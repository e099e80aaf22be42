import { money, sum, toMoneyString, add } from '@smss/money';
import type { FinanceContext } from '../context';
import type {
  ActivityRow,
  EvaluationColumns,
  ProjectRow,
  StrategyRow,
} from '../modules/action-plan/action-plan.repository';

const evaluation = (row: EvaluationColumns) =>
  row.evaluationOutcome
    ? {
        outcome: row.evaluationOutcome,
        result: row.evaluationResult,
        obstacles: row.evaluationObstacles,
        evaluatedBy: row.evaluatedBy,
        evaluatedAt: row.evaluatedAt?.toISOString(),
      }
    : null;

async function projectsOfPlan(plan: { schoolId: string; fiscalYear: number }, ctx: FinanceContext) {
  const strategies = await ctx.loaders.strategiesBySchoolYear.load(`${plan.schoolId}|${plan.fiscalYear}`);
  return (await Promise.all(strategies.map((s) => ctx.loaders.projectsByStrategy.load(s.id)))).flat();
}

export const ActionPlan = {
  strategies: (plan: { schoolId: string; fiscalYear: number }, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.strategiesBySchoolYear.load(`${plan.schoolId}|${plan.fiscalYear}`),
  requestedTotal: async (plan: { schoolId: string; fiscalYear: number }, _: unknown, ctx: FinanceContext) =>
    toMoneyString(sum((await projectsOfPlan(plan, ctx)).map((p) => p.requestedBudget))),
  approvedTotal: async (plan: { schoolId: string; fiscalYear: number }, _: unknown, ctx: FinanceContext) =>
    toMoneyString(sum((await projectsOfPlan(plan, ctx)).map((p) => p.approvedBudget ?? '0'))),
};

export const Strategy = {
  projects: (s: StrategyRow, _: unknown, ctx: FinanceContext) => ctx.loaders.projectsByStrategy.load(s.id),
};

export const Project = {
  /** For subgraphs that reference projects (ARS indicators): batched; scoped by the trust layer like `project(id:)`. */
  __resolveReference: (ref: { id: string }, ctx: FinanceContext) => ctx.loaders.project.load(ref.id),
  strategy: (p: ProjectRow, _: unknown, ctx: FinanceContext) => ctx.loaders.strategy.load(p.strategyId),
  moneySource: (p: ProjectRow, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.moneySource.load(p.moneySourceCode),
  status: (p: ProjectRow) =>
    p.evaluationOutcome ? 'EVALUATED' : p.approvedBudget != null ? 'APPROVED' : 'PROPOSED',
  spent: (p: ProjectRow, _: unknown, ctx: FinanceContext) => ctx.loaders.projectSpent.load(p.id),
  committed: (p: ProjectRow, _: unknown, ctx: FinanceContext) => ctx.loaders.projectCommitted.load(p.id),
  remaining: async (p: ProjectRow, _: unknown, ctx: FinanceContext) => {
    const [spent, committed] = await Promise.all([
      ctx.loaders.projectSpent.load(p.id),
      ctx.loaders.projectCommitted.load(p.id),
    ]);
    return toMoneyString(money(p.approvedBudget ?? '0').minus(add(spent, committed)));
  },
  activities: (p: ProjectRow, _: unknown, ctx: FinanceContext) => ctx.loaders.activitiesByProject.load(p.id),
  evaluation: (p: ProjectRow) => evaluation(p),
};

export const Activity = {
  evaluation: (a: ActivityRow) => evaluation(a),
};
