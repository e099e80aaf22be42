/**
 * ≥ 100 kills of the outbox relay between commit and publish, and between publish and mark:
 * 0 events lost, 0 duplicated — counted on the stream by Nats-Msg-Id and in a consumer's inbox.
 *
 * How a kill is modelled: each relay life runs in its own worker thread (its own PostgreSQL pool,
 * LISTEN connection and NATS connection) and the test calls `worker.terminate()`: the thread stops
 * at whatever instruction it is on, its sockets close, PostgreSQL rolls back its open transaction
 * and NATS drops its connection — what a SIGKILL of a relay process does, at a fraction of the
 * cost of a process start. Half the lives are killed at a random moment; the other half exactly
 * after JetStream acknowledged a page and before the rows were marked published (the window in
 * which a crash makes the next relay publish the same events again).
 */
import type { Worker } from 'node:worker_threads';
import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import { eventually, testLogger } from '@smss/testing';
import { DurableConsumer, enqueueEvents, on } from '../src';
import { applyEffects, effectCounts, ItemRecorded, TEST_STREAM } from './support';
import { privateBrokerSuite } from './private-broker';
import { startTsWorker } from './workers/spawn';

const KILLS = 110;

const bed = privateBrokerSuite('relay-kill-test', 'relaykill');

type LifeMessage = { type: 'loaded' | 'running' } | { type: 'published-not-marked'; count: number };

class RelayLife {
  readonly worker: Worker;
  readonly loaded: Promise<void>;
  private listeners: Array<(m: LifeMessage) => void> = [];
  constructor() {
    this.worker = startTsWorker(
      'relay-life.ts',
      { dbUrl: bed.t.db.url, natsUrl: bed.nats.url },
      { withoutTypeorm: true },
    );
    bed.workers.push(this.worker);
    this.worker.on('message', (m: LifeMessage) => this.listeners.forEach((l) => l(m)));
    this.worker.on('error', () => undefined); // terminated mid-flight
    this.loaded = this.next('loaded').then(() => undefined);
  }
  next(type: LifeMessage['type'], timeoutMs = 30_000): Promise<LifeMessage | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      timer.unref();
      const listener = (m: LifeMessage) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(m);
      };
      this.listeners.push(listener);
    });
  }
}

it(`loses and duplicates no event across ${KILLS} relay kills`, async () => {
  // A consumer with an inbox reads the stream all along.
  const consumer = new DurableConsumer(bed.t.dataSource, bed.nc, testLogger(), {
    durable: 'relay-kill-inbox',
    stream: TEST_STREAM.name,
    handlers: [on(ItemRecorded, (e, m) => applyEffects(m, [e]))],
  });
  await consumer.start();

  // Writers commit events all through the kills.
  let produced = 0;
  let producing = true;
  const producer = (async () => {
    while (producing) {
      const count = 5 + Math.floor(Math.random() * 20);
      await bed.t.dataSource.transaction((m) =>
        enqueueEvents(
          m,
          ItemRecorded,
          Array.from({ length: count }, (_, i) => ({
            aggregateId: `a${produced + i}`,
            payload: { n: produced + i },
          })),
        ),
      );
      produced += count;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();

  const kills = { random: 0, afterPublish: 0, publishedNotMarked: 0 };
  const spares = [new RelayLife(), new RelayLife()];
  for (let i = 0; i < KILLS; i++) {
    const life = spares.shift()!;
    spares.push(new RelayLife()); // loads while this one runs
    await life.loaded;
    const mode = i % 2 === 0 ? 'random' : 'after-publish';
    life.worker.postMessage({ mode, batchSize: 20 + Math.floor(Math.random() * 180) });
    if (mode === 'random') {
      await life.next('running');
      await new Promise((r) => setTimeout(r, Math.random() * 60));
      kills.random += 1;
    } else {
      const m = await life.next('published-not-marked', 5000);
      if (m && m.type === 'published-not-marked') {
        kills.afterPublish += 1;
        kills.publishedNotMarked += m.count;
      }
    }
    await life.worker.terminate();
  }
  producing = false;
  await producer;
  await Promise.all(spares.map((s) => s.worker.terminate()));

  // One last relay, left alive, publishes what is left.
  const last = new RelayLife();
  await last.loaded;
  last.worker.postMessage({ mode: 'random', batchSize: 500 });
  await eventually(async () => {
    const [{ n }] = await bed.t.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`,
    );
    return n === 0;
  }, 60_000);
  await last.worker.terminate();

  // On the stream: exactly one message per event, each with its own Nats-Msg-Id.
  const jsm = await jetstreamManager(bed.nc);
  expect((await jsm.streams.info(TEST_STREAM.name)).state.messages).toBe(produced);
  const reader = await jetstream(bed.nc).consumers.get(TEST_STREAM.name, {
    deliver_policy: DeliverPolicy.All,
  });
  const msgIds = new Set<string>();
  let read = 0;
  while (read < produced) {
    const batch = await reader.fetch({ max_messages: Math.min(1000, produced - read), expires: 5000 });
    for await (const m of batch) {
      read += 1;
      msgIds.add(m.headers?.get('Nats-Msg-Id') ?? '');
    }
  }
  const outboxIds: Array<{ id: string }> = await bed.t.dataSource.query(`SELECT id FROM outbox_event`);
  expect(outboxIds).toHaveLength(produced);
  expect(outboxIds.every(({ id }) => msgIds.has(id))).toBe(true);
  expect(msgIds.size).toBe(produced);

  // In the consumer's inbox: every event once, applied once.
  await eventually(async () => (await effectCounts(bed.t.dataSource)).rows === produced, 60_000);
  expect(await effectCounts(bed.t.dataSource)).toEqual({ rows: produced, applied: produced });
  const [{ n: inbox }] = await bed.t.dataSource.query(`SELECT count(*)::int AS n FROM inbox_event`);
  expect(inbox).toBe(produced);
  await consumer.stop();

  expect(kills.random + kills.afterPublish).toBeGreaterThanOrEqual(100);
  expect(kills.afterPublish).toBeGreaterThanOrEqual(40);
  process.stdout.write(
    `relay kills: ${kills.random} at random points, ${kills.afterPublish} between publish and mark ` +
      `(${kills.publishedNotMarked} events published but unmarked, republished by the next life); ` +
      `${produced} events, ${msgIds.size} on the stream, ${inbox} in the inbox\n`,
  );
}, 180_000);
