import type { DataSource } from 'typeorm';
import type { RequestContext } from '@smss/service-kit';
import { ActionPlanService } from './modules/action-plan/action-plan.service';
import { MoneyInService } from './modules/payments/money-in.service';
import { VoucherService } from './modules/payments/voucher.service';
import { ReportService } from './modules/reports/report.service';
import { SubsidyRateService } from './modules/subsidy/subsidy-rate.service';
import { createLoaders, type Loaders } from './loaders';
import { createRepositories, type Repositories } from './repositories';

export interface Services {
  actionPlan: ActionPlanService;
  vouchers: VoucherService;
  moneyIn: MoneyInService;
  rates: SubsidyRateService;
  reports: ReportService;
}

export interface FinanceContext extends RequestContext {
  repos: Repositories;
  loaders: Loaders;
  services: Services;
}

export function createServices(db: DataSource, r: Repositories): Services {
  return {
    actionPlan: new ActionPlanService(db, r.plans, r.placements, r.ledger, r.payments),
    vouchers: new VoucherService(db, r.payments, r.plans, r.ledger, r.placements),
    moneyIn: new MoneyInService(db, r.payments, r.ledger, r.placements),
    rates: new SubsidyRateService(db, r.subsidy),
    reports: new ReportService(r.plans, r.ledger, r.payments, r.subsidy, r.placements),
  };
}

export function buildFinanceContext(base: RequestContext, db: DataSource): FinanceContext {
  const repos = createRepositories(db);
  return {
    ...base,
    repos,
    loaders: createLoaders(db, repos),
    services: createServices(db, repos),
  };
}
