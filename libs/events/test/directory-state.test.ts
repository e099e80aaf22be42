/**
 * Directory state as the last value per school: a replica built after the event streams' history
 * has expired still knows every school, at its newest version.
 */
import { randomUUID } from 'node:crypto';
import { createDataSource, CreateOutboxAndInbox1732406400000, EVENT_PIPELINE_MIGRATIONS } from '@smss/db';
import { createTestDatabase, eventually, testLogger, type TestDatabase } from '@smss/testing';
import type { DataSource } from 'typeorm';
import {
  applySchoolsToReplica,
  buildEnvelope,
  connectNats,
  CreateDirectorySchoolReplica1732406400001,
  DurableConsumer,
  enqueueEvents,
  ensureStreams,
  OutboxRelay,
  SchoolUpserted,
  SCHOOLS_STREAM,
  STREAMS,
  upsertReplicaWhenSchoolUpserted,
  type NatsConnection,
  type PayloadOf,
} from '../src';
import {
  eventsTestDatabase,
  ItemRecorded,
  startPrivateNats,
  TEST_STREAM,
  type EventsTestDb,
  type PrivateNats,
} from './support';

const SCHOOLS = 300;
let nats: PrivateNats;
let nc: NatsConnection;
let directory: EventsTestDb;
let replicaDb: TestDatabase;
let replica: DataSource;

const school = (i: number, version: number): PayloadOf<typeof SchoolUpserted> & { id: string } => ({
  id: ids[i]!,
  obecCode: String(1016000000 + i),
  smisCode: String(16000000 + i),
  nameTh: `โรงเรียนทดสอบ ${i} รุ่น ${version}`,
  nameEn: null,
  areaOfficeCode: version === 3 ? '1602' : '1601',
  provinceCode: '16',
  districtCode: '1601',
  status: 'OPEN',
  schoolType: 'PRIMARY',
  levels: ['P1', 'P2'],
  version,
});
const ids = Array.from({ length: SCHOOLS }, () => randomUUID());

beforeAll(async () => {
  nats = await startPrivateNats();
  nc = await connectNats(nats.url, 'directory-state-test');
  directory = await eventsTestDatabase('directory');
  replicaDb = await createTestDatabase('replica');
  replica = createDataSource({
    url: replicaDb.url,
    migrations: [
      CreateOutboxAndInbox1732406400000,
      CreateDirectorySchoolReplica1732406400001,
      ...EVENT_PIPELINE_MIGRATIONS,
    ],
  });
  await replica.initialize();
  await replica.runMigrations();
});
afterAll(async () => {
  await replica.destroy();
  await replicaDb.drop();
  await directory.close();
  await nc.close();
  await nats.stop();
});

it('builds a complete replica, every school at its newest version, after the event history has expired', async () => {
  // Event streams keep 1.5 s here (30 days in production); the directory stream keeps no age limit.
  const jsm = await ensureStreams(nc, [...STREAMS, TEST_STREAM], { maxAgeMs: 1500 });
  for (const version of [1, 2, 3])
    await directory.dataSource.transaction((m) =>
      enqueueEvents(
        m,
        SchoolUpserted,
        ids.map((id, i) => ({ aggregateId: id, payload: school(i, version) })),
      ),
    );
  await directory.dataSource.transaction((m) =>
    enqueueEvents(m, ItemRecorded, [{ aggregateId: 'x', payload: { n: 1 } }]),
  );
  await new OutboxRelay(directory.dataSource, nc, testLogger()).drain();

  const schools = await jsm.streams.info(SCHOOLS_STREAM);
  expect(schools.config.max_age).toBe(0);
  expect(schools.config.max_msgs_per_subject).toBe(1);
  expect(schools.state.messages).toBe(SCHOOLS); // the last value of each school, nothing older
  await eventually(async () => (await jsm.streams.info(TEST_STREAM.name)).state.messages === 0, 10_000);
  await new Promise((r) => setTimeout(r, 1600)); // everything is now older than the event streams keep
  expect((await jsm.streams.info(SCHOOLS_STREAM)).state.messages).toBe(SCHOOLS);

  // A replica created now, replaying its stream from the start.
  const consumer = new DurableConsumer(replica, nc, testLogger(), {
    durable: 'late-replica',
    stream: SCHOOLS_STREAM,
    handlers: [upsertReplicaWhenSchoolUpserted],
    deliverPolicy: 'all',
  });
  await consumer.start();
  await eventually(async () => consumer.stats.handled === SCHOOLS, 20_000);
  await consumer.stop();
  const rows: Array<{ n: number; newest: number; area: string }> = await replica.query(
    `SELECT count(*)::int AS n, min(version)::int AS newest, min(area_office_code) AS area FROM directory_school_replica`,
  );
  expect(rows[0]).toEqual({ n: SCHOOLS, newest: 3, area: '1602' });
  expect(consumer.stats.batches).toBeLessThan(SCHOOLS); // applied set-based, many schools per statement
});

it('applies a batch in which a rebuilt directory gives an OBEC code a new id: the newer record wins', async () => {
  const obecCode = '1016099999';
  const base = { ...school(0, 1), obecCode, smisCode: '16099999' };
  const older = buildEnvelope(
    SchoolUpserted,
    'a',
    { ...base, id: randomUUID(), nameTh: 'เดิม' },
    {
      occurredAt: new Date('2025-01-01T00:00:00Z'),
    },
  );
  const newer = buildEnvelope(
    SchoolUpserted,
    'b',
    { ...base, id: randomUUID(), nameTh: 'ใหม่' },
    {
      occurredAt: new Date('2025-06-01T00:00:00Z'),
    },
  );
  await replica.transaction((m) => applySchoolsToReplica(m, [older, newer]));
  await replica.transaction((m) => applySchoolsToReplica(m, [older])); // a late, stale copy
  const rows = await replica.query(
    `SELECT school_id, name_th FROM directory_school_replica WHERE obec_code = $1`,
    [obecCode],
  );
  expect(rows).toEqual([{ school_id: newer.payload.id, name_th: 'ใหม่' }]);
});
