import type { EntityManager } from 'typeorm';
import { fiscalYearOf } from '@smss/thai';
import {
  AllocationComputed,
  enqueueEvent,
  SUBSIDY_ITEMS,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
} from '@smss/events';
import { subtract, toMoneyString } from '@smss/money';
import { computeAllocation } from './allocation.calculator';
import type { SubsidyRepository } from './subsidy.repository';

export type SnapshotOutcome =
  | { kind: 'ALLOCATED'; allocationId: string; total: string }
  | { kind: 'ADJUSTED'; allocationId: string; adjustmentId: string; previousTotal: string; total: string }
  | { kind: 'IGNORED_NOT_NEWER'; allocationId: string; currentVersion: number };

/**
 * Turns a DMC snapshot event into the school's allocation for that round, inside the consumer's
 * transaction (the same one that records the event in the inbox):
 * - the first snapshot of a school and round creates the allocation;
 * - a corrected snapshot (higher `snapshotVersion`) replaces it and writes one adjustment row
 *   with the per-item differences (the audit trail);
 * - the same or an older version changes nothing (a republished or late event never doubles or
 *   rolls back an allocation, even outside the inbox's reach);
 * and emits `finance.allocation.computed.v1` through the outbox whenever something changed.
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
