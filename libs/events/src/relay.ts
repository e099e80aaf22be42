import type { DataSource } from 'typeorm';
import { Client } from 'pg';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@smss/core';
import { OUTBOX_CHANNEL } from '@smss/db';

export interface OutboxRelayOptions {
  batchSize?: number;
  /** Poll interval when no NOTIFY arrives (safety net). */
  pollIntervalMs?: number;
  /** Test hook: runs after the batch was published, before it is marked; throwing simulates a crash there. */
  afterPublish?: (ids: string[]) => Promise<void> | void;
}

interface PendingRow {
  id: string;
  subject: string;
  envelope: Record<string, unknown>;
}

/**
 * Publishes outbox rows to JetStream with `Nats-Msg-Id` = event id, then marks them published.
 * A crash between publish and mark republishes on restart; JetStream drops the duplicate inside
 * its duplicate window and consumers' inboxes drop it after that. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so several relay processes may run at once.
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private listener?: { release: () => void };
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly dataSource: DataSource,
    nc: NatsConnection,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.js = jetstream(nc);
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  /** Publish one batch; returns how many events went out. */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT id, subject, envelope FROM outbox_event
          WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const results = await Promise.allSettled(
        rows.map((row) =>
          this.js.publish(row.subject, JSON.stringify(row.envelope), { msgID: row.id, timeout: 10_000 }),
        ),
      );
      const published = rows.filter((_, i) => results[i]?.status === 'fulfilled').map((r) => r.id);
      const failed = rows
        .map((row, i) => ({ row, result: results[i] }))
        .filter(
          (x): x is { row: PendingRow; result: PromiseRejectedResult } => x.result?.status === 'rejected',
        );
      if (this.options.afterPublish) await this.options.afterPublish(published);
      if (published.length) {
        await manager.query(
          `UPDATE outbox_event SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1)`,
          [published],
        );
      }
      for (const { row, result } of failed) {
        await manager.query(
          `UPDATE outbox_event SET attempts = attempts + 1, last_error = $2 WHERE id = $1`,
          [row.id, String(result.reason).slice(0, 500)],
        );
      }
      if (failed.length)
        this.logger.warn({ failed: failed.length }, 'outbox relay: some events failed to publish');
      return published.length;
    });
  }

  /** Publish until the outbox is empty (tests, shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.publishBatch();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.listener?.release();
  }

  private async listen(): Promise<void> {
    // A dedicated connection LISTENs so an insert into the outbox wakes the relay at once;
    // the poll interval is only the safety net.
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    const client = new Client({ connectionString: url, application_name: 'outbox-relay-listen' });
    client.on('notification', () => this.wake?.());
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

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
      } catch (error) {
        this.logger.error({ err: error }, 'outbox relay: batch failed');
      }
      if (published >= this.batchSize) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
