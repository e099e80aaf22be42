import { DecimalScalar } from '@smss/money';
import { Query } from './query';
import { Mutation } from './mutation';
import { JournalEntry, JournalLine, MoneySourceBalance, School, TrialBalanceRow } from './school';
import { AreaOffice, Province } from './area-office';
import { AllocationAdjustment, SubsidyAllocation, SubsidyRate } from './subsidy-allocation';
import { ActionPlan, Activity, Project, Strategy } from './action-plan';
import { MoneyReturn, PaymentVoucher, Receipt } from './payments';

export const resolvers = {
  Decimal: DecimalScalar,
  Query,
  Mutation,
  School,
  AreaOffice,
  Province,
  SubsidyAllocation,
  AllocationAdjustment,
  SubsidyRate,
  ActionPlan,
  Strategy,
  Project,
  Activity,
  Receipt,
  PaymentVoucher,
  MoneyReturn,
  MoneySourceBalance,
  JournalEntry,
  JournalLine,
  TrialBalanceRow,
};
