import { returnedRows } from '@smss/db';
import { stateSubjectPatterns } from './envelope';
import './contracts';
import type { SqlRunner } from './outbox';

/** A row of `dead_letter_event`: an event a consumer could not handle, with why and how often. */
export interface DeadLetter {
  consumer: string;
  eventId: string;
  subject: string;
  envelope: Record<string, unknown>;
  lastError: string;
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  /** Set once the event was given up on (terminated on the stream); null while it is still retried. */
  deadAt: Date | null;
  replayRequestedAt: Date | null;
  replayedAt: Date | null;
}

interface DeadLetterRecord {
  consumer: string;
  event_id: string;
  subject: string;
  envelope: Record<string, unknown>;
  last_error: string;
  attempts: number;
  first_failed_at: Date;
  last_failed_at: Date;
  dead_at: Date | null;
  replay_requested_at: Date | null;
  replayed_at: Date | null;
}

const toDeadLetter = (r: DeadLetterRecord): DeadLetter => ({
  consumer: r.consumer,
  eventId: r.event_id,
  subject: r.subject,
  envelope: r.envelope,
  lastError: r.last_error,
  attempts: r.attempts,
  firstFailedAt: r.first_failed_at,
  lastFailedAt: r.last_failed_at,
  deadAt: r.dead_at,
  replayRequestedAt: r.replay_requested_at,
  replayedAt: r.replayed_at,
});

export const errorText = (error: unknown): string =>
  String((error as Error)?.stack ?? (error as Error)?.message ?? error).slice(0, 2000);

/**
 * Record a failed attempt (in its own transaction: the handler's was rolled back). `dead` marks
 * the event as given up on; a retried event keeps its row until it succeeds (the consumer then
 * deletes it), so operators also see what is failing right now.
 */
export async function recordEventFailure(
  sql: SqlRunner,
  failure: {
    consumer: string;
    eventId: string;
    subject: string;
    envelope: unknown;
    error: unknown;
    attempts: number;
    dead: boolean;
  },
): Promise<void> {
  await sql.query(
    `INSERT INTO dead_letter_event (consumer, event_id, subject, envelope, last_error, attempts, dead_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::boolean THEN now() END)
     ON CONFLICT (consumer, event_id) DO UPDATE SET
       last_error = EXCLUDED.last_error,
       attempts = GREATEST(dead_letter_event.attempts + 1, EXCLUDED.attempts),
       last_failed_at = now(),
       dead_at = COALESCE(EXCLUDED.dead_at, dead_letter_event.dead_at),
       replay_requested_at = NULL`,
    [
      failure.consumer,
      failure.eventId,
      failure.subject,
      JSON.stringify(failure.envelope),
      errorText(failure.error),
      failure.attempts,
      failure.dead,
    ],
  );
}

export interface DeadLetterFilter {
  /** An event id, or a subject (a contract subject also selects its per-aggregate subjects). */
  target?: string;
  consumer?: string;
  /** Include replayed rows and rows still being retried (default: dead, not yet replayed). */
  all?: boolean;
  limit?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function where(filter: DeadLetterFilter): { clause: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  if (!filter.all) parts.push('dead_at IS NOT NULL AND replayed_at IS NULL');
  if (filter.consumer) {
    params.push(filter.consumer);
    parts.push(`consumer = $${params.length}`);
  }
  if (filter.target && UUID.test(filter.target)) {
    params.push(filter.target.toLowerCase());
    parts.push(`event_id = $${params.length}::uuid`);
  } else if (filter.target) {
    params.push(filter.target);
    parts.push(
      `(subject = $${params.length} OR starts_with(subject, $${params.length} || '.') OR envelope->>'type' = $${params.length})`,
    );
  }
  return { clause: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export async function listDeadLetters(sql: SqlRunner, filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
  const { clause, params } = where(filter);
  const rows: DeadLetterRecord[] = await sql.query(
    `SELECT * FROM dead_letter_event ${clause} ORDER BY last_failed_at DESC LIMIT ${Math.max(1, Math.min(filter.limit ?? 100, 10_000))}`,
    params,
  );
  return rows.map(toDeadLetter);
}

/**
 * Ask for dead-lettered events to be replayed: the running consumer that dead-lettered each one
 * picks it up (`DurableConsumer` polls for requests), runs it through the same handler and inbox
 * in one transaction and marks it replayed — so a replay applies at most once, however often it
 * is requested and however many replicas of the service run. Returns the rows asked for.
 */
export async function requestReplay(sql: SqlRunner, filter: DeadLetterFilter): Promise<DeadLetter[]> {
  if (!filter.target) throw new Error('replay needs an event id or a subject');
  const { clause, params } = where({ ...filter, all: false });
  const rows = returnedRows<DeadLetterRecord>(
    await sql.query(`UPDATE dead_letter_event SET replay_requested_at = now() ${clause} RETURNING *`, params),
  );
  return rows.map(toDeadLetter);
}

/** Dead-lettered events not yet replayed, per consumer (the metric and alert). */
export async function countDeadLetters(sql: SqlRunner): Promise<Array<{ consumer: string; count: number }>> {
  const rows: Array<{ consumer: string; count: string }> = await sql.query(
    `SELECT consumer, count(*) AS count FROM dead_letter_event
      WHERE dead_at IS NOT NULL AND replayed_at IS NULL GROUP BY consumer`,
  );
  return rows.map((r) => ({ consumer: r.consumer, count: Number(r.count) }));
}

/** An outbox row the relay set aside after its last failed publish (`dead_at`). */
export interface DeadOutboxRow {
  id: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  occurredAt: Date;
  deadAt: Date;
}

export async function listDeadOutbox(sql: SqlRunner, target?: string, limit = 100): Promise<DeadOutboxRow[]> {
  const params: unknown[] = [];
  let filter = '';
  if (target && UUID.test(target)) {
    params.push(target.toLowerCase());
    filter = `AND id = $1::uuid`;
  } else if (target) {
    params.push(target);
    filter = `AND (subject = $1 OR starts_with(subject, $1 || '.'))`;
  }
  const rows: Array<{
    id: string;
    subject: string;
    attempts: number;
    last_error: string | null;
    occurred_at: Date;
    dead_at: Date;
  }> = await sql.query(
    `SELECT id, subject, attempts, last_error, occurred_at, dead_at FROM outbox_event
      WHERE dead_at IS NOT NULL ${filter} ORDER BY seq LIMIT ${Math.max(1, Math.min(limit, 10_000))}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    attempts: r.attempts,
    lastError: r.last_error,
    occurredAt: r.occurred_at,
    deadAt: r.dead_at,
  }));
}

/**
 * Give set-aside outbox rows to the relay again (after the cause was fixed: a stream created, a
 * permission granted). A row of a state subject that a later event of the same aggregate has
 * already superseded on the stream is marked published instead: publishing it now would make an
 * old state the stream's last value. Returns what was requeued and what was superseded.
 */
export async function requeueDeadOutbox(
  sql: SqlRunner,
  target: string,
): Promise<{ requeued: string[]; superseded: string[] }> {
  const rows = await listDeadOutbox(sql, target, 10_000);
  const requeued: string[] = [];
  const superseded: string[] = [];
  for (const row of rows) {
    const [later] = await sql.query(
      `SELECT 1 FROM outbox_event o JOIN outbox_event n ON n.subject = o.subject AND n.seq > o.seq
        WHERE o.id = $1 AND n.published_at IS NOT NULL AND o.subject LIKE ANY($2::text[]) LIMIT 1`,
      [row.id, stateSubjectPatterns()],
    );
    if (later) {
      await sql.query(
        `UPDATE outbox_event SET dead_at = NULL, published_at = now(),
                last_error = 'superseded: a later event of the same aggregate was published' WHERE id = $1`,
        [row.id],
      );
      superseded.push(row.id);
    } else {
      await sql.query(
        `UPDATE outbox_event SET dead_at = NULL, next_attempt_at = NULL, attempts = 0 WHERE id = $1`,
        [row.id],
      );
      requeued.push(row.id);
    }
  }
  return { requeued, superseded };
}
