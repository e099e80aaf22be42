import type { GraphQLSchema } from 'graphql';
import { costDirectivesFrom, DEFAULT_LIMITS, measureOperation } from '@smss/service-kit';
import { costLimitedPieces, schemaFromSdlFile, tokenFor, trustReader } from '@smss/testing';
import { syntheticNationalId } from '@smss/thai';
import { readTrustModel, type TrustModel } from '@smss/trust';
import { SCHEMA_PATH, typeDefs } from '../src/server';
import {
  addSchool,
  grade,
  M,
  ok,
  publishSnapshot,
  snapshotFor,
  waitForInbox,
  type FinanceHarness,
  type TestSchool,
} from './support';

/*
 * Fixtures for the generated trust tests (matrix, audit completeness): a small world of schools with one
 * record of every finance type each, carrying synthetic personal values the tests look for in responses,
 * and what the matrix helpers of @smss/testing need to know of this subgraph (its schema, trust model,
 * arguments and cost limit).
 */

export const schema: GraphQLSchema = schemaFromSdlFile(SCHEMA_PATH);
export const model: TrustModel = readTrustModel(schema);
/** Which types are records (owned by a school, area office or partner) and which fields personal. */
export const reader = trustReader(model);

/** One school's finance records and the raw personal values they hold. */
export interface SchoolWorld {
  school: TestSchool;
  projectId: string;
  activityId: string;
  personVoucherId: string;
  companyVoucherId: string;
  /** Raw personal values (names, tax IDs) that must never leave masked-out or out of scope. */
  raw: {
    projectOwner: string;
    activityOwner: string;
    receiptPayer: string;
    payeeName: string;
    payeeTaxId: string;
  };
  /** A company payee: readable to everyone who sees the voucher (its tax ID proves a juristic person). */
  company: { name: string; taxId: string };
}

export const rawValues = (w: SchoolWorld): string[] => Object.values(w.raw);

const RETURN = `mutation($i: RecordMoneyReturnedInput!) { recordMoneyReturned(input: $i) { id } }`;
const ACTIVITY = `mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }`;
const EVALUATE = `mutation($id: ID!, $i: EvaluationInput!) { evaluateProject(id: $id, input: $i) { id } }`;
const EVALUATE_ACTIVITY = `mutation($id: ID!, $i: EvaluationInput!) { evaluateActivity(id: $id, input: $i) { id } }`;

/**
 * A school with a record of every finance type: strategy, approved project with an activity (both
 * evaluated), a receipt, a person-payee voucher (approved: ledger entries), a company-payee voucher
 * (pending), a refund (money returned), per-head allocations from a DMC snapshot and the adjustment a
 * corrected snapshot makes.
 */
export async function schoolWorld(
  h: FinanceHarness,
  tag: string,
  seed: number,
  areaOfficeCode: string,
): Promise<SchoolWorld> {
  const school = await addSchool(h, { areaOfficeCode });
  const staff = await tokenFor('school-staff', school.obecCode);
  const director = await tokenFor('school-director', school.obecCode);
  const raw = {
    projectOwner: `ครูผู้รับผิดชอบ${tag}`,
    activityOwner: `ครูกิจกรรม${tag}`,
    receiptPayer: `ผู้ปกครองบริจาค${tag}`,
    payeeName: `นายผู้รับเงิน${tag}`,
    payeeTaxId: syntheticNationalId(seed),
  };
  const company = { name: `บริษัทศึกษาภัณฑ์${tag} จำกัด`, taxId: '0105536000011' };
  const strategy = ok(
    await h.q(
      M.strategy,
      { i: { schoolId: school.id, fiscalYear: 2569, code: 'S1', nameTh: `กลยุทธ์${tag}` } },
      staff,
    ),
  ).createStrategy;
  const project = ok(
    await h.q(
      M.project,
      {
        i: {
          strategyId: strategy.id,
          code: 'P1',
          nameTh: `โครงการ${tag}`,
          owner: raw.projectOwner,
          startDate: '2025-10-01',
          endDate: '2026-09-30',
          moneySourceCode: 'PER_HEAD_SUBSIDY',
          requestedBudget: '50000.00',
        },
      },
      staff,
    ),
  ).createProject;
  ok(await h.q(M.approveProject, { id: project.id, b: '50000.00' }, director));
  const activity = ok(
    await h.q(
      ACTIVITY,
      {
        i: {
          projectId: project.id,
          nameTh: `กิจกรรม${tag}`,
          owner: raw.activityOwner,
          requestedBudget: '1000.00',
        },
      },
      staff,
    ),
  ).createActivity;
  ok(
    await h.q(
      M.receipt,
      {
        i: {
          schoolId: school.id,
          date: '2025-10-15',
          moneySourceCode: 'PER_HEAD_SUBSIDY',
          amount: '100000.00',
          payer: raw.receiptPayer,
          description: 'เงินบริจาค',
        },
      },
      staff,
    ),
  );
  const voucher = (payee: Record<string, unknown>, amount: string) =>
    h.q(
      M.voucher,
      {
        i: {
          schoolId: school.id,
          date: '2025-11-20',
          projectId: project.id,
          activityId: activity.id,
          payee,
          description: 'ค่าวิทยากร',
          lines: [{ description: 'ค่าตอบแทน', amount }],
          withholdingTaxPercent: '3.00',
        },
      },
      staff,
    );
  const personVoucherId = ok(
    await voucher({ kind: 'PERSON', name: raw.payeeName, taxId: raw.payeeTaxId }, '1200.00'),
  ).createPaymentVoucher.id;
  ok(await h.q(M.approveVoucher, { id: personVoucherId }, director));
  const companyVoucherId = ok(await voucher({ kind: 'ORGANISATION', ...company }, '800.00'))
    .createPaymentVoucher.id;
  ok(
    await h.q(
      RETURN,
      {
        i: {
          schoolId: school.id,
          date: '2025-12-20',
          kind: 'REFUND_FROM_PAYEE',
          moneySourceCode: 'PER_HEAD_SUBSIDY',
          amount: '100.00',
          reason: 'คืนเงินส่วนเกิน',
          voucherId: personVoucherId,
        },
      },
      staff,
    ),
  );
  const evaluation = { outcome: 'ACHIEVED', result: 'บรรลุเป้าหมาย', obstacles: 'ไม่มี' };
  ok(await h.q(EVALUATE, { id: project.id, i: evaluation }, staff));
  ok(await h.q(EVALUATE_ACTIVITY, { id: activity.id, i: evaluation }, staff));
  const first = snapshotFor(school);
  await waitForInbox(h, (await publishSnapshot(h, first)).id);
  const corrected = snapshotFor(school, {
    roundId: first.roundId,
    snapshotVersion: 2,
    grades: [grade('P1', 14, 9, 6), grade('M1', 9, 6, 3)],
  });
  await waitForInbox(h, (await publishSnapshot(h, corrected)).id);
  return {
    school,
    projectId: project.id,
    activityId: activity.id,
    personVoucherId,
    companyVoucherId,
    raw,
    company,
  };
}

// ---- generated selections ---------------------------------------------------------------------

/** Arguments of the fields that need them, for `selectionTree(schema, type, depth, ARGS)`. */
export const ARGS: Record<string, string> = {
  'School.allocations': '(fiscalYear: 2569)',
  'School.allocationAdjustments': '(fiscalYear: 2569)',
  'School.actionPlan': '(fiscalYear: 2569)',
  'School.receipts': '(fiscalYear: 2569, first: 5)',
  'School.paymentVouchers': '(fiscalYear: 2569, first: 5)',
  'School.moneySourceBalances': '(fiscalYear: 2569)',
  'School.journal': '(fiscalYear: 2569, first: 5)',
  'School.trialBalance': '(fiscalYear: 2569)',
  'AreaOffice.allocationSummary': '(fiscalYear: 2569)',
  'Province.allocationSummary': '(fiscalYear: 2569)',
};

/** A type's selection tree in pieces the platform's cost limit (the same the subgraph applies) accepts. */
export const piecesUnderCost = costLimitedPieces(
  schema,
  ARGS,
  DEFAULT_LIMITS,
  costDirectivesFrom(typeDefs),
  measureOperation,
);
