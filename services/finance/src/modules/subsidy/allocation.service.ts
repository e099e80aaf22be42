import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { fiscalYearOf } from '@smss/thai';
import {
  AllocationComputed,
  enqueueEvent,
  enqueueEvents,
  SUBSIDY_ITEMS,
  type AllocationComputedPayload,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
  type EventMeta,
  type SubsidyItemCode,
} from '@smss/events';
import { formatSatang, satangOf, subtract, toMoneyString, type Satang } from '@smss/money';
import {
  compileRates,
  computeAllocation,
  computeAllocationInSatang,
  type CompiledRate,
  type CompiledRates,
  type RateRow,
  type SatangAllocation,
} from './allocation.calculator';
import {
  allocationKey,
  type AdjustmentWrite,
  type AllocationHeader,
  type AllocationWrite,
  type ItemsWrite,
  type RateLine,
  type SubsidyRepository,
} from './subsidy.repository';

export type SnapshotOutcome =
  | { kind: 'ALLOCATED'; allocationId: string; total: string }
  | { kind: 'ADJUSTED'; allocationId: string; adjustmentId: string; previousTotal: string; total: string }
  | { kind: 'IGNORED_NOT_NEWER'; allocationId: string; currentVersion: number };

type SnapshotEvent = EventEnvelope<DmcSnapshotPublishedPayload>;

/**
 * Turns DMC snapshot events into the schools' allocations for their rounds, inside the consumer's
 * transaction (the same one that records the events in the inbox):
 * - the first snapshot of a school and round creates the allocation;
 * - a corrected snapshot (higher `snapshotVersion`) replaces it and writes one adjustment row
 *   with the per-item differences (the audit trail);
 * - the same or an older version changes nothing (a republished or late event never doubles or
 *   rolls back an allocation, even outside the inbox's reach);
 * and emits `finance.allocation.computed.v1` through the outbox whenever something changed.
 *
 * Two paths with the same outcome, row for row (test/allocation.batch-equivalence.test.ts):
 * `AllocationBatch.apply` (below) for a consumer batch (rates read once, integer satang, one
 * statement per table) and `applySnapshot` here for one event in its own transaction (decimal.js;
 * the batch consumer's fallback when a batch fails, so only the bad event is retried).
 */
export class AllocationService {
  constructor(private readonly repo: SubsidyRepository) {}

  async applySnapshot(
    manager: EntityManager,
    event: EventEnvelope<DmcSnapshotPublishedPayload>,
  ): Promise<SnapshotOutcome> {
    const p = event.payload;
    await this.repo.recordSnapshot(manager, p, event.id);
    const current = await this.repo.lockAllocation(manager, p.schoolId, p.roundId);
    if (current && current.snapshotVersion >= p.snapshotVersion) {
      return { kind: 'IGNORED_NOT_NEWER', allocationId: current.id, currentVersion: current.snapshotVersion };
    }
    const fiscalYear = fiscalYearOf(p.asOfDate);
    const rates = await this.repo.effectiveRates(fiscalYear, manager);
    const computed = computeAllocation(p, rates);

    let allocationId: string;
    let adjustmentId: string | null = null;
    if (!current) {
      allocationId = await this.repo.insertAllocation(manager, p, fiscalYear, computed.total);
    } else {
      allocationId = current.id;
      const before = await this.repo.itemAmounts(manager, allocationId);
      const after = new Map(computed.items.map((i) => [i.item, i.amount]));
      const items = SUBSIDY_ITEMS.filter((item) => before.has(item) || after.has(item)).map((item) => {
        const previousAmount = toMoneyString(before.get(item) ?? '0');
        const newAmount = after.get(item) ?? '0.00';
        return { item, previousAmount, newAmount, delta: toMoneyString(subtract(newAmount, previousAmount)) };
      });
      adjustmentId = await this.repo.insertAdjustment(manager, {
        allocationId,
        current,
        p,
        fiscalYear,
        newTotal: computed.total,
        delta: toMoneyString(subtract(computed.total, current.total)),
        eventId: event.id,
        items,
      });
      await this.repo.updateAllocation(manager, allocationId, p, fiscalYear, computed.total);
    }
    await this.repo.insertItemsAndLines(manager, allocationId, p, fiscalYear, computed);
    await enqueueEvent(
      manager,
      AllocationComputed,
      allocationId,
      {
        allocationId,
        schoolId: p.schoolId,
        schoolCode: p.schoolCode,
        areaOfficeCode: p.areaOfficeCode,
        provinceCode: p.provinceCode,
        roundId: p.roundId,
        academicYear: p.academicYear,
        round: p.round,
        fiscalYear,
        snapshotId: p.snapshotId,
        snapshotVersion: p.snapshotVersion,
        items: computed.items,
        total: computed.total,
        previousTotal: current ? toMoneyString(current.total) : null,
        adjustmentId,
      },
      { correlationId: event.correlationId, causationId: event.id },
    );
    return adjustmentId
      ? {
          kind: 'ADJUSTED',
          allocationId,
          adjustmentId,
          previousTotal: toMoneyString(current!.total),
          total: computed.total,
        }
      : { kind: 'ALLOCATED', allocationId, total: computed.total };
  }
}

/** Where one school's allocation for one round stands while a batch is planned. */
interface AllocationState {
  snapshotVersion: number;
  totalSatang: Satang;
  items: ReadonlyMap<SubsidyItemCode, Satang>;
}

/** One event of a batch that changes an allocation (a later version than the one before it). */
interface Step {
  event: SnapshotEvent;
  fiscalYear: number;
  computed: SatangAllocation;
}

/** The events of one school and round in a batch, and what they do to its allocation. */
interface KeyPlan {
  events: SnapshotEvent[];
  current: AllocationHeader | null;
  /** The allocation's id: the current row's, or a new one. */
  id: string;
  steps: Step[];
}

/**
 * The batch path: what `applySnapshot` would do to these events one after the other, in stream
 * order, computed together and written with one statement per table. A key's events apply in order
 * while each carries a higher version than the last applied: the first on a new key allocates, every
 * later one writes an adjustment from the state before it; an equal or older version changes nothing.
 * New allocations are claimed by the unique key (`ON CONFLICT DO NOTHING`, no advisory lock), existing
 * ones are locked (`FOR UPDATE`) and planned from their current state.
 */
export class AllocationBatch {
  private readonly compiled = new Map<string, CompiledRates>();

  private constructor(
    private readonly repo: SubsidyRepository,
    private readonly manager: EntityManager,
    private readonly rates: readonly RateRow[],
    private readonly fiscalYears: ReadonlyMap<string, number>,
  ) {}

  /** Apply the snapshot events of one consumer batch (new events only, in stream order). */
  static async apply(
    repo: SubsidyRepository,
    manager: EntityManager,
    events: readonly SnapshotEvent[],
  ): Promise<{ allocated: number; adjusted: number; ignored: number }> {
    if (events.length === 0) return { allocated: 0, adjusted: 0, ignored: 0 };
    await repo.recordSnapshots(
      manager,
      events.map((e) => ({ p: e.payload, eventId: e.id })),
    );
    // A round's events share their date: the fiscal year is worked out once per date.
    const fiscalYears = new Map<string, number>();
    for (const e of events) {
      const date = e.payload.asOfDate;
      if (!fiscalYears.has(date)) fiscalYears.set(date, fiscalYearOf(date));
    }
    const rates = await repo.ratesUpTo(Math.max(...fiscalYears.values()), manager);
    return new AllocationBatch(repo, manager, rates, fiscalYears).run(events);
  }

  private ratesFor(fiscalYear: number, round: DmcSnapshotPublishedPayload['round']): CompiledRates {
    const key = `${fiscalYear}|${round}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = compileRates(this.rates, fiscalYear, round);
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  private plan(events: SnapshotEvent[], current: AllocationHeader | null): KeyPlan {
    const steps: Step[] = [];
    let version = current?.snapshotVersion ?? 0;
    for (const event of events) {
      const p = event.payload;
      if (p.snapshotVersion <= version) continue;
      version = p.snapshotVersion;
      const fiscalYear = this.fiscalYears.get(p.asOfDate)!;
      steps.push({
        event,
        fiscalYear,
        computed: computeAllocationInSatang(p, this.ratesFor(fiscalYear, p.round)),
      });
    }
    return { events, current, id: current?.id ?? randomUUID(), steps };
  }

  private async run(events: readonly SnapshotEvent[]) {
    const byKey = new Map<string, SnapshotEvent[]>();
    for (const e of events) {
      const key = allocationKey(e.payload.schoolId, e.payload.roundId);
      const list = byKey.get(key);
      if (list) list.push(e);
      else byKey.set(key, [e]);
    }
    const keyOf = (k: string) => {
      const [schoolId, roundId] = k.split('|') as [string, string];
      return { schoolId, roundId };
    };
    // 1. Claim every key as a first allocation (planned as if none existed), in key order; a key
    //    that exists is left alone by the unique key. 2. Lock the ones that exist, in key order, and
    //    plan them from their current state. Waits on an uncommitted insert always happen in step 1,
    //    row locks in step 2, each in key order: concurrent batches wait for each other, never deadlock.
    const plans = new Map<string, KeyPlan>();
    for (const [key, list] of byKey) plans.set(key, this.plan(list, null));
    const won = await this.repo.insertAllocations(
      this.manager,
      [...plans.values()].map((p) => header(p.id, p.steps[p.steps.length - 1]!)),
    );
    const existing = [...plans.entries()].filter(([, p]) => !won.has(p.id)).map(([key]) => key);
    const current = await this.repo.lockAllocations(this.manager, existing.map(keyOf));
    for (const key of existing) {
      const row = current.get(key);
      if (!row) throw new Error(`allocation ${key} neither inserted nor found`);
      plans.set(key, this.plan(byKey.get(key)!, row));
    }

    const changed = [...plans.values()].filter((p) => p.steps.length);
    const before = await this.repo.itemAmountsOf(
      this.manager,
      changed.filter((p) => p.current).map((p) => p.id),
    );
    const updates: AllocationWrite[] = [];
    const finals: Array<{ id: string; step: Step }> = [];
    const adjustments: AdjustmentWrite[] = [];
    const outbox: Array<{ aggregateId: string; payload: AllocationComputedPayload; meta: EventMeta }> = [];
    let allocated = 0;
    for (const plan of changed) {
      let state: AllocationState | null = plan.current
        ? {
            snapshotVersion: plan.current.snapshotVersion,
            totalSatang: satangOf(plan.current.total),
            items: new Map(
              [...(before.get(plan.id) ?? new Map<SubsidyItemCode, string>())].map(([item, amount]) => [
                item,
                satangOf(amount),
              ]),
            ),
          }
        : null;
      if (!state) allocated += 1;
      for (const step of plan.steps) {
        const p = step.event.payload;
        const adjustmentId = state ? randomUUID() : null;
        if (state) {
          adjustments.push({
            id: adjustmentId!,
            allocationId: plan.id,
            p,
            fiscalYear: step.fiscalYear,
            fromSnapshotVersion: state.snapshotVersion,
            previousTotal: formatSatang(state.totalSatang),
            newTotal: step.computed.total,
            delta: formatSatang(step.computed.totalSatang - state.totalSatang),
            eventId: step.event.id,
            items: itemDifferences(state.items, step.computed.itemSatang),
          });
        }
        outbox.push({
          aggregateId: plan.id,
          payload: {
            allocationId: plan.id,
            schoolId: p.schoolId,
            schoolCode: p.schoolCode,
            areaOfficeCode: p.areaOfficeCode,
            provinceCode: p.provinceCode,
            roundId: p.roundId,
            academicYear: p.academicYear,
            round: p.round,
            fiscalYear: step.fiscalYear,
            snapshotId: p.snapshotId,
            snapshotVersion: p.snapshotVersion,
            items: step.computed.items,
            total: step.computed.total,
            previousTotal: state ? formatSatang(state.totalSatang) : null,
            adjustmentId,
          },
          meta: { correlationId: step.event.correlationId, causationId: step.event.id },
        });
        state = {
          snapshotVersion: p.snapshotVersion,
          totalSatang: step.computed.totalSatang,
          items: step.computed.itemSatang,
        };
      }
      const last = plan.steps[plan.steps.length - 1]!;
      if (plan.current) updates.push(header(plan.id, last));
      finals.push({ id: plan.id, step: last });
    }
    // The rate lines the final allocations use: each compiled rate once, stored by value.
    const usedRates = new Set<CompiledRate>();
    for (const { step } of finals) for (const l of step.computed.lines) usedRates.add(l.rate);
    const used = [...usedRates];
    const ids = await this.repo.rateLineIds(this.manager, used.map(rateLineOf));
    const idOf = new Map(used.map((rate, i) => [rate, ids[i]!]));
    const items: ItemsWrite[] = finals.map(({ id, step }) => ({
      allocationId: id,
      p: step.event.payload,
      fiscalYear: step.fiscalYear,
      items: step.computed.items,
      lines: step.computed.lines.map((l) => ({
        item: l.rate.item,
        rateLineId: idOf.get(l.rate)!,
        students: l.students,
      })),
    }));
    await this.repo.updateAllocations(this.manager, updates);
    await this.repo.insertItems(this.manager, items);
    await this.repo.insertAdjustments(this.manager, adjustments);
    await enqueueEvents(this.manager, AllocationComputed, outbox);
    return {
      allocated,
      adjusted: adjustments.length,
      ignored: events.length - allocated - adjustments.length,
    };
  }
}

const rateLineOf = (rate: CompiledRate): RateLine => ({
  item: rate.item,
  gradeLevel: rate.gradeLevel,
  level: rate.level,
  ratePerYear: rate.ratePerYear,
  rateFiscalYear: rate.rate.fiscalYear,
  rateAppliesTo: rate.rate.appliesTo,
  rateVerified: rate.rate.verified,
  ratePerRound: rate.ratePerRound,
});

const header = (id: string, step: Step): AllocationWrite => ({
  id,
  p: step.event.payload,
  fiscalYear: step.fiscalYear,
  total: step.computed.total,
});

/** Per item, what it was and what it becomes (an item absent on one side counts as 0.00). */
function itemDifferences(
  before: ReadonlyMap<SubsidyItemCode, Satang>,
  after: ReadonlyMap<SubsidyItemCode, Satang>,
): AdjustmentWrite['items'] {
  return SUBSIDY_ITEMS.filter((item) => before.has(item) || after.has(item)).map((item) => {
    const previous = before.get(item) ?? 0;
    const next = after.get(item) ?? 0;
    return {
      item,
      previousAmount: formatSatang(previous),
      newAmount: formatSatang(next),
      delta: formatSatang(next - previous),
    };
  });
}
