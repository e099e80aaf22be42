import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import type { DataSource } from 'typeorm';
import { CreateOutboxAndInbox1732406400000, createDataSource, EVENT_PIPELINE_MIGRATIONS } from '@smss/db';
import {
  CreateDirectorySchoolReplica1732406400001,
  DurableConsumer,
  OutboxRelay,
  SchoolUpserted,
  SCHOOLS_STREAM,
  subjectFilterOf,
  subjectFor,
  upsertReplicaWhenSchoolUpserted,
  type NatsConnection,
} from '@smss/events';
import { createTestDatabase, eventually, gql, testLogger, tokenFor, type TestDatabase } from '@smss/testing';
import { startSchools, type SchoolsHarness } from './support';

/** A second "service": its own database with a directory replica fed by a durable consumer. */
let h: SchoolsHarness;
let replicaDb: TestDatabase;
let replica: DataSource;
let consumer: DurableConsumer;
let admin: string;
let nc: NatsConnection;
const durable = `test-replica-${Date.now()}`;
const suiteStart = new Date(Date.now() - 1000).toISOString();

beforeAll(async () => {
  h = await startSchools({ runRelay: false });
  nc = h.service.nc;
  admin = await tokenFor('obec-admin', 'OBEC');
  replicaDb = await createTestDatabase('replica');
  replica = createDataSource({
    url: replicaDb.url,
    entities: [],
    migrations: [
      CreateOutboxAndInbox1732406400000,
      CreateDirectorySchoolReplica1732406400001,
      ...EVENT_PIPELINE_MIGRATIONS,
    ],
  });
  await replica.initialize();
  await replica.runMigrations();
  consumer = new DurableConsumer(replica, nc, testLogger(), {
    durable,
    stream: SCHOOLS_STREAM,
    handlers: [upsertReplicaWhenSchoolUpserted],
    deliverPolicy: 'new',
  });
  await consumer.start();
  // The demo seed's events are in the outbox; publish them so later counts start clean.
  await new OutboxRelay(h.service.dataSource, nc, testLogger()).drain();
});

afterAll(async () => {
  await consumer.stop();
  await (await jetstreamManager(nc)).consumers.delete(SCHOOLS_STREAM, durable).catch(() => undefined);
  await replica.destroy();
  await replicaDb.drop();
  await h.stop();
});

let n = 0;
async function createSchool(): Promise<{ id: string; obecCode: string }> {
  n += 1;
  const code = String(8000 + n);
  const res = await gql(
    h.service.url,
    `mutation($i: CreateSchoolInput!) { createSchool(input: $i) { id obecCode } }`,
    {
      i: {
        obecCode: `101601${code}`,
        smisCode: `1601${code}`,
        nameTh: `โรงเรียนบ้านเหตุการณ์${n}`,
        areaOfficeCode: '1601',
        districtCode: '1601',
        levels: ['PRIMARY'],
        schoolType: 'PRIMARY',
      },
    },
    { token: admin },
  );
  expect(res.errors).toBeUndefined();
  return res.data.createSchool;
}

/** Every message in the stream about one school since this suite started (an ordered consumer). */
async function streamMessagesFor(aggregateId: string): Promise<string[]> {
  const js = jetstream(nc);
  const oc = await js.consumers.get(SCHOOLS_STREAM, {
    filter_subjects: subjectFilterOf(SchoolUpserted),
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: suiteStart,
  });
  const ids: string[] = [];
  const info = await oc.info();
  let remaining = info.num_pending;
  while (remaining > 0) {
    const batch = await oc.fetch({ max_messages: Math.min(remaining, 1000), expires: 2000 });
    let got = 0;
    for await (const m of batch) {
      got += 1;
      const envelope = m.json<{ id: string; aggregateId: string }>();
      if (envelope.aggregateId === aggregateId) ids.push(envelope.id);
    }
    if (got === 0) break;
    remaining -= got;
  }
  return ids;
}

const inboxCount = async (eventId: string) =>
  Number((await replica.query(`SELECT count(*) FROM inbox_event WHERE event_id = $1`, [eventId]))[0].count);

const outboxRow = async (aggregateId: string) =>
  (
    await h.service.dataSource.query(`SELECT id, published_at FROM outbox_event WHERE aggregate_id = $1`, [
      aggregateId,
    ])
  )[0];

describe('school events through the outbox and JetStream', () => {
  it('delivers a school change to a durable consumer exactly once and fills its directory replica', async () => {
    const relay = new OutboxRelay(h.service.dataSource, nc, testLogger(), { pollIntervalMs: 50 });
    await relay.start();
    try {
      const school = await createSchool();
      const row = await eventually(async () => {
        const rows = await replica.query(`SELECT * FROM directory_school_replica WHERE school_id = $1`, [
          school.id,
        ]);
        return rows[0];
      });
      expect(row).toMatchObject({ obec_code: school.obecCode, area_office_code: '1601', version: 1 });
      const event = await outboxRow(school.id);
      expect(event.published_at).not.toBeNull();
      expect(await inboxCount(event.id)).toBe(1);
      expect(await streamMessagesFor(school.id)).toEqual([event.id]);
    } finally {
      await relay.stop();
    }
  });

  it('still delivers, once, when the relay dies after publishing but before marking the row', async () => {
    const school = await createSchool();
    const crashing = new OutboxRelay(h.service.dataSource, nc, testLogger(), {
      afterPublish: () => {
        throw new Error('simulated crash between publish and commit');
      },
    });
    await expect(crashing.publishBatch()).rejects.toThrow('simulated crash');
    const event = await outboxRow(school.id);
    expect(event.published_at).toBeNull(); // the mark was rolled back with the "crash"

    const restarted = new OutboxRelay(h.service.dataSource, nc, testLogger());
    expect(await restarted.drain()).toBeGreaterThanOrEqual(1);
    expect((await outboxRow(school.id)).published_at).not.toBeNull();

    await eventually(async () => (await inboxCount(event.id)) === 1);
    // JetStream dropped the republished copy (same Nats-Msg-Id): one message in the stream.
    expect(await streamMessagesFor(school.id)).toEqual([event.id]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await inboxCount(event.id)).toBe(1);
  });

  it('delivers an event committed while no relay ran, once the relay starts', async () => {
    const school = await createSchool();
    await new Promise((r) => setTimeout(r, 200));
    expect(await streamMessagesFor(school.id)).toEqual([]);
    await new OutboxRelay(h.service.dataSource, nc, testLogger()).drain();
    const event = await outboxRow(school.id);
    await eventually(async () => (await inboxCount(event.id)) === 1);
  });

  it('applies an event delivered twice (outside the duplicate window) only once, thanks to the inbox', async () => {
    const school = await createSchool();
    await new OutboxRelay(h.service.dataSource, nc, testLogger()).drain();
    const event = await outboxRow(school.id);
    await eventually(async () => (await inboxCount(event.id)) === 1);
    const handledBefore = consumer.handled;
    const [{ envelope }] = await h.service.dataSource.query(
      `SELECT envelope FROM outbox_event WHERE id = $1`,
      [event.id],
    );
    // A different Nats-Msg-Id defeats JetStream's dedupe, as a republish after the window would.
    await jetstream(nc).publish(subjectFor(SchoolUpserted, school.id), JSON.stringify(envelope), {
      msgID: `${event.id}-again`,
    });
    await eventually(async () => consumer.duplicates > 0);
    expect(consumer.handled).toBe(handledBefore);
    expect(await inboxCount(event.id)).toBe(1);
  });

  it('keeps the newest version in the replica when an older event arrives late', async () => {
    const school = await createSchool();
    const update = await gql(
      h.service.url,
      `mutation($id: ID!) { updateSchool(id: $id, input: { nameTh: "โรงเรียนชื่อใหม่" }) { version } }`,
      { id: school.id },
      { token: admin },
    );
    expect(update.data.updateSchool.version).toBe(2);
    // Publish version 2 first; once it is applied, version 1 arrives late. (Not both at once: the
    // SCHOOLS stream keeps only the last message per school's subject, so a version 1 published before
    // the consumer has received version 2 would replace it in the stream and version 2 would never come.)
    const rows = await h.service.dataSource.query(
      `SELECT id, envelope FROM outbox_event WHERE aggregate_id = $1 ORDER BY seq DESC`,
      [school.id],
    );
    expect(
      rows.map((r: { envelope: { payload: { version: number } } }) => r.envelope.payload.version),
    ).toEqual([2, 1]);
    await h.service.dataSource.query(`UPDATE outbox_event SET published_at = now() WHERE aggregate_id = $1`, [
      school.id,
    ]);
    const js = jetstream(nc);
    for (const row of rows) {
      await js.publish(subjectFor(SchoolUpserted, school.id), JSON.stringify(row.envelope), {
        msgID: row.id,
      });
      await eventually(async () => (await inboxCount(row.id)) === 1);
    }
    const [replicated] = await replica.query(
      `SELECT name_th, version FROM directory_school_replica WHERE school_id = $1`,
      [school.id],
    );
    expect(replicated).toEqual({ name_th: 'โรงเรียนชื่อใหม่', version: 2 });
  });

  it('refuses to publish an event whose payload breaks its contract', async () => {
    const { enqueueEvent } = await import('@smss/events');
    await expect(
      h.service.dataSource.transaction((m) =>
        enqueueEvent(m, SchoolUpserted, 'x', { obecCode: 'bad' } as never),
      ),
    ).rejects.toThrow();
  });
});
