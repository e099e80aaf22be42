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

/**
 * The event pipeline's recovery tables, added by `bootService` to every service after its own
 * migrations:
 * - outbox rows that fail to publish back off (`next_attempt_at`) and, after the relay's attempt
 *   cap, are set aside (`dead_at`, `last_error`) — the rows behind them keep flowing;
 * - the insert trigger notifies the relay only while a relay waits (`outbox_relay_state`): a busy
 *   relay needs no wake-up, and NOTIFY takes a cluster-wide lock at commit (measured: it cut small
 *   write transactions to a third). Still one statement-level trigger, at most one NOTIFY per
 *   statement; the relay's poll covers the instant between its last look and announcing it waits;
 * - `dead_letter_event`: events a consumer could not handle, with the envelope, last error and
 *   attempts, replayed on request (`npm run events -- replay`).
 */
export class CreateEventRecovery1764547200000 implements MigrationInterface {
  name = 'CreateEventRecovery1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE outbox_event ADD COLUMN next_attempt_at timestamptz, ADD COLUMN dead_at timestamptz`,
    );
    await q.query(`DROP INDEX outbox_event_unpublished`);
    await q.query(
      `CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL AND dead_at IS NULL`,
    );
    await q.query(`CREATE INDEX outbox_event_dead ON outbox_event (dead_at) WHERE dead_at IS NOT NULL`);
    // The relay's "earlier row of the same subject still unpublished?" for state subjects.
    await q.query(
      `CREATE INDEX outbox_event_pending_subject ON outbox_event (subject, seq)
        WHERE published_at IS NULL AND dead_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE outbox_relay_state (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        waiting boolean NOT NULL DEFAULT true
      )`);
    await q.query(`INSERT INTO outbox_relay_state DEFAULT VALUES`);
    await q.query(`
      CREATE OR REPLACE FUNCTION notify_outbox_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM outbox_relay_state WHERE waiting) THEN
          PERFORM pg_notify('${OUTBOX_CHANNEL}', '');
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER IF EXISTS outbox_event_notify ON outbox_event`);
    await q.query(`
      CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
      FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_event()`);
    await q.query(`
      CREATE TABLE dead_letter_event (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        subject text NOT NULL,
        envelope jsonb NOT NULL,
        last_error text NOT NULL,
        attempts int NOT NULL,
        first_failed_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        dead_at timestamptz,
        replay_requested_at timestamptz,
        replayed_at timestamptz,
        PRIMARY KEY (consumer, event_id)
      )`);
    await q.query(
      `CREATE INDEX dead_letter_event_open ON dead_letter_event (consumer) WHERE dead_at IS NOT NULL AND replayed_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX dead_letter_event_replay ON dead_letter_event (consumer, first_failed_at)
        WHERE replay_requested_at IS NOT NULL AND replayed_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dead_letter_event');
    await q.query(`
      CREATE OR REPLACE FUNCTION notify_outbox_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('${OUTBOX_CHANNEL}', ''); RETURN NULL; END $$`);
    await q.query('DROP TABLE outbox_relay_state');
    await q.query('DROP INDEX outbox_event_pending_subject');
    await q.query('DROP INDEX outbox_event_dead');
    await q.query('DROP INDEX outbox_event_unpublished');
    await q.query(`CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL`);
    await q.query('ALTER TABLE outbox_event DROP COLUMN next_attempt_at, DROP COLUMN dead_at');
  }
}

/** Migrations of the event pipeline that `bootService` adds after a service's own (which start with the outbox). */
export const EVENT_PIPELINE_MIGRATIONS = [CreateEventRecovery1764547200000];
