/**
 * One life of an outbox relay, in a worker thread the test terminates (a kill: the thread stops
 * wherever it is, its PostgreSQL and NATS sockets close, the open transaction rolls back).
 * It waits for `go` (so the next life can load while the current one runs), then relays.
 * mode `after-publish`: the page's publishes were acknowledged by JetStream but the rows are not
 * marked yet — it reports that and hangs there, so the test kills it exactly in that window.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'pg';
import pino from 'pino';
import { connectNats } from '../../src/nats';
import { OutboxRelay } from '../../src/relay';

const { dbUrl, natsUrl } = workerData as { dbUrl: string; natsUrl: string };

/** The surface of a TypeORM DataSource the relay uses, on a plain pg pool. */
function pgDataSource(url: string) {
  const pool = new Pool({ connectionString: url, max: 2 });
  const rows = (r: { rows: unknown[] }) => r.rows;
  return {
    options: { url },
    query: (sql: string, params?: unknown[]) => pool.query(sql, params).then(rows),
    transaction: async <T>(
      work: (m: { query: (s: string, p?: unknown[]) => Promise<unknown> }) => Promise<T>,
    ) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: (sql, params) => client.query(sql, params as unknown[]).then(rows),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

parentPort!.once('message', async (go: { mode: 'random' | 'after-publish'; batchSize: number }) => {
  const nc = await connectNats(natsUrl, 'relay-life');
  const relay = new OutboxRelay(pgDataSource(dbUrl) as never, nc, pino({ level: 'silent' }), {
    batchSize: go.batchSize,
    pollIntervalMs: 20,
    afterPublish:
      go.mode === 'after-publish'
        ? async (ids) => {
            if (ids.length === 0) return;
            parentPort!.postMessage({ type: 'published-not-marked', count: ids.length });
            await new Promise(() => undefined); // killed here
          }
        : undefined,
  });
  await relay.start();
  parentPort!.postMessage({ type: 'running' });
});
parentPort!.postMessage({ type: 'loaded' });
