import { Client } from 'pg';
import { connect } from '@nats-io/transport-node';
import { createTestDatabase, testNatsUrl } from '../src';

describe('test harness', () => {
  it('creates a fresh empty database per suite and drops it', async () => {
    const db = await createTestDatabase('harness');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(rows[0].n).toBe(0);
    await client.end();
    await db.drop();
    const check = new Client({ connectionString: db.url });
    await expect(check.connect()).rejects.toThrow(/does not exist/);
  });

  it('reaches a NATS server with JetStream enabled', async () => {
    const nc = await connect({ servers: testNatsUrl() });
    const response = await nc.request('$JS.API.INFO', undefined, { timeout: 2000 });
    expect(JSON.parse(new TextDecoder().decode(response.data)).type).toBe(
      'io.nats.jetstream.api.v1.account_info_response',
    );
    await nc.close();
  });
});
