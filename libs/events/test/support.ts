import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';
import { CreateOutboxAndInbox1732406400000, createDataSource, EVENT_PIPELINE_MIGRATIONS } from '@smss/db';
import { createTestDatabase, type TestDatabase } from '@smss/testing';
import { defineEvent, type StreamSpec } from '../src';

/** Events of the tests: one stream, two contracts (to check runs of the same contract). */
export const TEST_STREAM: StreamSpec = {
  name: 'ETEST',
  subjects: ['etest.>'],
  owner: 'etest',
  description: 'events of the libs/events tests',
};
export const ItemRecorded = defineEvent({
  subject: 'etest.item.recorded.v1',
  stream: 'ETEST',
  payload: z.object({ n: z.number().int() }),
  description: 'test event',
});
export const ItemNoted = defineEvent({
  subject: 'etest.item.noted.v1',
  stream: 'ETEST',
  payload: z.object({ n: z.number().int() }),
  description: 'test event',
});

/**
 * The effect a test consumer applies: one row per event (unique key) and a counter that adds the
 * number of events it was given — a second application of any event would push it past the total.
 */
export class CreateTestEffects1700000000000 implements MigrationInterface {
  name = 'CreateTestEffects1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE effect (event_id uuid PRIMARY KEY, n int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`CREATE TABLE effect_counter (id int PRIMARY KEY, applied bigint NOT NULL)`);
    await q.query(`INSERT INTO effect_counter VALUES (1, 0)`);
  }
  async down(): Promise<void> {}
}

export interface EventsTestDb {
  db: TestDatabase;
  dataSource: DataSource;
  close: () => Promise<void>;
}

/** A fresh database with the outbox, inbox, dead letters and the test effect tables. */
export async function eventsTestDatabase(prefix: string, poolSize = 10): Promise<EventsTestDb> {
  const db = await createTestDatabase(prefix);
  const dataSource = createDataSource({
    url: db.url,
    migrations: [
      CreateOutboxAndInbox1732406400000,
      ...EVENT_PIPELINE_MIGRATIONS,
      CreateTestEffects1700000000000,
    ],
    poolSize,
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    db,
    dataSource,
    close: async () => {
      await dataSource.destroy().catch(() => undefined);
      await db.drop();
    },
  };
}

export const effectCounts = async (ds: DataSource) => {
  const [row] = await ds.query(
    `SELECT (SELECT count(*) FROM effect)::int AS rows, (SELECT applied FROM effect_counter)::int AS applied`,
  );
  return row as { rows: number; applied: number };
};

/** Apply events the way a set-based handler would: one insert and one counter update. */
export async function applyEffects(
  manager: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  events: Array<{ id: string; payload: { n: number } }>,
): Promise<void> {
  await manager.query(
    `INSERT INTO effect (event_id, n) SELECT * FROM unnest($1::uuid[], $2::int[]) ON CONFLICT DO NOTHING`,
    [events.map((e) => e.id), events.map((e) => e.payload.n)],
  );
  await manager.query(`UPDATE effect_counter SET applied = applied + $1 WHERE id = 1`, [events.length]);
}

export { startPrivateNats, type PrivateNats } from '@smss/testing';
