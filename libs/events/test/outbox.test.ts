// The outbox's writers on real PostgreSQL: the set-based one (`enqueueEventsFromSql`) writes the same
// envelope as `enqueueEvents`, and both take a TypeORM manager or a plain pg client.
import { Client } from 'pg';
import { enqueueEvents, enqueueEventsFromSql, parseEnvelope, SchoolUpserted } from '../src';
import { eventsTestDatabase, ItemRecorded, type EventsTestDb } from './support';

let t: EventsTestDb;
beforeEach(async () => {
  t = await eventsTestDatabase('outbox');
});
afterEach(async () => {
  await t.close();
});

const outbox = () =>
  t.dataSource.query<
    Array<{ id: string; subject: string; aggregate_id: string; envelope: unknown; occurred_at: Date }>
  >(`SELECT id, subject, aggregate_id, envelope, occurred_at FROM outbox_event ORDER BY seq`);

describe('enqueueEventsFromSql', () => {
  it('writes one contract-valid envelope per selected row, in aggregate order, with the correlation id, and counts them', async () => {
    const written = await t.dataSource.transaction((m) =>
      enqueueEventsFromSql(
        m,
        ItemRecorded,
        `SELECT 'item-' || g AS aggregate_id, jsonb_build_object('n', g) AS payload
           FROM generate_series(1, $1::int) g WHERE g % $2::int <> 0`,
        [9, 3],
        { correlationId: 'import-42' },
      ),
    );
    expect(written).toBe(6);
    const rows = await outbox();
    expect(rows.map((r) => r.aggregate_id)).toEqual([
      'item-1',
      'item-2',
      'item-4',
      'item-5',
      'item-7',
      'item-8',
    ]);
    for (const row of rows) {
      const envelope = parseEnvelope(ItemRecorded, row.envelope);
      expect(envelope).toEqual({
        id: row.id,
        type: ItemRecorded.subject,
        aggregateId: row.aggregate_id,
        occurredAt: row.occurred_at.toISOString(),
        correlationId: 'import-42',
        causationId: null,
        payload: { n: Number(row.aggregate_id.slice(5)) },
      });
      expect(row.subject).toBe(ItemRecorded.subject);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(6);
  });

  it('writes envelopes with the same keys as enqueueEvents, each its own correlation id when none is given', async () => {
    await t.dataSource.transaction(async (m) => {
      await enqueueEvents(m, ItemRecorded, [{ aggregateId: 'a', payload: { n: 1 } }]);
      await enqueueEventsFromSql(m, ItemRecorded, `SELECT 'b' AS aggregate_id, '{"n": 2}'::jsonb AS payload`);
    });
    const [one, two] = (await outbox()).map((r) => r.envelope as Record<string, unknown>);
    expect(Object.keys(two!).sort()).toEqual(Object.keys(one!).sort());
    expect(two!.correlationId).toBe(two!.id);
  });

  it('writes nothing, and rolls back with its transaction, when the caller fails', async () => {
    await expect(
      t.dataSource.transaction(async (m) => {
        await enqueueEventsFromSql(
          m,
          ItemRecorded,
          `SELECT 'x' AS aggregate_id, '{"n": 1}'::jsonb AS payload`,
        );
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await outbox()).toEqual([]);
  });

  it('refuses a contract with a subject per aggregate (its token must be checked): use enqueueEvents', async () => {
    await expect(
      enqueueEventsFromSql(
        t.dataSource.manager,
        SchoolUpserted,
        `SELECT '1' AS aggregate_id, '{}'::jsonb AS payload`,
      ),
    ).rejects.toThrow(/subject per aggregate/);
    expect(await outbox()).toEqual([]);
  });
});

describe('enqueueEvents on a plain pg client', () => {
  it('writes in the client’s own transaction', async () => {
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      expect(await enqueueEvents(client, ItemRecorded, [{ aggregateId: 'p', payload: { n: 7 } }])).toBe(1);
      await enqueueEventsFromSql(
        client,
        ItemRecorded,
        `SELECT 'q' AS aggregate_id, '{"n": 8}'::jsonb AS payload`,
      );
      expect(await outbox()).toEqual([]); // not committed yet
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    expect((await outbox()).map((r) => parseEnvelope(ItemRecorded, r.envelope).payload)).toEqual([
      { n: 7 },
      { n: 8 },
    ]);
  });
});
