import type { Worker } from 'node:worker_threads';
import { connectNats, ensureStreams, onBatch, type NatsConnection } from '../src';
import {
  applyEffects,
  eventsTestDatabase,
  ItemRecorded,
  startPrivateNats,
  TEST_STREAM,
  type EventsTestDb,
  type PrivateNats,
} from './support';

/*
 * The test bed of the suites that kill the broker or its clients (broker restart, consumer burst,
 * consumer and relay kills): a private nats-server, never the machine's shared one.
 */

export interface PrivateBroker {
  nats: PrivateNats;
  nc: NatsConnection;
  t: EventsTestDb;
  /** Worker threads the suite started (consumer or relay lives): terminated first when it ends. */
  workers: Worker[];
}

/**
 * Registers the suite's beforeAll — a private nats-server with the test stream, a connection named
 * `connectionName`, a fresh events database `t_<databasePrefix>_…` — and its afterAll, which terminates
 * the workers (also when the test failed half-way), then closes the database, the connection and the
 * server. The fields are set once beforeAll has run.
 */
export function privateBrokerSuite(connectionName: string, databasePrefix: string): PrivateBroker {
  const bed = { workers: [] } as unknown as PrivateBroker;
  beforeAll(async () => {
    bed.nats = await startPrivateNats();
    bed.nc = await connectNats(bed.nats.url, connectionName);
    await ensureStreams(bed.nc, [TEST_STREAM]);
    bed.t = await eventsTestDatabase(databasePrefix);
  });
  afterAll(async () => {
    for (const w of bed.workers) await w.terminate();
    await bed.t?.close();
    await bed.nc?.close();
    await bed.nats?.stop();
  });
  return bed;
}

/** The test effect as a batch handler: one event or a whole batch, applied the set-based way. */
export const itemEffects = () =>
  onBatch(ItemRecorded, {
    handle: (e, m) => applyEffects(m, [e]),
    handleBatch: (events, m) => applyEffects(m, events),
  });
