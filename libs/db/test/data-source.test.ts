import { Client } from 'pg';
import { testServerUrl } from '@smss/testing';
import {
  CreateOutboxAndInbox1732406400000,
  createDataSource,
  databaseUrlFor,
  ensureDatabase,
  QueryCounter,
} from '../src';

describe('database helpers', () => {
  const name = `t_db_${Date.now()}`;
  const url = databaseUrlFor(testServerUrl(), name);
  afterAll(async () => {
    const admin = new Client({ connectionString: databaseUrlFor(testServerUrl(), 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('creates a missing database once and tolerates a second call', async () => {
    await ensureDatabase(url);
    await ensureDatabase(url);
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.end();
  });

  it('runs the shared outbox/inbox migration and counts statements', async () => {
    const counter = new QueryCounter();
    const ds = createDataSource({
      url,
      entities: [],
      migrations: [CreateOutboxAndInbox1732406400000],
      logger: counter,
    });
    await ds.initialize();
    await ds.runMigrations();
    counter.reset();
    await ds.query('SELECT 1');
    await ds.query('SELECT count(*) FROM outbox_event');
    expect(counter.count).toBe(2);
    await ds.destroy();
  });

  it('refuses odd database names', async () => {
    await expect(ensureDatabase(databaseUrlFor(testServerUrl(), 'bad;name'))).rejects.toThrow(/unusual/);
  });
});
