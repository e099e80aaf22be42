import type { Logger } from '@smss/core';
import type { DataSource } from 'typeorm';
import { ChannelError, type NotificationChannel } from './channels';
import { messageOf } from './messages';
import { NotificationRepository } from './notification.repository';

export interface NotifierOptions {
  channels: NotificationChannel[];
  /** How often to look for due reminders and pending notifications (default 5 s). */
  pollMs?: number;
  /** Attempts before a notification is given up (default 8; back-off 30 s doubling, at most 1 h). */
  maxAttempts?: number;
  batch?: number;
  clock?: () => Date;
}

/**
 * Sends the notification outbox. Rows are written in the transaction that caused them (a dispatch) or by
 * the reminder scan each tick; this loop claims due rows (SKIP LOCKED: several workers may run), sends each
 * over its channel, and marks it sent, or retries it with back-off, or gives up on a permanent failure.
 * A channel that is not configured leaves its rows pending (nothing is lost when it is configured later).
 */
export class Notifier {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly repo: NotificationRepository;
  private readonly channels: Map<string, NotificationChannel>;
  readonly stats = { sent: 0, failed: 0, retried: 0, reminders: 0 };

  constructor(
    private readonly db: DataSource,
    private readonly logger: Logger,
    private readonly options: NotifierOptions,
  ) {
    this.repo = new NotificationRepository(db);
    this.channels = new Map(options.channels.map((c) => [c.name, c]));
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  start(): void {
    const tick = () => {
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((error) => this.logger.error({ err: error }, 'notifier tick failed'))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.options.pollMs ?? 5000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    const t = this.timer;
    this.timer = undefined;
    if (t) clearTimeout(t);
    await this.running;
    for (const c of this.channels.values()) await c.close?.();
  }

  /** One pass: enqueue due reminders, then send what is due. Returns how many were sent. */
  async runOnce(): Promise<number> {
    const now = this.now();
    this.stats.reminders += await this.repo.enqueueReminders(now);
    let sent = 0;
    for (;;) {
      const done = await this.db.transaction(async (manager) => {
        const due = await this.repo.claim(manager, now, this.options.batch ?? 50, [...this.channels.keys()]);
        for (const n of due) {
          const { title, text } = messageOf(n);
          try {
            await this.channels.get(n.channel)!.send({ to: n.address, title, text, idempotencyKey: n.id });
            await this.repo.markSent(manager, n.id, this.now());
            sent += 1;
            this.stats.sent += 1;
          } catch (error) {
            const retryable = !(error instanceof ChannelError) || error.retryable;
            const attempt = n.attempts + 1;
            const giveUp = !retryable || attempt >= (this.options.maxAttempts ?? 8);
            const delay = Math.min(3_600_000, 30_000 * 2 ** (attempt - 1));
            await this.repo.markFailed(
              manager,
              n.id,
              String((error as Error).message),
              giveUp ? null : new Date(now.getTime() + delay),
            );
            if (giveUp) this.stats.failed += 1;
            else this.stats.retried += 1;
            this.logger.warn(
              { notification: n.id, channel: n.channel, attempt, giveUp },
              'notification not delivered',
            );
          }
        }
        return due.length < (this.options.batch ?? 50);
      });
      if (done) return sent;
    }
  }
}
