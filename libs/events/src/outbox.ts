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

/** Anything that runs SQL: a TypeORM DataSource or EntityManager, or a plain `pg` client. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** Record many events of one contract with a single INSERT per 2,000 (bulk loads, demo data, batches). */
export async function enqueueEvents<C extends EventContract>(
  manager: SqlRunner,
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

/**
 * Set-based: one event per row that `rows` selects (SQL with the columns `aggregate_id` and `payload`,
 * a jsonb object; `$1…` refer to `params`), written by one `INSERT INTO outbox_event … SELECT`, in
 * `aggregate_id` order: no row comes back to the service. The envelope is the one `buildEnvelope`
 * makes. The payload is not parsed against the contract here: build it from constrained columns and
 * parse what a test writes with the contract. Only for contracts with one subject (not last value per
 * aggregate, whose subject token `subjectFor` checks). Returns how many events it wrote.
 */
export async function enqueueEventsFromSql(
  runner: SqlRunner,
  contract: EventContract,
  rows: string,
  params: unknown[] = [],
  meta: Pick<EventMeta, 'correlationId' | 'occurredAt'> = {},
): Promise<number> {
  if (contract.lastValuePerAggregate)
    throw new Error(`${contract.subject} has a subject per aggregate: use enqueueEvents`);
  const n = params.length;
  const result = (await runner.query(
    `WITH written AS (
       INSERT INTO outbox_event (id, subject, aggregate_id, envelope, occurred_at)
       SELECT ev.id, $${n + 1}, ev.aggregate_id,
              jsonb_build_object('id', ev.id, 'type', $${n + 1}::text, 'aggregateId', ev.aggregate_id,
                                 'occurredAt', $${n + 2}::text, 'correlationId', coalesce($${n + 3}::text, ev.id::text),
                                 'causationId', NULL, 'payload', ev.payload),
              $${n + 2}::timestamptz
         FROM (SELECT gen_random_uuid() AS id, src.aggregate_id::text AS aggregate_id, src.payload
                 FROM (${rows}) src ORDER BY src.aggregate_id OFFSET 0) ev
       RETURNING 1)
     SELECT count(*)::int AS n FROM written`,
    [...params, contract.subject, (meta.occurredAt ?? new Date()).toISOString(), meta.correlationId ?? null],
  )) as Array<{ n: number }> | { rows: Array<{ n: number }> };
  return (Array.isArray(result) ? result : result.rows)[0]?.n ?? 0;
}
