import {
  DmcSnapshotPublished,
  onBatch,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
  type HandlerRegistration,
} from '@smss/events';
import type { EntityManager } from 'typeorm';
import { computeStaffingNorm } from '@smss/thai';
import { StaffingRepository, type EnrolmentSnapshot } from '../modules/staffing/staffing.repository';

const enrolmentOf = (event: EventEnvelope<DmcSnapshotPublishedPayload>) => {
  const p = event.payload;
  const snapshot: EnrolmentSnapshot = {
    eventId: event.id,
    snapshotId: p.snapshotId,
    schoolId: p.schoolId,
    schoolCode: p.schoolCode,
    areaOfficeCode: p.areaOfficeCode,
    academicYear: p.academicYear,
    round: p.round,
    snapshotVersion: p.snapshotVersion,
    asOfDate: p.asOfDate,
    grades: p.grades,
  };
  const norm = computeStaffingNorm(
    p.grades.map((g) => ({ gradeLevel: g.gradeLevel, students: g.male + g.female })),
  );
  return { snapshot, norm };
};

const record = (events: Array<EventEnvelope<DmcSnapshotPublishedPayload>>, manager: EntityManager) =>
  new StaffingRepository(manager.connection).applySnapshots(manager, events.map(enrolmentOf));

/**
 * Schools' DMC snapshots arrived: compute each school's staffing norm and keep it if it is the
 * latest (later academic year, later round, or a higher version of the same round). Runs inside the
 * durable consumer's transaction with the inbox rows, so a redelivered event changes nothing. A
 * batch is applied set-based (`applySnapshots`: the same outcome per event as one after the other);
 * one event alone (a batch that failed, redone event by event) goes through the same statements.
 */
export const recordEnrolmentWhenDmcSnapshotPublished: HandlerRegistration = onBatch(DmcSnapshotPublished, {
  handle: async (event, manager) => {
    await record([event], manager);
  },
  handleBatch: async (events, manager) => {
    await record(events, manager);
  },
});
