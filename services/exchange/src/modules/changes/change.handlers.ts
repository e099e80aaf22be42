import {
  EnrollmentChanged,
  onBatch,
  SchoolUpserted,
  StudentChanged,
  type EventEnvelope,
  type HandlerRegistration,
} from '@smss/events';
import type { EntityManager } from 'typeorm';
import { ChangeRepository } from './change.repository';
import type { NewChange } from './change.types';

/**
 * The change feed is fed from the other subgraphs' outbox events (never from their tables): one row per
 * event, set-based per batch, in the consumer's transaction (so an event is in the feed exactly once).
 */
function appender<P>(toChange: (event: EventEnvelope<P>) => NewChange): {
  handle: (event: EventEnvelope<P>, manager: EntityManager) => Promise<void>;
  handleBatch: (events: readonly EventEnvelope<P>[], manager: EntityManager) => Promise<void>;
} {
  const append = async (events: readonly EventEnvelope<P>[], manager: EntityManager) => {
    await new ChangeRepository(manager.connection).append(manager, events.map(toChange));
  };
  return { handle: (event, manager) => append([event], manager), handleBatch: append };
}

export const recordChangeWhenEnrollmentChanged: HandlerRegistration = onBatch(
  EnrollmentChanged,
  appender((e) => ({
    eventId: e.id,
    entityType: 'STUDENT',
    entityId: e.payload.studentId,
    change: e.payload.change === 'LEFT' ? 'LEFT' : e.payload.change,
    schoolCode: e.payload.schoolCode,
    areaOfficeCode: e.payload.areaOfficeCode,
    occurredAt: e.occurredAt,
  })),
);

export const recordChangeWhenStudentChanged: HandlerRegistration = onBatch(
  StudentChanged,
  appender((e) => ({
    eventId: e.id,
    entityType: 'STUDENT',
    entityId: e.payload.studentId,
    change: e.payload.change,
    schoolCode: e.payload.schoolCode,
    areaOfficeCode: e.payload.areaOfficeCode,
    occurredAt: e.occurredAt,
  })),
);

export const recordChangeWhenSchoolUpserted: HandlerRegistration = onBatch(
  SchoolUpserted,
  appender((e) => ({
    eventId: e.id,
    entityType: 'SCHOOL',
    entityId: e.payload.id,
    change: 'UPSERTED',
    schoolCode: e.payload.obecCode,
    areaOfficeCode: e.payload.areaOfficeCode,
    occurredAt: e.occurredAt,
  })),
);
