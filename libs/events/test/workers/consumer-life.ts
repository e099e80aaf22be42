/**
 * One life of a batch consumer, in a worker thread the test terminates (a kill: the thread stops
 * wherever it is — before a batch commits, between commit and ack, mid-ack — its PostgreSQL and
 * NATS sockets close and the open transaction rolls back). It reports its counters every 50 ms.
 * mode `after-commit`: a batch transaction committed but its messages are not acknowledged yet —
 * it reports that and hangs there, so the test kills it exactly in that window.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { createDataSource } from '@smss/db';
import { connectNats } from '../../src/nats';
import { DurableConsumer, onBatch } from '../../src/consumer';
import { applyEffects, ItemRecorded, TEST_STREAM } from '../support';

const { dbUrl, natsUrl, durable } = workerData as { dbUrl: string; natsUrl: string; durable: string };

parentPort!.once('message', async (go: { mode: 'random' | 'after-commit' }) => {
  const dataSource = createDataSource({ url: dbUrl, migrations: [], poolSize: 4 });
  await dataSource.initialize();
  const nc = await connectNats(natsUrl, 'consumer-life');
  const consumer = new DurableConsumer(dataSource, nc, pino({ level: 'silent' }), {
    durable,
    stream: TEST_STREAM.name,
    batch: 250,
    ackWaitMs: 1000,
    afterBatchCommit:
      go.mode === 'after-commit'
        ? async (events) => {
            parentPort!.postMessage({ type: 'committed-not-acked', events });
            await new Promise(() => undefined); // killed here
          }
        : undefined,
    handlers: [
      onBatch(ItemRecorded, {
        handle: (event, manager) => applyEffects(manager, [event]),
        handleBatch: (events, manager) => applyEffects(manager, events),
      }),
    ],
  });
  await consumer.start();
  parentPort!.postMessage({ type: 'running' });
  setInterval(() => parentPort!.postMessage({ type: 'stats', stats: consumer.stats }), 50);
});
parentPort!.postMessage({ type: 'loaded' });
