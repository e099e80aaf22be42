import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { eventually, testLogger } from '@smss/testing';
import {
  buildEnvelope,
  connectNats,
  DurableConsumer,
  ensureStreams,
  onBatch,
  type NatsConnection,
} from '../src';
import {
  applyEffects,
  effectCounts,
  eventsTestDatabase,
  ItemRecorded,
  startPrivateNats,
  TEST_STREAM,
  type EventsTestDb,
  type PrivateNats,
} from './support';

let nats: PrivateNats;
let nc: NatsConnection;
let t: EventsTestDb;

beforeAll(async () => {
  nats = await startPrivateNats();
  nc = await connectNats(nats.url, 'consumer-burst-test');
  await ensureStreams(nc, [TEST_STREAM]);
  t = await eventsTestDatabase('consumer_burst');
});
afterAll(async () => {
  await t.close();
  await nc.close();
  await nats.stop();
});

describe('DurableConsumer with a burst waiting in the stream', () => {
  it('handles every buffered message at once: none held back until its ack wait ends and redelivered', async () => {
    const durable = `burst-${Date.now()}`;
    const jsm = await jetstreamManager(nc);
    // Created before the burst so it reads it; the burst then waits in the stream, as after an outage.
    await jsm.consumers.add(TEST_STREAM.name, {
      durable_name: durable,
      ack_policy: 'explicit' as never,
      deliver_policy: 'new' as never,
    });
    const js = jetstream(nc);
    const total = 3000;
    await Promise.all(
      Array.from({ length: total }, (_, n) => {
        const e = buildEnvelope(ItemRecorded, `agg-${n}`, { n });
        return js.publish(ItemRecorded.subject, JSON.stringify(e), { msgID: e.id });
      }),
    );
    const c = new DurableConsumer(t.dataSource, nc, testLogger(), {
      durable,
      stream: TEST_STREAM.name,
      handlers: [
        onBatch(ItemRecorded, {
          handle: (e, m) => applyEffects(m, [e]),
          handleBatch: (events, m) => applyEffects(m, events),
        }),
      ],
      batch: 500,
      ackWaitMs: 60_000,
    });
    const started = Date.now();
    await c.start();
    try {
      await eventually(async () => (await effectCounts(t.dataSource)).rows === total, 20_000);
      // Far below the 60 s ack wait, and nothing came twice: no batch was left waiting for a message.
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(await effectCounts(t.dataSource)).toEqual({ rows: total, applied: total });
      expect(c.stats.duplicates).toBe(0);
      expect(c.stats.batches).toBeLessThanOrEqual(total / 100);
    } finally {
      await c.stop();
    }
  });
});
