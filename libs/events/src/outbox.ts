import type { EntityManager } from 'typeorm';
import {
  buildEnvelope,
  type EventContract,
  type EventEnvelope,
  type EventMeta,
  type PayloadOf,
  subjectFor,
} from './envelope';

/**
 * Record an event in the outbox inside the caller's transaction: the event exists if and
 * only if the change committed. The relay publishes it later, on the row's subject
 * (`subjectFor`: per aggregate for state contracts).
 */
export async function enqueueEvent<C extends EventContract>(
  manager: EntityManager,
  contract: C,
  aggregateId: string,
  payload: PayloadOf<C>,
  meta: EventMeta = {},
): Promise<EventEnvelope<PayloadOf<C>>> {
  const envelope = buildEnvelope(contract, aggregateId, payload, meta);
  await manager.query(
    `INSERT INTO outbox_event (id, subject, aggregate_id, envelope, occurred_at) VALUES ($1, $2, $3, $4, $5)`,
    [
      envelope.id,
      subjectFor(contract, aggregateId),
      aggregateId,
      JSON.stringify(envelope),
      envelope.occurredAt,
    ],
  );
  return envelope;
}

/** Record many events of one contract with a single INSERT (bulk loads, demo data). */
export async function enqueueEvents<C extends EventContract>(
  manager: EntityManager,
  contract: C,
  items: Array<{ aggregateId: string; payload: PayloadOf<C>; meta?: EventMeta }>,
): Promise<number> {
  const chunk = 2000;
  for (let i = 0; i < items.length; i += chunk) {
    const envelopes = items
      .slice(i, i + chunk)
      .map((item) => buildEnvelope(contract, item.aggregateId, item.payload, item.meta));
    await manager.query(
      `INSERT INTO outbox_event (id, subject, aggregate_id, envelope, occurred_at)
       SELECT u.id, u.subject, u.aggregate_id, u.envelope, u.occurred_at
         FROM unnest($1::text[], $2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[]) WITH ORDINALITY
           AS u(subject, id, aggregate_id, envelope, occurred_at, n)
        ORDER BY u.n`,
      [
        envelopes.map((e) => subjectFor(contract, e.aggregateId)),
        envelopes.map((e) => e.id),
        envelopes.map((e) => e.aggregateId),
        envelopes.map((e) => JSON.stringify(e)),
        envelopes.map((e) => e.occurredAt),
      ],
    );
  }
  return items.length;
}
