import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@smss/db';
import {
  createTestDatabase,
  randomBatches,
  seededRandom as random,
  shuffleWith,
  type TestDatabase,
} from '@smss/testing';
import {
  applySchoolsToReplica,
  applySchoolToReplica,
  buildEnvelope,
  CreateDirectorySchoolReplica1732406400001,
  SchoolUpserted,
  type EventEnvelope,
  type PayloadOf,
} from '../src';

/**
 * The directory replica's batch path (`applySchoolsToReplica`, what a replica consumer runs per batch)
 * against the per-event path (`applySchoolToReplica`, one event per transaction), on the same random
 * event sequence: versions out of order, republished events, schools re-created under a new id with
 * the same OBEC code (the newer record wins), in batches of random size.
 */

type SchoolEvent = EventEnvelope<PayloadOf<typeof SchoolUpserted>>;

function directorySequence(seed: number): SchoolEvent[] {
  const rand = random(seed);
  const events: SchoolEvent[] = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let s = 0; s < 120; s += 1) {
    const obecCode = `10${String(1601 + (s % 3))}${String(s).padStart(4, '0')}`;
    // One school in ten is re-created under a new id later (a rebuilt directory).
    const identities = rand() < 0.1 ? [randomUUID(), randomUUID()] : [randomUUID()];
    identities.forEach((id, identity) => {
      const versions = 1 + Math.floor(rand() * 4);
      for (let version = 1; version <= versions; version += 1) {
        const payload = {
          id,
          obecCode,
          smisCode: obecCode.slice(2),
          nameTh: `โรงเรียนทดสอบ ${s} รุ่น ${version}`,
          nameEn: null,
          areaOfficeCode: rand() < 0.5 ? '1601' : '1602',
          provinceCode: '16',
          districtCode: '1601',
          status: rand() < 0.9 ? ('OPEN' as const) : ('CLOSED' as const),
          schoolType: 'PRIMARY',
          levels: rand() < 0.5 ? ['PRIMARY'] : ['PRE_PRIMARY', 'PRIMARY'],
          version,
        };
        const occurredAt = new Date(start + identity * 86_400_000 + version * 60_000 + s);
        events.push(buildEnvelope(SchoolUpserted, id, payload, { occurredAt }));
        if (rand() < 0.15) events.push(buildEnvelope(SchoolUpserted, id, payload, { occurredAt }));
      }
    });
  }
  return shuffleWith(events, rand);
}

const replica = (ds: DataSource) =>
  ds.query(
    `SELECT school_id, obec_code, name_th, area_office_code, province_code, district_code, status, school_type,
            levels, version, updated_at
       FROM directory_school_replica ORDER BY obec_code`,
  );

describe('directory replica, set-based per consumer batch', () => {
  const dbs: TestDatabase[] = [];
  const sources: DataSource[] = [];

  async function replicaDatabase(name: string): Promise<DataSource> {
    const db = await createTestDatabase(name);
    dbs.push(db);
    const ds = createDataSource({ url: db.url, migrations: [CreateDirectorySchoolReplica1732406400001] });
    await ds.initialize();
    await ds.runMigrations();
    sources.push(ds);
    return ds;
  }

  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
    for (const db of dbs) await db.drop();
  });

  it('keeps the same record per school as one event at a time: highest version, newest identity, within a batch too', async () => {
    const oneByOne = await replicaDatabase('replica_one_by_one');
    const batched = await replicaDatabase('replica_batched');
    const events = directorySequence(29);
    for (const e of events)
      await oneByOne.transaction((m) => applySchoolToReplica(m, e.payload, e.occurredAt));
    for (const batch of randomBatches(events, random(3), 90))
      await batched.transaction((m) => applySchoolsToReplica(m, batch));
    const expected = await replica(oneByOne);
    expect(expected).toHaveLength(120);
    expect(expected.filter((r: { version: number }) => r.version > 1).length).toBeGreaterThan(60);
    expect(await replica(batched)).toEqual(expected);
  });

  it('applies a whole directory in one batch with each school at its highest version', async () => {
    const ds = await replicaDatabase('replica_one_batch');
    const events = directorySequence(30).filter((e, _i, all) =>
      // one identity per OBEC code: the set-based statements, not the event-by-event fallback
      all.every((o) => o.payload.obecCode !== e.payload.obecCode || o.payload.id === e.payload.id),
    );
    await ds.transaction((m) => applySchoolsToReplica(m, events));
    const highest = new Map<string, number>();
    for (const e of events)
      highest.set(e.payload.id, Math.max(highest.get(e.payload.id) ?? 0, e.payload.version));
    const rows: Array<{ school_id: string; version: number }> = await replica(ds);
    expect(rows).toHaveLength(highest.size);
    for (const r of rows) expect(r.version).toBe(highest.get(r.school_id));
  });
});
