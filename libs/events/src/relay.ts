import type { DataSource } from 'typeorm';
import { Client } from 'pg';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@smss/core';
import { OUTBOX_CHANNEL } from '@smss/db';
import { stateSubjectPatterns } from './envelope';
import './contracts';

export interface OutboxRelayOptions {
  /** Rows claimed per page (default 500). */
  batchSize?: number;
  /** Publishes awaiting their JetStream ack at once (default 256). */
  window?: number;
  /** Poll interval when no NOTIFY arrives (safety net). */
  pollIntervalMs?: number;
  /** How long a publish waits for JetStream's ack before it counts as failed (default 10 s). */
  publishTimeoutMs?: number;
  /** Failed publishes of a row before it is set aside as dead (default 10). */
  maxAttempts?: number;
  /** Back-off of a row that failed to publish: first delay, doubling up to max (default 1 s … 5 min). */
  retryDelayMs?: { first: number; max: number };
  /** Test hook: runs after the page was published, before it is marked; throwing simulates a crash there. */
  afterPublish?: (ids: string[]) => Promise<void> | void;
}

interface PendingRow {
  id: string;
  subject: string;
  envelope: Record<string, unknown>;
  attempts: number;
}

export interface RelayStats {
  published: number;
  /** Failed publish attempts (each row backs off, then is retried). */
  failed: number;
  /** Rows set aside after their last attempt (`dead_at`). */
  dead: number;
}

/**
 * Publishes outbox rows to JetStream with `Nats-Msg-Id` = event id, then marks them published.
 * A page of rows is claimed with `FOR UPDATE SKIP LOCKED` (several relays may run), published with
 * a window of asynchronous publishes, and marked with one UPDATE. A crash between publish and mark
 * republishes on restart; JetStream drops the duplicate inside its duplicate window and consumers'
 * inboxes drop it after that.
 *
 * A row that fails to publish (no stream for its subject, too large, refused) backs off
 * (`next_attempt_at`, doubling) and after `maxAttempts` is set aside with `dead_at` and its error;
 * rows behind it are never held up — the claim skips rows waiting for their next attempt. Only
 * the later events of a state subject (`lastValuePerAggregate`, one aggregate) wait for it, so the
 * stream's last value per subject is always the newest.
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A NOTIFY (or stop) arrived while the relay was not sleeping: do not sleep next time. */
  private woken = false;
  private listener?: { release: () => void };
  private readonly batchSize: number;
  private readonly window: number;
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly retryDelay: { first: number; max: number };
  readonly stats: RelayStats = { published: 0, failed: 0, dead: 0 };
  private readonly stateSubjects = stateSubjectPatterns();

  constructor(
    private readonly dataSource: DataSource,
    nc: NatsConnection,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.js = jetstream(nc);
    this.batchSize = options.batchSize ?? 500;
    this.window = Math.max(1, options.window ?? 256);
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 10);
    this.retryDelay = options.retryDelayMs ?? { first: 1000, max: 5 * 60_000 };
  }

  /** Publish one page; returns how many events went out. */
  async publishBatch(): Promise<number> {
    return (await this.publishPage()).published;
  }

  private async publishPage(): Promise<{ claimed: number; published: number }> {
    return this.dataSource.transaction(async (manager) => {
      // A state subject (the stream keeps its last message) goes strictly in order: a row waits
      // while an earlier row of the same subject is unpublished — only that aggregate waits.
      const rows: PendingRow[] = await manager.query(
        `SELECT o.id, o.subject, o.envelope, o.attempts FROM outbox_event o
          WHERE o.published_at IS NULL AND o.dead_at IS NULL
            AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now())
            AND NOT (o.subject LIKE ANY($2::text[]) AND EXISTS (
                  SELECT 1 FROM outbox_event p
                   WHERE p.subject = o.subject AND p.seq < o.seq AND p.published_at IS NULL AND p.dead_at IS NULL))
          ORDER BY o.seq LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
        [this.batchSize, this.stateSubjects],
      );
      if (rows.length === 0) return { claimed: 0, published: 0 };
      const errors = await this.publishWindowed(rows);
      const published = rows.filter((_, i) => errors[i] === undefined).map((r) => r.id);
      if (this.options.afterPublish) await this.options.afterPublish(published);
      if (published.length) {
        await manager.query(
          `UPDATE outbox_event SET published_at = now(), attempts = attempts + 1, next_attempt_at = NULL
            WHERE id = ANY($1::uuid[])`,
          [published],
        );
      }
      const failed = rows.flatMap((row, i) => (errors[i] === undefined ? [] : [{ row, error: errors[i] }]));
      if (failed.length) {
        const dead = failed.filter(({ row }) => row.attempts + 1 >= this.maxAttempts);
        await manager.query(
          `UPDATE outbox_event o
              SET attempts = o.attempts + 1,
                  last_error = f.error,
                  next_attempt_at = now() + f.delay_ms * interval '1 millisecond',
                  dead_at = CASE WHEN o.attempts + 1 >= $4 THEN now() END
             FROM unnest($1::uuid[], $2::text[], $3::int[]) AS f(id, error, delay_ms)
            WHERE o.id = f.id`,
          [
            failed.map(({ row }) => row.id),
            failed.map(({ error }) => String(error).slice(0, 1000)),
            failed.map(({ row }) =>
              Math.min(this.retryDelay.max, this.retryDelay.first * 2 ** Math.min(row.attempts, 30)),
            ),
            this.maxAttempts,
          ],
        );
        this.stats.failed += failed.length;
        this.stats.dead += dead.length;
        this.logger.warn(
          { failed: failed.length, dead: dead.length, error: String(failed[0]!.error) },
          'outbox relay: some events failed to publish; they back off, the rest went out',
        );
        for (const { row, error } of dead)
          this.logger.error(
            { eventId: row.id, subject: row.subject, err: error },
            'outbox relay: event set aside after its last attempt (dead_at)',
          );
      }
      this.stats.published += published.length;
      return { claimed: rows.length, published: published.length };
    });
  }

  /** Publish every row with at most `window` publishes awaiting their ack; the error of each failure. */
  private async publishWindowed(rows: PendingRow[]): Promise<Array<unknown | undefined>> {
    const errors: Array<unknown | undefined> = new Array(rows.length).fill(undefined);
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const i = next++;
        const row = rows[i]!;
        try {
          await this.js.publish(row.subject, JSON.stringify(row.envelope), {
            msgID: row.id,
            timeout: this.options.publishTimeoutMs ?? 10_000,
          });
        } catch (error) {
          errors[i] = error ?? new Error('publish failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.window, rows.length) }, lane));
    return errors;
  }

  /** Publish until nothing is due (tests, shutdown): rows backing off are left for later. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const page = await this.publishPage();
      total += page.published;
      // Not "fewer than a page": later events of a state subject wait for the page before them.
      if (page.claimed === 0) return total;
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  private rouse(): void {
    this.woken = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.rouse();
    await this.loop;
    this.listener?.release();
  }

  private async listen(): Promise<void> {
    // A dedicated connection LISTENs so an insert into the outbox wakes a waiting relay at once;
    // the poll interval is only the safety net.
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    const client = new Client({ connectionString: url, application_name: 'outbox-relay-listen' });
    client.on('notification', () => this.rouse());
    client.on('error', (err) =>
      this.logger.warn({ err }, 'outbox relay: LISTEN connection lost, polling only'),
    );
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = { release: () => void client.end().catch(() => undefined) };
    } catch (err) {
      this.logger.warn({ err }, 'outbox relay: LISTEN unavailable, polling only');
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Tell writers whether a relay waits for a NOTIFY (the outbox trigger notifies only then).
   * Without a LISTEN connection the flag stays as it is (writers notify; harmless).
   */
  private async announceWaiting(waiting: boolean): Promise<void> {
    if (!this.listener) return;
    try {
      await this.dataSource.query(`UPDATE outbox_relay_state SET waiting = $1 WHERE waiting <> $1`, [
        waiting,
      ]);
    } catch (err) {
      this.logger.debug({ err }, 'outbox relay: could not update outbox_relay_state');
    }
  }

  private async safePage(): Promise<{ claimed: number; published: number }> {
    try {
      return await this.publishPage();
    } catch (error) {
      this.logger.error({ err: error }, 'outbox relay: page failed');
      return { claimed: 0, published: 0 };
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      if ((await this.safePage()).claimed >= this.batchSize) continue;
      // Going idle: announce it, then look once more (a row committed just before the
      // announcement sent no NOTIFY), then wait for a NOTIFY or the poll interval.
      this.woken = false;
      await this.announceWaiting(true);
      if ((await this.safePage()).claimed > 0) {
        await this.announceWaiting(false);
        continue;
      }
      if (!this.woken && this.running)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollIntervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      this.wake = undefined;
      await this.announceWaiting(false);
    }
  }
}
