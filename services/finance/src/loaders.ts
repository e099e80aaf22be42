import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { SchoolPlacement } from './modules/common/policy';
import type { Repositories } from './repositories';

const keyed = <T>(load: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) =>
  new DataLoader<string, T | null>(async (keys) => {
    const map = new Map((await load(keys)).map((r) => [keyOf(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  });

const grouped = <T>(load: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) =>
  new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<string, T[]>();
    for (const row of await load(keys)) {
      const k = keyOf(row);
      const list = groups.get(k);
      if (list) list.push(row);
      else groups.set(k, [row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });

const fromMap = (load: (keys: readonly string[]) => Promise<Map<string, string>>) =>
  new DataLoader<string, string>(async (keys) => {
    const map = await load(keys);
    return keys.map((k) => map.get(k) ?? '0.00');
  });

/**
 * Per-request loaders: each parent-to-child hop is one SQL statement per kind, however many
 * parents (and the gateway's `_entities` batches go through the same loaders).
 */
export function createLoaders(db: DataSource, r: Repositories) {
  const all = <T>(sql: string, keyOf: (row: T) => string) =>
    new DataLoader<string, T | null>(async (keys) => {
      const map = new Map(((await db.query(sql)) as T[]).map((row) => [keyOf(row), row]));
      return keys.map((k) => map.get(k) ?? null);
    });
  return {
    placement: keyed<SchoolPlacement>(
      (ids) => r.placements.byIds(ids),
      (p) => p.schoolId,
    ),
    allocationItems: grouped(
      (keys) => r.subsidy.allocationItems(keys),
      (row) => `${row.schoolId}|${row.fiscalYear}`,
    ),
    allocationLines: grouped(
      (keys) => r.subsidy.lines(keys),
      (row) => `${row.allocationId}|${row.item}`,
    ),
    adjustments: grouped(
      (keys) => r.subsidy.adjustments(keys),
      (row) => `${row.schoolId}|${row.fiscalYear}`,
    ),
    adjustmentItems: grouped(
      (ids) => r.subsidy.adjustmentItems(ids),
      (row) => row.adjustmentId,
    ),
    areaSummary: keyed(
      (keys) => r.subsidy.summaries('area_office_code', keys),
      (row) => row.key,
    ),
    provinceSummary: keyed(
      (keys) => r.subsidy.summaries('province_code', keys),
      (row) => row.key,
    ),
    strategiesBySchoolYear: grouped(
      (keys) => r.plans.strategiesBySchoolYear(keys),
      (row) => `${row.schoolId}|${row.fiscalYear}`,
    ),
    strategy: keyed(
      (ids) => r.plans.strategiesByIds(ids),
      (row) => row.id,
    ),
    projectsByStrategy: grouped(
      (ids) => r.plans.projectsByStrategies(ids),
      (row) => row.strategyId,
    ),
    project: keyed(
      (ids) => r.plans.projectsByIds(ids),
      (row) => row.id,
    ),
    activitiesByProject: grouped(
      (ids) => r.plans.activitiesByProjects(ids),
      (row) => row.projectId,
    ),
    activity: keyed(
      (ids) => r.plans.activitiesByIds(ids),
      (row) => row.id,
    ),
    projectSpent: fromMap((ids) => r.ledger.spentByProjects(ids)),
    projectCommitted: fromMap((ids) => r.payments.committedByProjects(ids)),
    voucher: keyed(
      (ids) => r.payments.vouchersByIds(ids),
      (row) => row.id,
    ),
    voucherLines: grouped(
      (ids) => r.payments.voucherLines(ids),
      (row) => row.voucherId,
    ),
    journalLines: grouped(
      (ids) => r.ledger.linesOfEntries(ids),
      (row) => row.entryId,
    ),
    moneySource: all<{ code: string; nameTh: string; nameEn: string; kind: string }>(
      `SELECT code, name_th AS "nameTh", name_en AS "nameEn", kind FROM money_source ORDER BY sort_order`,
      (row) => row.code,
    ),
    ledgerAccount: all<{ code: string; nameTh: string; nameEn: string; type: string }>(
      `SELECT code, name_th AS "nameTh", name_en AS "nameEn", type FROM ledger_account`,
      (row) => row.code,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
