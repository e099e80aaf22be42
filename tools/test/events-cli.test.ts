import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { createDataSource, CreateOutboxAndInbox1732406400000, EVENT_PIPELINE_MIGRATIONS } from '@smss/db';
import {
  buildEnvelope,
  connectNats,
  defineEvent,
  DurableConsumer,
  ensureStreams,
  on,
  type NatsConnection,
} from '@smss/events';
import {
  createTestDatabase,
  eventually,
  startPrivateNats,
  testLogger,
  type PrivateNats,
  type TestDatabase,
} from '@smss/testing';
import { runEventsCommand } from '../src/events';

const Thing = defineEvent({
  subject: 'clitest.thing.happened.v1',
  stream: 'CLITEST',
  payload: z.object({ n: z.number() }),
  description: 'test event',
});

let nats: PrivateNats;
let nc: NatsConnection;
let db: TestDatabase;
let ds: DataSource;
let consumer: DurableConsumer;
let broken = true;
const applied: number[] = [];

const run = async (...argv: string[]) => {
  const lines: string[] = [];
  const code = await runEventsCommand([...argv, '--service', 'finance'], {
    out: (l) => lines.push(l),
    databaseUrl: () => db.url,
  });
  return { code, output: lines.join('\n') };
};

beforeAll(async () => {
  nats = await startPrivateNats();
  nc = await connectNats(nats.url, 'events-cli-test');
  await ensureStreams(nc, [{ name: 'CLITEST', subjects: ['clitest.>'], owner: 'test', description: 'test' }]);
  db = await createTestDatabase('eventscli');
  ds = createDataSource({
    url: db.url,
    migrations: [CreateOutboxAndInbox1732406400000, ...EVENT_PIPELINE_MIGRATIONS],
  });
  await ds.initialize();
  await ds.runMigrations();
  consumer = new DurableConsumer(ds, nc, testLogger(), {
    durable: 'finance-cli-test',
    stream: 'CLITEST',
    maxDeliver: 2,
    retryDelayMs: { first: 50, max: 50 },
    replayPollMs: 100,
    handlers: [
      on(Thing, async (event) => {
        if (broken) throw new Error('no fiscal year 2569 yet');
        applied.push(event.payload.n);
      }),
    ],
  });
  await consumer.start();
});
afterAll(async () => {
  await consumer.stop();
  await ds.destroy();
  await db.drop();
  await nc.close();
  await nats.stop();
});

describe('npm run events', () => {
  it('lists a dead letter with its consumer, attempts and error, then replays it once after the fix', async () => {
    const envelope = buildEnvelope(Thing, 'x', { n: 42 });
    await jetstream(nc).publish(Thing.subject, JSON.stringify(envelope), { msgID: envelope.id });
    await eventually(async () => consumer.stats.deadLettered === 1, 10_000);

    const listed = await run('list');
    expect(listed.code).toBe(0);
    expect(listed.output).toContain('finance: 1 dead letter(s)');
    expect(listed.output).toContain(`${envelope.id}  finance-cli-test  ${Thing.subject}  dead  attempts 2`);
    expect(listed.output).toContain('no fiscal year 2569 yet');

    broken = false;
    const replayed = await run('replay', envelope.id, '--wait', '15');
    expect(replayed.output).toContain(`${envelope.id}  finance-cli-test: replayed`);
    expect(replayed.code).toBe(0);
    expect(applied).toEqual([42]);

    const again = await run('replay', Thing.subject, '--wait', '2');
    expect(again.output).toContain(`nothing to replay for ${Thing.subject}`);
    expect(applied).toEqual([42]);
    expect((await run('list')).output).toContain('finance: 0 dead letter(s)');
  });

  it('gives a set-aside outbox row back to the relay', async () => {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO outbox_event (id, subject, aggregate_id, envelope, occurred_at, attempts, last_error, dead_at)
       VALUES ($1, 'finance.allocation.computed.v1', 'a', '{}', now(), 10, 'no stream', now())`,
      [id],
    );
    expect((await run('list')).output).toContain(`outbox ${id}  finance.allocation.computed.v1  attempts 10`);
    const result = await run('replay', id);
    expect(result.output).toContain(`finance: outbox ${id} given back to the relay`);
    const [row] = await ds.query(`SELECT dead_at, attempts FROM outbox_event WHERE id = $1`, [id]);
    expect(row).toEqual({ dead_at: null, attempts: 0 });
  });

  it('says how to use it when the command is unknown', async () => {
    const result = await run('frobnicate');
    expect(result.code).toBe(2);
    expect(result.output).toContain('usage:');
  });
});
