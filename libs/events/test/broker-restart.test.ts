/**
 * A broker restart mid-stream: the private nats-server (file storage) is SIGKILLed while the
 * relay publishes and the consumer consumes, and started again on the same port and store.
 * No event JetStream had acknowledged is lost, and every event is applied exactly once.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { eventually, testLogger } from '@smss/testing';
import {
  connectNats,
  DurableConsumer,
  enqueueEvents,
  ensureStreams,
  onBatch,
  OutboxRelay,
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

const EVENTS = 3000;

let nats: PrivateNats;
let nc: NatsConnection;
let t: EventsTestDb;

beforeAll(async () => {
  nats = await startPrivateNats();
  nc = await connectNats(nats.url, 'broker-restart-test');
  await ensureStreams(nc, [TEST_STREAM]);
  t = await eventsTestDatabase('brokerrestart');
});
afterAll(async () => {
  await nc.close();
  await t.close();
  await nats.stop();
});

it('loses no acknowledged event and applies each once when the broker is killed and restarted mid-stream', async () => {
  const relay = new OutboxRelay(t.dataSource, nc, testLogger(), {
    pollIntervalMs: 50,
    publishTimeoutMs: 2000,
    retryDelayMs: { first: 100, max: 500 },
  });
  const consumer = new DurableConsumer(t.dataSource, nc, testLogger(), {
    durable: 'restart-consumer',
    stream: TEST_STREAM.name,
    ackWaitMs: 2000,
    handlers: [
      onBatch(ItemRecorded, {
        handle: (e, m) => applyEffects(m, [e]),
        handleBatch: (events, m) => applyEffects(m, events),
      }),
    ],
  });
  await relay.start();
  await consumer.start();

  let acknowledgedBeforeKill: string[] = [];
  let appliedBeforeKill = 0;
  for (let chunk = 0; chunk < 60; chunk++) {
    await t.dataSource.transaction((m) =>
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
      await eventually(async () => (await effectCounts(t.dataSource)).rows > 0);
      await nats.kill(); // SIGKILL: no flush, no goodbye
      acknowledgedBeforeKill = (
        await t.dataSource.query(`SELECT id FROM outbox_event WHERE published_at IS NOT NULL`)
      ).map((r: { id: string }) => r.id);
      appliedBeforeKill = (await effectCounts(t.dataSource)).rows;
    }
    if (chunk === 30) await nats.restart(); // events of chunks 21–30 were committed while it was down
    await new Promise((r) => setTimeout(r, 30));
  }

  await eventually(async () => (await effectCounts(t.dataSource)).rows === EVENTS, 90_000);
  await relay.stop();
  await consumer.stop();

  expect(acknowledgedBeforeKill.length).toBeGreaterThan(0);
  expect(acknowledgedBeforeKill.length).toBeLessThan(EVENTS);
  const jsm = await jetstreamManager(nc);
  expect((await jsm.streams.info(TEST_STREAM.name)).state.messages).toBe(EVENTS);
  const [{ n: missing }] = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS a(id)
      WHERE NOT EXISTS (SELECT 1 FROM inbox_event i WHERE i.event_id = a.id)`,
    [acknowledgedBeforeKill],
  );
  expect(missing).toBe(0);
  expect(await effectCounts(t.dataSource)).toEqual({ rows: EVENTS, applied: EVENTS });
  process.stdout.write(
    `broker restart: ${acknowledgedBeforeKill.length} events acknowledged and ${appliedBeforeKill} applied ` +
      `before the kill; after the restart ${EVENTS} on the stream, ${EVENTS} applied once\n`,
  );
}, 120_000);
