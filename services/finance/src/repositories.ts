import type { DataSource } from 'typeorm';
import { ActionPlanRepository } from './modules/action-plan/action-plan.repository';
import { PlacementRepository } from './modules/directory/placement.repository';
import { LedgerRepository } from './modules/ledger/ledger.repository';
import { PaymentsRepository } from './modules/payments/payments.repository';
import { SubsidyRepository } from './modules/subsidy/subsidy.repository';

/** Finance's repositories, built first by the composition root (context.ts), then handed to loaders and services. */
export interface Repositories {
  placements: PlacementRepository;
  subsidy: SubsidyRepository;
  plans: ActionPlanRepository;
  payments: PaymentsRepository;
  ledger: LedgerRepository;
}

export function createRepositories(db: DataSource): Repositories {
  return {
    placements: new PlacementRepository(db),
    subsidy: new SubsidyRepository(db),
    plans: new ActionPlanRepository(db),
    payments: new PaymentsRepository(db),
    ledger: new LedgerRepository(db),
  };
}
