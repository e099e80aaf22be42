import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** A domain event waiting in the service's own database to be published (transactional outbox). */
export interface OutboxEventRow {
  id: string;
  seq: string;
  subject: string;
  aggregateId: string;
  envelope: Record<string, unknown>;
  occurredAt: Date;
  publishedAt: Date | null;
  attempts: number;
  lastError: string | null;
}

/** An event a durable consumer has handled, written in the same transaction as its effect. */
export interface InboxEventRow {
  consumer: string;
  eventId: string;
  subject: string;
  handledAt: Date;
}

export const OUTBOX_CHANNEL = 'outbox_event_inserted';

/** Shared migration: every service that publishes or consumes events runs it first. */
export class CreateOutboxAndInbox1732406400000 implements MigrationInterface {
  name = 'CreateOutboxAndInbox1732406400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_event (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL,
        subject text NOT NULL,
        aggregate_id text NOT NULL,
        envelope jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        published_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL`);
    await q.query(`
      CREATE FUNCTION notify_outbox_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('${OUTBOX_CHANNEL}', ''); RETURN NULL; END $$`);
    await q.query(`
      CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
      FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_event()`);
    await q.query(`
      CREATE TABLE inbox_event (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        subject text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inbox_event');
    await q.query('DROP TRIGGER outbox_event_notify ON outbox_event');
    await q.query('DROP FUNCTION notify_outbox_event');
    await q.query('DROP TABLE outbox_event');
  }
}
