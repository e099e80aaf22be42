/**
 * bootService wires each durable consumer into /readyz (a `consumer:<durable>` check) and the event
 * metrics into /metrics. A private nats-server, so deleting a stream touches no one else.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { parse } from 'graphql';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  CreateDirectorySchoolReplica1732406400001,
  SCHOOLS_STREAM,
  STREAMS,
  ensureStreams,
  upsertReplicaWhenSchoolUpserted,
} from '@smss/events';
import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { TRUST_DIRECTIVES_SDL } from '@smss/trust';
import {
  createTestDatabase,
  eventually,
  startPrivateNats,
  testLogger,
  TEST_SUBGRAPH_SECURITY,
  type PrivateNats,
  type TestDatabase,
} from '@smss/testing';

const OPS_TOKEN = 'readiness-test-ops-token-0123456789abcdef';
let nats: PrivateNats;
let db: TestDatabase;
let service: RunningService;

beforeAll(async () => {
  nats = await startPrivateNats();
  db = await createTestDatabase('readiness');
  service = await bootService(
    {
      name: 'readiness',
      typeDefs: parse(`${TRUST_DIRECTIVES_SDL}\ntype Query { ping: String @public }`),
      resolvers: { Query: { ping: () => 'pong' } },
      migrations: [CreateOutboxAndInbox1732406400000, CreateDirectorySchoolReplica1732406400001],
      consumers: [
        {
          durable: 'readiness-directory-replica',
          stream: SCHOOLS_STREAM,
          handlers: [upsertReplicaWhenSchoolUpserted],
        },
      ],
      trust: { owners: {} },
      buildContext: (base) => base,
    },
    {
      port: 0,
      databaseUrl: db.url,
      natsUrl: nats.url,
      logLevel: 'silent',
      ...TEST_SUBGRAPH_SECURITY,
      ops: { token: OPS_TOKEN },
      createDatabase: false,
    },
    testLogger(),
  );
});
afterAll(async () => {
  await service.close();
  await db.drop();
  await nats.stop();
});

const base = () => service.url.replace(/\/graphql$/, '');
const readyz = async () => {
  const res = await fetch(`${base()}/readyz`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
  return {
    status: res.status,
    body: (await res.json()) as { checks: Array<{ name: string; ok: boolean; error?: string }> },
  };
};

it('is ready with a check per consumer, goes red while the consumer is down, and ready again when it is back', async () => {
  const ready = await readyz();
  expect(ready.status).toBe(200);
  expect(ready.body.checks).toContainEqual({ name: 'consumer:readiness-directory-replica', ok: true });

  const jsm = await jetstreamManager(service.nc);
  await jsm.streams.delete(SCHOOLS_STREAM);
  const red = await eventually(async () => {
    const r = await readyz();
    return r.status === 503 ? r : undefined;
  }, 30_000);
  const check = red.body.checks.find((c) => c.name === 'consumer:readiness-directory-replica');
  expect(check?.ok).toBe(false);
  expect(check?.error).toMatch(/readiness-directory-replica is (waiting for stream|restarting)/);
  const metrics = await (
    await fetch(`${base()}/metrics`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } })
  ).text();
  // prom-client orders the labels: the metric's own first, then the default `service`.
  expect(metrics).toContain(
    'smss_event_consumer_running{consumer="readiness-directory-replica",service="readiness"} 0',
  );
  expect(metrics).toContain(
    'smss_events_dead_letters{consumer="readiness-directory-replica",service="readiness"} 0',
  );
  expect(metrics).toContain('smss_outbox_rows{state="pending",service="readiness"} 0');

  await ensureStreams(
    service.nc,
    STREAMS.filter((s) => s.name === SCHOOLS_STREAM),
  );
  await eventually(async () => (await readyz()).status === 200, 40_000);
});
