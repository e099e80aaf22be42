/**
 * `npm run bench:events`: the event pipeline's platform parts against raw JetStream, in one run on a
 * private nats-server (file storage) and a scratch database:
 *   1. raw JetStream consume (pull, ack each message, nothing else) — the ceiling;
 *   2. the platform's DurableConsumer with a no-op handler: envelope + contract validation, one
 *      transaction per batch with the multi-row inbox insert, ack after commit (target ≥ 0.5× raw);
 *   3. the same with batch = 1 (one transaction per event: how every consumer ran before);
 *   4. the outbox relay: rows committed in the outbox → published and marked;
 *   5. the cost of a transaction through a TypeORM QueryRunner vs a plain pg client.
 * Prints events/s and ratios; writes bench-results/events.json.
 * BENCH_EVENTS (default 50,000), TEST_DATABASE_URL / DATABASE_URL (a server URL, default local).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AckPolicy, DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { Client } from 'pg';
import pino from 'pino';
import { z } from 'zod';
import { createDataSource, CreateOutboxAndInbox1732406400000, EVENT_PIPELINE_MIGRATIONS } from '@smss/db';
import { createTestDatabase, startPrivateNats } from '@smss/testing';
import {
  buildEnvelope,
  connectNats,
  defineEvent,
  DurableConsumer,
  enqueueEvents,
  ensureStreams,
  on,
  OutboxRelay,
  type StreamSpec,
} from '../src';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number(process.env.BENCH_EVENTS ?? 50_000);
const logger = pino({ level: 'silent' });

const STREAM: StreamSpec = { name: 'BENCH', subjects: ['bench.>'], owner: 'bench', description: 'bench' };
const RELAYED: StreamSpec = {
  name: 'BENCHRELAY',
  subjects: ['benchrelay.>'],
  owner: 'bench',
  description: 'bench',
};
// A payload shaped like a small real event (a DMC snapshot's identifying fields).
const payload = z.object({
  schoolId: z.string().uuid(),
  schoolCode: z.string().regex(/^\d{10}$/),
  areaOfficeCode: z.string().regex(/^\d{4}$/),
  academicYear: z.number().int(),
  totalStudents: z.number().int().nonnegative(),
});
const Measured = defineEvent({
  subject: 'bench.school.measured.v1',
  stream: 'BENCH',
  payload,
  description: 'bench',
});
const Relayed = defineEvent({
  subject: 'benchrelay.school.measured.v1',
  stream: 'BENCHRELAY',
  payload,
  description: 'bench',
});
const samplePayload = (i: number) => ({
  schoolId: '7f1c1f5e-4b2a-4d1e-9a55-0c9f3b1d2e01',
  schoolCode: String(1_000_000_000 + i),
  areaOfficeCode: '1601',
  academicYear: 2568,
  totalStudents: i % 900,
});

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const nats = await startPrivateNats();
  const db = await createTestDatabase('bench_events');
  const ds = createDataSource({
    url: db.url,
    migrations: [CreateOutboxAndInbox1732406400000, ...EVENT_PIPELINE_MIGRATIONS],
  });
  await ds.initialize();
  await ds.runMigrations();
  const nc = await connectNats(nats.url, 'bench-events');
  try {
    const jsm = await ensureStreams(nc, [STREAM, RELAYED]);
    const js = jetstream(nc);
    say(
      `${N.toLocaleString('en')} events, private nats-server ${nc.info?.version}, PostgreSQL scratch database`,
    );
    for (let i = 0; i < N; i += 1000)
      await Promise.all(
        Array.from({ length: Math.min(1000, N - i) }, (_, k) => {
          const e = buildEnvelope(Measured, `s${i + k}`, samplePayload(i + k));
          return js.publish(Measured.subject, JSON.stringify(e), { msgID: e.id });
        }),
      );

    // 1. Raw JetStream consume: pull and ack, nothing else.
    await jsm.consumers.add(STREAM.name, {
      durable_name: 'raw',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 4000,
    });
    const raw = await js.consumers.get(STREAM.name, 'raw');
    let t0 = Date.now();
    const messages = await raw.consume({ max_messages: 1000 });
    let seen = 0;
    for await (const m of messages) {
      m.ack();
      if (++seen === N) break;
    }
    const rawMs = Date.now() - t0;
    const rawRate = rate(N, rawMs);
    say(`1. raw JetStream consume (pull + ack):            ${rawRate.toLocaleString('en')} events/s`);

    // 2. The platform consumer, no-op handler, batches of up to 500.
    const platform = async (durable: string, batch: number, count: number) => {
      const consumer = new DurableConsumer(ds, nc, logger, {
        durable,
        stream: STREAM.name,
        batch,
        handlers: [on(Measured, async () => undefined)],
      });
      const start = Date.now();
      await consumer.start();
      while (consumer.stats.handled < count) await new Promise((r) => setTimeout(r, 5));
      const ms = Date.now() - start;
      await consumer.stop();
      return { rate: rate(count, ms), batches: consumer.stats.batches, ms };
    };
    const batched = await platform('platform-batched', 500, N);
    say(
      `2. DurableConsumer, no-op handler, batch ≤ 500:    ${batched.rate.toLocaleString('en')} events/s ` +
        `(${batched.batches} batch transactions, ${(N / Math.max(1, batched.batches)).toFixed(0)} events each)`,
    );

    // 3. One transaction per event (batch = 1): the consumer as it was.
    const single = await platform('platform-single', 1, Math.min(N, 10_000));
    say(`3. DurableConsumer, no-op handler, batch = 1:      ${single.rate.toLocaleString('en')} events/s`);

    // 4. The relay: committed outbox rows → JetStream (window of async publishes) → one UPDATE per page.
    await ds.transaction((m) =>
      enqueueEvents(
        m,
        Relayed,
        Array.from({ length: N }, (_, i) => ({ aggregateId: `s${i}`, payload: samplePayload(i) })),
      ),
    );
    const relay = new OutboxRelay(ds, nc, logger);
    t0 = Date.now();
    const published = await relay.drain();
    const relayRate = rate(published, Date.now() - t0);
    say(`4. outbox relay, pages of 500, window 256:         ${relayRate.toLocaleString('en')} events/s`);

    // 5. What a batch transaction costs through TypeORM vs a plain pg client.
    const txs = 2000;
    const runner = ds.createQueryRunner();
    await runner.connect();
    t0 = performance.now();
    for (let i = 0; i < txs; i++) {
      await runner.startTransaction();
      await runner.manager.query('SELECT 1');
      await runner.commitTransaction();
    }
    const typeormUs = ((performance.now() - t0) / txs) * 1000;
    await runner.release();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    t0 = performance.now();
    for (let i = 0; i < txs; i++) {
      await client.query('BEGIN');
      await client.query('SELECT 1');
      await client.query('COMMIT');
    }
    const pgUs = ((performance.now() - t0) / txs) * 1000;
    await client.end();
    say(
      `5. a transaction (BEGIN, one statement, COMMIT): TypeORM QueryRunner ${typeormUs.toFixed(0)} µs, ` +
        `plain pg ${pgUs.toFixed(0)} µs — ${((typeormUs - pgUs) / 500).toFixed(2)} µs per event at 500 per batch`,
    );

    const ratio = batched.rate / rawRate;
    say('');
    say(`   platform consumer / raw JetStream:  ${ratio.toFixed(2)}×   (target ≥ 0.5×)`);
    say(`   batched / one transaction per event: ${(batched.rate / single.rate).toFixed(1)}×`);
    say(`   relay / raw JetStream consume:       ${(relayRate / rawRate).toFixed(2)}×`);
    const out = path.resolve(__dirname, '..', '..', '..', 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'events.json'),
      `${JSON.stringify(
        {
          events: N,
          natsServer: nc.info?.version,
          rawConsumePerSecond: rawRate,
          platformConsumerPerSecond: batched.rate,
          platformBatches: batched.batches,
          oneTransactionPerEventPerSecond: single.rate,
          relayPublishPerSecond: relayRate,
          transactionMicroseconds: { typeorm: Math.round(typeormUs), pg: Math.round(pgUs) },
          ratioPlatformToRaw: Number(ratio.toFixed(3)),
          measuredAt: new Date().toISOString(),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await nc.close();
    await ds.destroy();
    await db.drop();
    await nats.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
