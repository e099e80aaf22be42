import { randomUUID } from 'node:crypto';
import type { JetStreamManager } from '@nats-io/jetstream';
import { eventually, testLogger } from '@smss/testing';
import {
  connectNats,
  enqueueEvents,
  ensureStreams,
  OutboxRelay,
  SchoolUpserted,
  SCHOOLS_STREAM,
  STREAMS,
  subjectFor,
  type NatsConnection,
} from '../src';
import {
  eventsTestDatabase,
  ItemRecorded,
  startPrivateNats,
  TEST_STREAM,
  type EventsTestDb,
  type PrivateNats,
} from './support';

let nats: PrivateNats;
let nc: NatsConnection;
let jsm: JetStreamManager;
let t: EventsTestDb;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  nats = await startPrivateNats();
  nc = await connectNats(nats.url, 'relay-test');
  jsm = await ensureStreams(nc, [TEST_STREAM, ...STREAMS]);
});
beforeEach(async () => {
  await jsm.streams.purge(TEST_STREAM.name);
  await jsm.streams.purge(SCHOOLS_STREAM);
  t = await eventsTestDatabase('relay');
});
afterEach(async () => {
  for (const r of relays.splice(0)) await r.stop();
  await t.close();
});
afterAll(async () => {
  await nc.close();
  await nats.stop();
});

const relay = (options: ConstructorParameters<typeof OutboxRelay>[3] = {}) => {
  const r = new OutboxRelay(t.dataSource, nc, testLogger(), options);
  relays.push(r);
  return r;
};

const enqueue = (count: number, from = 0) =>
  t.dataSource.transaction((m) =>
    enqueueEvents(
      m,
      ItemRecorded,
      Array.from({ length: count }, (_, i) => ({ aggregateId: `a${from + i}`, payload: { n: from + i } })),
    ),
  );

/** Rows the relay cannot publish: no stream captures their subject. */
const enqueuePoison = (count: number) =>
  t.dataSource.query(
    `INSERT INTO outbox_event (id, subject, aggregate_id, envelope, occurred_at)
     SELECT gen_random_uuid(), 'nowhere.thing.happened.v1', 'p' || i, '{}'::jsonb, now() FROM generate_series(1, $1) i`,
    [count],
  );

const outbox = async () =>
  (
    await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published,
              count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead,
              count(*) FILTER (WHERE published_at IS NULL AND dead_at IS NULL)::int AS pending
         FROM outbox_event`,
    )
  )[0] as { published: number; dead: number; pending: number };

describe('OutboxRelay', () => {
  it('publishes every row once, a page at a time, with the event id as Nats-Msg-Id', async () => {
    await enqueue(1200);
    const r = relay({ batchSize: 500 });
    expect(await r.drain()).toBe(1200);
    expect(await outbox()).toEqual({ published: 1200, dead: 0, pending: 0 });
    expect((await jsm.streams.info(TEST_STREAM.name)).state.messages).toBe(1200);
    // Republishing the same rows (a crash before the mark) adds nothing to the stream.
    await t.dataSource.query(`UPDATE outbox_event SET published_at = NULL`);
    expect(await r.drain()).toBe(1200);
    expect((await jsm.streams.info(TEST_STREAM.name)).state.messages).toBe(1200);
  });

  it('does not let a page of poison rows stall the outbox: they back off, then are set aside with their error', async () => {
    await enqueuePoison(600); // more than a page
    await enqueue(100);
    const r = relay({
      batchSize: 500,
      maxAttempts: 3,
      retryDelayMs: { first: 200, max: 400 },
      pollIntervalMs: 50,
    });
    await r.start();
    await eventually(async () => (await outbox()).published === 100, 10_000);
    await eventually(async () => (await outbox()).dead === 600, 20_000);
    const [row] = await t.dataSource.query(
      `SELECT attempts, last_error, dead_at FROM outbox_event WHERE subject = 'nowhere.thing.happened.v1' LIMIT 1`,
    );
    expect(row.attempts).toBe(3);
    expect(row.last_error).toMatch(/no responders|not enabled|503/i); // no stream answers the subject
    expect(r.stats.dead).toBe(600);
    // New rows still flow.
    await enqueue(10, 1000);
    await eventually(async () => (await outbox()).published === 110, 10_000);
  });

  it('publishes the events of one state subject strictly in order: a later version waits while an earlier one is retried', async () => {
    const school = randomUUID();
    const subject = subjectFor(SchoolUpserted, school);
    const insert = (version: number, bytes: number) =>
      t.dataSource.query(
        `INSERT INTO outbox_event (id, subject, aggregate_id, envelope, occurred_at) VALUES ($1, $2, $3, $4, now())`,
        [randomUUID(), subject, school, JSON.stringify({ version, padding: 'x'.repeat(bytes) })],
      );
    await insert(1, 2_000_000); // larger than NATS accepts: fails until set aside
    await insert(2, 10);
    await enqueue(5);
    const r = relay({ maxAttempts: 2, retryDelayMs: { first: 300, max: 300 }, pollIntervalMs: 50 });
    await r.start();
    await eventually(async () => (await outbox()).published === 5, 10_000);
    const [v2] = await t.dataSource.query(
      `SELECT published_at FROM outbox_event WHERE subject = $1 AND envelope->>'version' = '2'`,
      [subject],
    );
    expect(v2.published_at).toBeNull(); // waiting behind version 1
    await eventually(async () => (await outbox()).dead === 1 && (await outbox()).published === 6, 10_000);
    const last = await jsm.streams.getMessage(SCHOOLS_STREAM, { last_by_subj: subject });
    expect(last?.json<{ version: number }>().version).toBe(2);
  });

  it('is woken by the insert while it waits, well before its poll interval', async () => {
    const r = relay({ pollIntervalMs: 60_000 });
    await r.start();
    await eventually(
      async () => (await t.dataSource.query(`SELECT waiting FROM outbox_relay_state`))[0].waiting,
    );
    const started = Date.now();
    await enqueue(1);
    await eventually(async () => (await outbox()).published === 1, 5000);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
