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
import { parseEnvelope, type EventContract, type EventEnvelope, type PayloadOf } from './envelope';

export type EventHandler<C extends EventContract> = (
  event: EventEnvelope<PayloadOf<C>>,
  manager: EntityManager,
) => Promise<void>;

export interface HandlerRegistration<C extends EventContract = EventContract> {
  contract: C;
  handle: EventHandler<C>;
}

/** Pair a contract with its handler (keeps the payload type). */
export const on = <C extends EventContract>(contract: C, handle: EventHandler<C>): HandlerRegistration =>
  ({ contract, handle }) as unknown as HandlerRegistration;

export interface DurableConsumerOptions {
  /** Durable consumer name, unique per service and purpose, e.g. `personnel-directory-replica`. */
  durable: string;
  stream: string;
  handlers: HandlerRegistration[];
  /** Where a brand-new durable starts: the whole stream (default) or only new messages. */
  deliverPolicy?: 'all' | 'new';
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Messages pulled per request; each is handled in its own transaction. */
  batch?: number;
}

/**
 * A durable JetStream consumer that handles each event exactly once in effect: the handler runs
 * in a transaction that also inserts (consumer, event id) into `inbox_event`; a redelivered or
 * republished event finds its id there and is acknowledged without running the handler again.
 * The ack is sent only after the commit, so a crash before it means redelivery, never loss.
 */
export class DurableConsumer {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  handled = 0;
  duplicates = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
    private readonly options: DurableConsumerOptions,
  ) {}

  private get bySubject(): Map<string, HandlerRegistration> {
    return new Map(this.options.handlers.map((h) => [h.contract.subject, h]));
  }

  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const config = {
      durable_name: this.options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: this.options.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      ...this.subjectFilter(),
      max_deliver: this.options.maxDeliver ?? 20,
      ack_wait: (this.options.ackWaitMs ?? 30_000) * 1_000_000,
    };
    try {
      await jsm.consumers.info(this.options.stream, this.options.durable);
      const { deliver_policy: _ignored, ...updatable } = config;
      await jsm.consumers.update(this.options.stream, this.options.durable, updatable);
    } catch (error) {
      if (!/consumer not found/i.test(String((error as Error).message))) throw error;
      await jsm.consumers.add(this.options.stream, config);
    }
    const consumer = await jetstream(this.nc).consumers.get(this.options.stream, this.options.durable);
    this.messages = await consumer.consume({ max_messages: this.options.batch ?? 100 });
    const handlers = this.bySubject;
    this.loop = (async () => {
      for await (const msg of this.messages!) {
        await this.process(msg, handlers);
      }
    })().catch((error) =>
      this.logger.error({ err: error, durable: this.options.durable }, 'consumer loop ended'),
    );
  }

  /**
   * One subject: `filter_subject` (any server). Several: `filter_subjects`, which needs NATS 2.10;
   * on older servers (Debian 12 ships 2.9) the consumer reads the whole stream and acknowledges
   * subjects it has no handler for.
   */
  private subjectFilter(): { filter_subject?: string; filter_subjects?: string[] } {
    const subjects = this.options.handlers.map((h) => h.contract.subject);
    if (subjects.length === 1) return { filter_subject: subjects[0] };
    const [major = 0, minor = 0] = (this.nc.info?.version ?? '0.0').split('.').map(Number);
    return major > 2 || (major === 2 && minor >= 10) ? { filter_subjects: subjects } : {};
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  private async process(msg: JsMsg, handlers: Map<string, HandlerRegistration>): Promise<void> {
    const registration = handlers.get(msg.subject);
    if (!registration) {
      msg.ack(); // not ours (unfiltered consumer on an older server)
      return;
    }
    let event: EventEnvelope;
    try {
      event = parseEnvelope(registration.contract, msg.json());
    } catch (error) {
      // A message that breaks its contract will never succeed: stop redelivering it.
      this.logger.error(
        { err: error, subject: msg.subject, seq: msg.seq },
        'event rejected: contract violation',
      );
      msg.term('contract violation');
      return;
    }
    try {
      const ran = await this.dataSource.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO inbox_event (consumer, event_id, subject) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [this.options.durable, event.id, msg.subject],
        );
        if (inserted.length === 0) return false;
        await registration.handle(event as never, manager);
        return true;
      });
      if (ran) this.handled += 1;
      else this.duplicates += 1;
      msg.ack();
    } catch (error) {
      const delayMs = Math.min(30_000, 500 * 2 ** msg.info.deliveryCount);
      this.logger.error(
        { err: error, eventId: event.id, subject: msg.subject },
        'event handler failed; will retry',
      );
      msg.nak(delayMs);
    }
  }
}
