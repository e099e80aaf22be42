import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { eventually, testLogger } from '@smss/testing';
import { buildEnvelope, DurableConsumer } from '../src';
import { effectCounts, ItemRecorded, TEST_STREAM } from './support';
import { itemEffects, privateBrokerSuite } from './private-broker';

const bed = privateBrokerSuite('consumer-burst-test', 'consumer_burst');

describe('DurableConsumer with a burst waiting in the stream', () => {
  it('handles every buffered message at once: none held back until its ack wait ends and redelivered', async () => {
    const durable = `burst-${Date.now()}`;
    const jsm = await jetstreamManager(bed.nc);
    // Created before the burst so it reads it; the burst then waits in the stream, as after an outage.
    await jsm.consumers.add(TEST_STREAM.name, {
      durable_name: durable,
      ack_policy: 'explicit' as never,
      deliver_policy: 'new' as never,
    });
    const js = jetstream(bed.nc);
    const total = 3000;
    await Promise.all(
      Array.from({ length: total }, (_, n) => {
        const e = buildEnvelope(ItemRecorded, `agg-${n}`, { n });
        return js.publish(ItemRecorded.subject, JSON.stringify(e), { msgID: e.id });
      }),
    );
    const c = new DurableConsumer(bed.t.dataSource, bed.nc, testLogger(), {
      durable,
      stream: TEST_STREAM.name,
      handlers: [itemEffects()],
      batch: 500,
      ackWaitMs: 60_000,
    });
    const started = Date.now();
    await c.start();
    try {
      await eventually(async () => (await effectCounts(bed.t.dataSource)).rows === total, 20_000);
      // Far below the 60 s ack wait, and nothing came twice: no batch was left waiting for a message.
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(await effectCounts(bed.t.dataSource)).toEqual({ rows: total, applied: total });
      expect(c.stats.duplicates).toBe(0);
      expect(c.stats.batches).toBeLessThanOrEqual(total / 100);
    } finally {
      await c.stop();
    }
  });
});
