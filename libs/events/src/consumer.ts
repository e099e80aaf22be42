import type { DataSource, EntityManager } from 'typeorm';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@smss/core';
import {
  isSubjectOf,
  parseEnvelope,
  subjectFilterOf,
  type EventContract,
  type EventEnvelope,
  type PayloadOf,
} from './envelope';
import { errorText, recordEventFailure } from './dead-letter';

export type EventHandler<C extends EventContract> = (
  event: EventEnvelope<PayloadOf<C>>,
  manager: EntityManager,
) => Promise<void>;

export type BatchEventHandler<C extends EventContract> = (
  events: Array<EventEnvelope<PayloadOf<C>>>,
  manager: EntityManager,
) => Promise<void>;

export interface HandlerRegistration<C extends EventContract = EventContract> {
  contract: C;
  /** One event, in its own transaction (also the fallback when a batch fails). */
  handle: EventHandler<C>;
  /**
   * Optional set-based version: the NEW events (inbox-deduplicated) of this subject from one batch, in
   * stream order, inside the batch's single transaction. Runs of consecutive same-subject events are
   * passed together, so order across subjects is kept.
   */
  handleBatch?: BatchEventHandler<C>;
}

/** Pair a contract with its handler (keeps the payload type). */
export const on = <C extends EventContract>(contract: C, handle: EventHandler<C>): HandlerRegistration =>
  ({ contract, handle }) as unknown as HandlerRegistration;

/** Pair a contract with a per-event handler and its set-based version for batches. */
export const onBatch = <C extends EventContract>(
  contract: C,
  handlers: { handle: EventHandler<C>; handleBatch: BatchEventHandler<C> },
): HandlerRegistration =>
  ({
    contract,
    handle: handlers.handle,
    handleBatch: handlers.handleBatch,
  }) as unknown as HandlerRegistration;

export interface DurableConsumerOptions {
  /** Durable consumer name, unique per service and purpose, e.g. `personnel-directory-replica`. */
  durable: string;
  stream: string;
  handlers: HandlerRegistration[];
  /** Where a brand-new durable starts: the whole stream (default) or only new messages. */
  deliverPolicy?: 'all' | 'new';
  /**
   * Deliveries of one event before it is dead-lettered (written to `dead_letter_event` and
   * terminated on the stream; default 20). Replay with `npm run events -- replay`.
   */
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Most messages handled in one batch transaction (default 500). */
  batch?: number;
  /** Back-off of a failed event: first delay, doubling up to max (default 1 s … 30 s). */
  retryDelayMs?: { first: number; max: number };
  /** How often the consumer looks for replays an operator asked for (default 2 s). */
  replayPollMs?: number;
  /** Test hook: runs after a batch committed, before its messages are acknowledged (a crash there). */
  afterBatchCommit?: (events: number) => Promise<void> | void;
}

export type ConsumerState = 'starting' | 'waiting for stream' | 'running' | 'stopped' | 'restarting';

export interface ConsumerStats {
  /** Events whose handler ran and committed. */
  handled: number;
  /** Events already in the inbox (redeliveries, republished events): acknowledged, not run again. */
  duplicates: number;
  /** Batch transactions committed. */
  batches: number;
  /** Batches rolled back and redone one event per transaction. */
  batchFallbacks: number;
  /** Batches retried whole after losing a deadlock or serialisation conflict (then counted as batches). */
  batchRetries: number;
  /** Failed handler attempts (each is retried with back-off or dead-lettered). */
  failures: number;
  /** Events given up on and written to the dead-letter table. */
  deadLettered: number;
  /** Messages terminated because they break their contract. */
  rejected: number;
  /** Dead letters replayed successfully. */
  replayed: number;
}

interface Item {
  msg: JsMsg;
  registration: HandlerRegistration;
  event: EventEnvelope;
}

class DeliveredTooOften extends Error {}

const NOTHING_BUFFERED = Symbol('nothing buffered');

const STREAM_MISSING = /stream not found|permissions violation/i;
const sleep = (ms: number, signal: { wake?: () => void }) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

/**
 * A durable JetStream consumer that handles each event exactly once in effect, in batches.
 *
 * It takes whatever messages are buffered, up to `batch` (at low rates one or a few, so no
 * latency is added; under load full batches), and handles them in ONE transaction: a multi-row
 * insert into `inbox_event` finds the events not seen before, the handlers run for those
 * (`handleBatch` for runs of the same contract, else `handle` per event, in stream order), the
 * transaction commits, then every message is acknowledged. A redelivered or republished event
 * finds its id in the inbox and is acknowledged without running again; a crash before the ack
 * means redelivery, never loss.
 *
 * When a batch fails it is rolled back and redone one event per transaction, so only the bad
 * event is retried (negative ack with back-off) and the rest commit. An event that still fails
 * after `maxDeliver` deliveries is written to `dead_letter_event` and terminated. A message that
 * breaks its contract is terminated at once. If the message loop stops (broker gone, stream
 * deleted) the consumer reports it (`assertRunning`, used by /readyz) and restarts itself.
 */
/** How often a batch that lost a lock conflict is retried whole before it falls back to one event a transaction. */
export const TRANSIENT_BATCH_RETRIES = 2;

/** A PostgreSQL error's SQLSTATE and constraint, as pg raises it or as TypeORM wraps it. */
const pgErrorOf = (error: unknown): { code?: unknown; constraint?: unknown } => {
  const e = error as {
    code?: unknown;
    constraint?: unknown;
    driverError?: { code?: unknown; constraint?: unknown };
  } | null;
  return { code: e?.code ?? e?.driverError?.code, constraint: e?.constraint ?? e?.driverError?.constraint };
};

/** PostgreSQL's deadlock_detected (40P01) and serialization_failure (40001): the other transaction won. */
const isTransientConflict = (error: unknown): boolean => {
  const { code } = pgErrorOf(error);
  return code === '40P01' || code === '40001';
};

/** The inbox's primary key refused an event id: the event was handled before (a unique_violation on it). */
const isInboxClash = (error: unknown): boolean => {
  const { code, constraint } = pgErrorOf(error);
  return code === '23505' && constraint === 'inbox_event_pkey';
};

/** The batch's inbox rows; `ON CONFLICT DO NOTHING RETURNING event_id` is appended when some may exist. */
const INBOX_INSERT = `INSERT INTO inbox_event (consumer, event_id, subject)
  SELECT $1, u.id, u.subject FROM unnest($2::uuid[], $3::text[]) AS u(id, subject)`;

export class DurableConsumer {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private replayLoop?: Promise<void>;
  private stopping = false;
  private readonly napper: { wake?: () => void } = {};
  private readonly replayNapper: { wake?: () => void } = {};
  private readonly handlers: HandlerRegistration[];
  private readonly exact = new Map<string, HandlerRegistration>();
  /** Events that failed in this process: redeliveries of them are handled alone, not in a batch. */
  private readonly failing = new Set<string>();
  private lastError?: string;
  state: ConsumerState = 'starting';
  readonly stats: ConsumerStats = {
    handled: 0,
    duplicates: 0,
    batches: 0,
    batchFallbacks: 0,
    batchRetries: 0,
    failures: 0,
    deadLettered: 0,
    rejected: 0,
    replayed: 0,
  };

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
    private readonly options: DurableConsumerOptions,
  ) {
    this.handlers = options.handlers;
    for (const h of this.handlers)
      if (!h.contract.lastValuePerAggregate) this.exact.set(h.contract.subject, h);
  }

  get durable(): string {
    return this.options.durable;
  }
  get handled(): number {
    return this.stats.handled;
  }
  get duplicates(): number {
    return this.stats.duplicates;
  }
  private get batchSize(): number {
    return Math.max(1, this.options.batch ?? 500);
  }
  private get maxDeliver(): number {
    return Math.max(1, this.options.maxDeliver ?? 20);
  }

  /** Throws unless the message loop runs: the readiness check of this consumer. */
  assertRunning(): void {
    if (this.state !== 'running')
      throw new Error(
        `consumer ${this.durable} is ${this.state}${this.lastError ? `: ${this.lastError}` : ''}`,
      );
  }

  /**
   * Create or update the durable and start the loop. When the stream does not exist yet (its
   * owner creates it), the consumer waits for it in the background and reports "waiting".
   */
  async start(): Promise<void> {
    this.stopping = false;
    let messages: ConsumerMessages | undefined;
    try {
      messages = await this.open();
    } catch (error) {
      if (!STREAM_MISSING.test(String((error as Error).message))) throw error;
      this.state = 'waiting for stream';
      this.lastError = String((error as Error).message);
      this.logger.warn(
        { durable: this.durable, stream: this.options.stream },
        'consumer waits for its stream',
      );
    }
    this.loop = this.supervise(messages);
    this.replayLoop = this.replayRequested();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.napper.wake?.();
    this.replayNapper.wake?.();
    await this.messages?.close().catch(() => undefined);
    await this.loop;
    await this.replayLoop;
    this.state = 'stopped';
  }

  private async open(): Promise<ConsumerMessages> {
    const jsm = await jetstreamManager(this.nc);
    const config = {
      durable_name: this.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: this.options.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      ...this.subjectFilter(),
      // The consumer counts deliveries and dead-letters itself: the server never drops a message.
      max_deliver: -1,
      max_ack_pending: Math.max(1000, this.batchSize * 4),
      ack_wait: (this.options.ackWaitMs ?? 30_000) * 1_000_000,
    };
    try {
      await jsm.consumers.info(this.options.stream, this.durable);
      const { deliver_policy: _ignored, ...updatable } = config;
      await jsm.consumers.update(this.options.stream, this.durable, updatable);
    } catch (error) {
      if (!/consumer not found/i.test(String((error as Error).message))) throw error;
      await jsm.consumers.add(this.options.stream, config);
    }
    const consumer = await jetstream(this.nc).consumers.get(this.options.stream, this.durable);
    // A deleted stream or durable ends the loop (the supervisor reports it and recreates what it
    // can); idle pulls expire every 5 s, so a silent broker is noticed within seconds.
    this.messages = await consumer.consume({
      max_messages: this.batchSize * 2,
      expires: 5000,
      abort_on_missing_resource: true,
    });
    return this.messages;
  }

  /** Run the loop; when it ends without `stop()`, report it and start again with back-off. */
  private async supervise(first: ConsumerMessages | undefined): Promise<void> {
    let messages = first;
    let delay = 500;
    while (!this.stopping) {
      try {
        messages ??= await this.open();
        this.state = 'running';
        this.lastError = undefined;
        delay = 500;
        await this.run(messages);
        if (this.stopping) break;
        throw new Error('the message stream ended');
      } catch (error) {
        messages = undefined;
        if (this.stopping) break;
        const message = String((error as Error).message ?? error);
        this.state = STREAM_MISSING.test(message) ? 'waiting for stream' : 'restarting';
        this.lastError = message;
        this.logger.error({ err: error, durable: this.durable }, 'consumer loop stopped; restarting');
        await this.messages?.close().catch(() => undefined);
        await sleep(delay, this.napper);
        delay = Math.min(delay * 2, 15_000);
      }
    }
    this.state = 'stopped';
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    const it = messages[Symbol.asyncIterator]();
    // A `next()` that has not resolved yet is kept for the following batch (it cannot be taken back).
    let pending: Promise<IteratorResult<JsMsg>> | undefined;
    const take = () => (pending ??= it.next());
    let previous: Promise<void> = Promise.resolve();
    let failure: { error: unknown } | undefined;
    const settled = async () => {
      await previous;
      if (failure) throw failure.error;
    };
    for (;;) {
      const first = await take();
      pending = undefined;
      if (first.done) return settled();
      const batch: JsMsg[] = [first.value];
      // Only what is already buffered: buffered messages resolve within microtasks, before the
      // next macrotask (`setImmediate`) — a batch never waits for more messages to arrive.
      const buffered = new Promise<typeof NOTHING_BUFFERED>((resolve) =>
        setImmediate(() => resolve(NOTHING_BUFFERED)),
      );
      let ended = false;
      while (batch.length < this.batchSize) {
        const next = await Promise.race([take(), buffered]);
        if (next === NOTHING_BUFFERED) break;
        pending = undefined;
        if (next.done) {
          ended = true;
          break;
        }
        batch.push(next.value);
      }
      const segments = this.prepare(batch);
      // One batch in flight at a time (order across batches is kept); this one was parsed meanwhile.
      await settled();
      previous = this.execute(segments).catch((error: unknown) => void (failure = { error }));
      if (ended) return settled();
    }
  }

  /**
   * One subject: `filter_subject` (any server). Several: `filter_subjects`, which needs NATS 2.10;
   * on older servers (Debian 12 ships 2.9) the consumer reads the whole stream and acknowledges
   * subjects it has no handler for.
   */
  private subjectFilter(): { filter_subject?: string; filter_subjects?: string[] } {
    const subjects = this.handlers.map((h) => subjectFilterOf(h.contract));
    if (subjects.length === 1) return { filter_subject: subjects[0] };
    return this.serverIs210OrLater() ? { filter_subjects: subjects } : {};
  }

  private serverIs210OrLater(): boolean {
    const [major = 0, minor = 0] = (this.nc.info?.version ?? '0.0').split('.').map((n) => parseInt(n, 10));
    return major > 2 || (major === 2 && minor >= 10);
  }

  /**
   * Stop the server delivering a message, for good. A reason (`+TERM <reason>`) needs NATS 2.10:
   * a 2.9 server (Debian 12) does not recognise the longer ack, ignores it and redelivers the message
   * after every ack wait, without end (the server's max_deliver is off). There a plain `+TERM` is
   * sent; the reason is in the log either way.
   */
  private terminate(msg: JsMsg, reason: string): void {
    if (this.serverIs210OrLater()) msg.term(reason);
    else msg.term();
  }

  private registrationFor(subject: string): HandlerRegistration | undefined {
    return this.exact.get(subject) ?? this.handlers.find((h) => isSubjectOf(h.contract, subject));
  }

  /**
   * Parse and sort a batch (no I/O, so it runs while the previous batch's transaction is in
   * flight): contract violations are terminated, the rest form segments in stream order — runs of
   * events handled together, and events handled alone (one that failed before, or came back more
   * often than allowed: it must not roll back the batch around it again).
   */
  private prepare(msgs: JsMsg[]): Array<{ alone: boolean; items: Item[] }> {
    const segments: Array<{ alone: boolean; items: Item[] }> = [];
    for (const msg of msgs) {
      const registration = this.registrationFor(msg.subject);
      if (!registration) {
        msg.ack(); // not ours (unfiltered consumer on an older server)
        continue;
      }
      let event: EventEnvelope;
      try {
        event = parseEnvelope(registration.contract, msg.json());
      } catch (error) {
        // A message that breaks its contract will never succeed: stop redelivering it.
        this.stats.rejected += 1;
        this.logger.error(
          { err: error, subject: msg.subject, seq: msg.seq, durable: this.durable },
          'event rejected: contract violation',
        );
        this.terminate(msg, 'contract violation');
        continue;
      }
      event.id = event.id.toLowerCase();
      const item = { msg, registration, event };
      const alone = this.failing.has(event.id) || msg.info.deliveryCount > this.maxDeliver;
      const last = segments.at(-1);
      if (!alone && last && !last.alone) last.items.push(item);
      else segments.push({ alone, items: [item] });
    }
    return segments;
  }

  private async execute(segments: Array<{ alone: boolean; items: Item[] }>): Promise<void> {
    for (const { alone, items } of segments) {
      if (alone) await this.handleAlone(items[0]!);
      else await this.handleTogether(items);
    }
  }

  /**
   * The items in one transaction; on failure, each in its own. A batch that lost a deadlock or a
   * serialisation conflict to another consumer's transaction is retried whole first (up to
   * `TRANSIENT_BATCH_RETRIES` times, after a short random pause), since nothing is wrong with its events.
   */
  private async handleTogether(items: Item[], attempt = 1, guarded = false): Promise<void> {
    if (items.length === 1) return this.handleAlone(items[0]!);
    const runner = this.dataSource.createQueryRunner();
    let committed = false;
    let retry = false;
    let inboxClash = false;
    let fresh = 0;
    // Messages delivered for the first time are new events but for a rare republish past the
    // stream's duplicate window: a plain insert (no speculative insertion, ~40% cheaper) is tried,
    // and the inbox's primary key refusing one sends the batch round again with ON CONFLICT.
    const plain = !guarded && items.every(({ msg }) => msg.info.deliveryCount === 1);
    try {
      await runner.connect();
      await runner.startTransaction();
      const manager = runner.manager;
      const ids: string[] = [];
      const subjects: string[] = [];
      const seen = new Set<string>();
      for (const { event } of items) {
        if (seen.has(event.id)) continue;
        seen.add(event.id);
        ids.push(event.id);
        subjects.push(event.type);
      }
      const params = [this.durable, ids, subjects];
      let isNew: Set<string>;
      if (plain) {
        await manager.query(INBOX_INSERT, params);
        isNew = new Set(ids);
      } else {
        const inserted: Array<{ event_id: string }> = await manager.query(
          `${INBOX_INSERT} ON CONFLICT DO NOTHING RETURNING event_id`,
          params,
        );
        isNew = new Set(inserted.map((r) => r.event_id));
      }
      // Runs of consecutive events of the same contract, in stream order.
      let run: EventEnvelope[] = [];
      let runOf: HandlerRegistration | undefined;
      const flush = async () => {
        if (!runOf || run.length === 0) return;
        const events = run;
        run = [];
        if (runOf.handleBatch) await runOf.handleBatch(events as never, manager);
        else for (const event of events) await runOf.handle(event as never, manager);
      };
      for (const { registration, event } of items) {
        if (!isNew.delete(event.id)) continue; // duplicate (inbox, or twice in this batch)
        if (registration !== runOf) await flush();
        runOf = registration;
        run.push(event);
        fresh += 1;
      }
      await flush();
      // A redelivered event may have a failure on record from an earlier attempt: it succeeded now.
      const retried = items.filter(({ msg }) => msg.info.deliveryCount > 1).map(({ event }) => event.id);
      if (retried.length)
        await manager.query(
          `DELETE FROM dead_letter_event WHERE consumer = $1 AND event_id = ANY($2::uuid[]) AND dead_at IS NULL`,
          [this.durable, retried],
        );
      await runner.commitTransaction();
      committed = true;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      if (plain && isInboxClash(error)) {
        inboxClash = true;
      } else if (isTransientConflict(error) && attempt <= TRANSIENT_BATCH_RETRIES) {
        retry = true;
        this.stats.batchRetries += 1;
        this.logger.info(
          { durable: this.durable, events: items.length, attempt, code: (error as { code?: string }).code },
          'batch lost a lock conflict to another transaction; retrying it whole',
        );
      } else {
        this.stats.batchFallbacks += 1;
        this.logger.warn(
          { err: error, durable: this.durable, events: items.length },
          'batch failed; handling its events one per transaction',
        );
      }
    } finally {
      await runner.release().catch(() => undefined);
    }
    if (inboxClash) return this.handleTogether(items, attempt, true);
    if (retry) {
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * attempt));
      return this.handleTogether(items, attempt + 1, guarded);
    }
    if (!committed) {
      for (const item of items) await this.handleAlone(item);
      return;
    }
    this.stats.batches += 1;
    this.stats.handled += fresh;
    this.stats.duplicates += items.length - fresh;
    if (this.options.afterBatchCommit) await this.options.afterBatchCommit(items.length);
    for (const { msg } of items) msg.ack();
  }

  /** One event in its own transaction; a failure is retried with back-off or dead-lettered. */
  private async handleAlone({ msg, registration, event }: Item): Promise<void> {
    const deliveries = msg.info.deliveryCount;
    try {
      const ran = await this.dataSource.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO inbox_event (consumer, event_id, subject) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [this.durable, event.id, event.type],
        );
        if (inserted.length === 0) return false;
        if (deliveries > this.maxDeliver)
          throw new DeliveredTooOften(
            `delivered ${deliveries} times without being acknowledged (crashes or ack timeouts)`,
          );
        await registration.handle(event as never, manager);
        if (deliveries > 1 || this.failing.has(event.id))
          await manager.query(
            `DELETE FROM dead_letter_event WHERE consumer = $1 AND event_id = $2 AND dead_at IS NULL`,
            [this.durable, event.id],
          );
        return true;
      });
      this.failing.delete(event.id);
      if (ran) this.stats.handled += 1;
      else this.stats.duplicates += 1;
      msg.ack();
    } catch (error) {
      this.stats.failures += 1;
      const dead = deliveries >= this.maxDeliver || error instanceof DeliveredTooOften;
      try {
        await recordEventFailure(this.dataSource, {
          consumer: this.durable,
          eventId: event.id,
          subject: msg.subject,
          envelope: event,
          error,
          attempts: deliveries,
          dead,
        });
      } catch (recordError) {
        // Not even the failure could be written (database down): retry later, never drop.
        this.logger.error({ err: recordError, eventId: event.id }, 'could not record a failed event');
        msg.nak(this.retryDelay(deliveries));
        return;
      }
      if (dead) {
        this.failing.delete(event.id);
        this.stats.deadLettered += 1;
        this.logger.error(
          { err: error, eventId: event.id, subject: msg.subject, durable: this.durable, deliveries },
          'event dead-lettered after its last attempt',
        );
        this.terminate(msg, 'dead-lettered');
        return;
      }
      if (this.failing.size > 10_000) this.failing.clear();
      this.failing.add(event.id);
      this.logger.error(
        { err: error, eventId: event.id, subject: msg.subject, durable: this.durable, deliveries },
        'event handler failed; will retry',
      );
      msg.nak(this.retryDelay(deliveries));
    }
  }

  private retryDelay(deliveries: number): number {
    const { first, max } = this.options.retryDelayMs ?? { first: 1000, max: 30_000 };
    return Math.min(max, first * 2 ** Math.max(0, deliveries - 1));
  }

  /**
   * Replays an operator asked for (`requestReplay`): each dead letter of this consumer runs through
   * the same inbox insert and handler, in one transaction that also marks it replayed. The row is
   * locked while it runs (`SKIP LOCKED`: replicas share the work) and the inbox refuses an event
   * handled before, so a replay applies at most once.
   */
  private async replayRequested(): Promise<void> {
    const interval = this.options.replayPollMs ?? 2000;
    while (!this.stopping) {
      try {
        while (!this.stopping && (await this.replayOne())) {
          // next one
        }
      } catch (error) {
        if (
          /dead_letter_event/.test(String((error as Error).message)) &&
          /does not exist/.test(String(error))
        ) {
          this.logger.warn({ durable: this.durable }, 'no dead_letter_event table: replays are off');
          return;
        }
        this.logger.error({ err: error, durable: this.durable }, 'dead-letter replay failed');
      }
      await sleep(interval, this.replayNapper);
    }
  }

  /** Replay one requested dead letter; false when there is none. */
  private async replayOne(): Promise<boolean> {
    let failed: { eventId: string; subject: string; envelope: unknown; error: unknown } | undefined;
    const found = await this.dataSource.transaction(async (manager) => {
      const rows: Array<{ event_id: string; subject: string; envelope: unknown }> = await manager.query(
        `SELECT event_id, subject, envelope FROM dead_letter_event
          WHERE consumer = $1 AND replay_requested_at IS NOT NULL AND replayed_at IS NULL
          ORDER BY first_failed_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [this.durable],
      );
      const row = rows[0];
      if (!row) return false;
      const markReplayed = () =>
        manager.query(
          `UPDATE dead_letter_event SET replayed_at = now(), replay_requested_at = NULL
            WHERE consumer = $1 AND event_id = $2`,
          [this.durable, row.event_id],
        );
      const registration = this.registrationFor(row.subject);
      try {
        if (!registration) throw new Error(`no handler for ${row.subject} in consumer ${this.durable}`);
        const event = parseEnvelope(registration.contract, row.envelope);
        await manager.query('SAVEPOINT replay');
        const inserted: unknown[] = await manager.query(
          `INSERT INTO inbox_event (consumer, event_id, subject) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [this.durable, row.event_id, event.type],
        );
        if (inserted.length) await registration.handle(event as never, manager);
        await markReplayed();
        this.stats.replayed += 1;
        this.logger.info({ eventId: row.event_id, durable: this.durable }, 'dead letter replayed');
      } catch (error) {
        await manager.query('ROLLBACK TO SAVEPOINT replay').catch(() => undefined);
        failed = { eventId: row.event_id, subject: row.subject, envelope: row.envelope, error };
      }
      return true;
    });
    if (failed) {
      this.logger.error(
        { err: failed.error, eventId: failed.eventId, durable: this.durable },
        'replay of a dead letter failed; it stays dead-lettered',
      );
      await this.dataSource.query(
        `UPDATE dead_letter_event
            SET attempts = attempts + 1, last_error = $3, last_failed_at = now(), replay_requested_at = NULL
          WHERE consumer = $1 AND event_id = $2`,
        [this.durable, failed.eventId, errorText(failed.error)],
      );
    }
    return found;
  }
}
