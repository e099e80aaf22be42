/**
 * A broker restart mid-stream: the private nats-server (file storage) is SIGKILLed while the
 * relay publishes and the consumer consumes, and started again on the same port and store.
 * No event JetStream had acknowledged is lost, and every event is applied exactly once.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { eventually, testLogger } from '@smss/testing';
import { DurableConsumer, enqueueEvents, OutboxRelay } from '../src';
import { effectCounts, ItemRecorded, TEST_STREAM } from './support';
import { itemEffects, privateBrokerSuite } from './private-broker';

const EVENTS = 3000;

const bed = privateBrokerSuite('broker-restart-test', 'brokerrestart');

it('loses no acknowledged event and applies each once when the broker is killed and restarted mid-stream', async () => {
  const relay = new OutboxRelay(bed.t.dataSource, bed.nc, testLogger(), {
    pollIntervalMs: 50,
    publishTimeoutMs: 2000,
    retryDelayMs: { first: 100, max: 500 },
  });
  const consumer = new DurableConsumer(bed.t.dataSource, bed.nc, testLogger(), {
    durable: 'restart-consumer',
    stream: TEST_STREAM.name,
    ackWaitMs: 2000,
    handlers: [itemEffects()],
  });
  await relay.start();
  await consumer.start();

  let acknowledgedBeforeKill: string[] = [];
  let appliedBeforeKill = 0;
  for (let chunk = 0; chunk < 60; chunk++) {
    await bed.t.dataSource.transaction((m) =>
      enqueueEvents(
        m,
        ItemRecorded,
        Array.from({ length: EVENTS / 60 }, (_, i) => ({
          aggregateId: `a${chunk}-${i}`,
          payload: { n: chunk * 1000 + i },
        })),
      ),
    );
    if (chunk === 20) {
      await eventually(async () => (await effectCounts(bed.t.dataSource)).rows > 0);
      await bed.nats.kill(); // SIGKILL: no flush, no goodbye
      acknowledgedBeforeKill = (
        await bed.t.dataSource.query(`SELECT id FROM outbox_event WHERE published_at IS NOT NULL`)
      ).map((r: { id: string }) => r.id);
      appliedBeforeKill = (await effectCounts(bed.t.dataSource)).rows;
    }
    if (chunk === 30) await bed.nats.restart(); // events of chunks 21–30 were committed while it was down
    await new Promise((r) => setTimeout(r, 30));
  }

  await eventually(async () => (await effectCounts(bed.t.dataSource)).rows === EVENTS, 90_000);
  await relay.stop();
  await consumer.stop();

  expect(acknowledgedBeforeKill.length).toBeGreaterThan(0);
  expect(acknowledgedBeforeKill.length).toBeLessThan(EVENTS);
  const jsm = await jetstreamManager(bed.nc);
  expect((await jsm.streams.info(TEST_STREAM.name)).state.messages).toBe(EVENTS);
  const [{ n: missing }] = await bed.t.dataSource.query(
    `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS a(id)
      WHERE NOT EXISTS (SELECT 1 FROM inbox_event i WHERE i.event_id = a.id)`,
    [acknowledgedBeforeKill],
  );
  expect(missing).toBe(0);
  expect(await effectCounts(bed.t.dataSource)).toEqual({ rows: EVENTS, applied: EVENTS });
  process.stdout.write(
    `broker restart: ${acknowledgedBeforeKill.length} events acknowledged and ${appliedBeforeKill} applied ` +
      `before the kill; after the restart ${EVENTS} on the stream, ${EVENTS} applied once\n`,
  );
}, 120_000);
