/**
 * Bus protection, proved against a real nats-server 2.9 started with the generated config (the
 * machine's shared NATS on 4222 has no users): a service publishes only its own subjects, uses
 * only its own durables, and no service can purge or delete a stream.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { createDataSource, CreateOutboxAndInbox1732406400000, EVENT_PIPELINE_MIGRATIONS } from '@smss/db';
import {
  buildEnvelope,
  connectNats,
  consumersOf,
  CreateDirectorySchoolReplica1732406400001,
  DurableConsumer,
  enqueueEvent,
  ensureStreams,
  OutboxRelay,
  SchoolUpserted,
  SCHOOLS_STREAM,
  STREAMS,
  STUDENTS_STREAM,
  subjectFor,
  upsertReplicaWhenSchoolUpserted,
  type NatsConnection,
} from '@smss/events';
import { serviceFactoryName } from '@smss/service-kit';
import { readSubgraphList } from '@smss/gateway';
import {
  createTestDatabase,
  eventually,
  startPrivateNats,
  testLogger,
  type PrivateNats,
  type TestDatabase,
} from '@smss/testing';
import { parse, parseAllDocuments } from 'yaml';
import {
  helmAuthorization,
  natsServerConfig,
  writeLocalNatsConfig,
  type LocalNatsConfig,
} from '../src/nats-config';

let dir: string;
let config: LocalNatsConfig;
let nats: PrivateNats;
const open: NatsConnection[] = [];

const as = async (user: string) => {
  const nc = await connectNats(nats.url, `test-${user}`, { user, password: config.passwords[user] });
  open.push(nc);
  return nc;
};

const school = {
  id: '7f1c1f5e-4b2a-4d1e-9a55-0c9f3b1d2e01',
  obecCode: '1016010001',
  smisCode: '16010001',
  nameTh: 'โรงเรียนบ้านทดสอบ',
  nameEn: null,
  areaOfficeCode: '1601',
  provinceCode: '16',
  districtCode: '1601',
  status: 'OPEN' as const,
  schoolType: 'PRIMARY',
  levels: ['P1'],
  version: 1,
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'smss-nats-auth-'));
  config = writeLocalNatsConfig(dir);
  nats = await startPrivateNats({ configFile: config.configFile });
  // Each service creates the streams it owns, with its own user.
  for (const service of ['schools', 'students', 'personnel', 'finance'])
    await ensureStreams(await as(service), STREAMS, { service });
});
afterAll(async () => {
  for (const nc of open) await nc.close().catch(() => undefined);
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('NATS users per service (generated config, private nats-server)', () => {
  it('writes the users with passwords only their owner can read, and reuses them', () => {
    expect(readFileSync(config.configFile, 'utf8')).toContain('"user":"schools"');
    expect(writeLocalNatsConfig(dir).passwords).toEqual(config.passwords);
    expect(natsServerConfig([{ user: 'a', password: 'b' }])).toMatch(/authorization \{\n {2}users = \[/);
  });

  it('refuses a client without credentials', async () => {
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/Authorization/i);
  });

  it('refuses a forged directory event from a service that is not the schools publisher', async () => {
    const personnel = await as('personnel');
    const forged = buildEnvelope(SchoolUpserted, school.id, {
      ...school,
      areaOfficeCode: '1602',
      version: 99,
    });
    await expect(
      jetstream(personnel).publish(subjectFor(SchoolUpserted, school.id), JSON.stringify(forged), {
        msgID: forged.id,
      }),
    ).rejects.toThrow(/Permissions Violation for Publish to "schools\.school\.upserted\.v1\./);
    // A plain (non-JetStream) publish is refused by the server too: nothing reaches the stream.
    personnel.publish(subjectFor(SchoolUpserted, school.id), JSON.stringify(forged));
    await personnel.flush();
    const jsm = await jetstreamManager(await as('schools'));
    expect((await jsm.streams.info(SCHOOLS_STREAM)).state.messages).toBe(0);
  });

  it('lets no service purge or delete a stream, not even its own; the ops user can', async () => {
    const personnel = await jetstreamManager(await as('personnel'));
    await expect(personnel.streams.purge(SCHOOLS_STREAM)).rejects.toThrow(/Permissions Violation/);
    await expect(personnel.streams.delete(SCHOOLS_STREAM)).rejects.toThrow(/Permissions Violation/);
    await expect(personnel.streams.delete(STUDENTS_STREAM)).rejects.toThrow(/Permissions Violation/);
    const schools = await jetstreamManager(await as('schools'));
    await expect(schools.streams.purge(SCHOOLS_STREAM)).rejects.toThrow(/Permissions Violation/);
    await expect(schools.streams.update(STUDENTS_STREAM, { max_age: 1 })).rejects.toThrow(
      /Permissions Violation/,
    );
    const ops = await jetstreamManager(await as('ops'));
    expect((await ops.streams.purge('FINANCE')).success).toBe(true);
  });

  it("lets a service use only its own durables: no reading, acknowledging or changing another's", async () => {
    const personnel = await jetstreamManager(await as('personnel'));
    await expect(
      personnel.consumers.add(SCHOOLS_STREAM, {
        durable_name: 'finance-directory-replica',
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      }),
    ).rejects.toThrow(/Permissions Violation/);
    await expect(personnel.consumers.delete(SCHOOLS_STREAM, 'personnel-directory-replica')).rejects.toThrow(
      /Permissions Violation/,
    );
  });

  describe('the real relay and consumer with their users', () => {
    let schoolsDb: TestDatabase;
    let personnelDb: TestDatabase;
    let schoolsDs: DataSource;
    let personnelDs: DataSource;
    beforeAll(async () => {
      schoolsDb = await createTestDatabase('natsauth_schools');
      personnelDb = await createTestDatabase('natsauth_personnel');
      const migrations = [
        CreateOutboxAndInbox1732406400000,
        CreateDirectorySchoolReplica1732406400001,
        ...EVENT_PIPELINE_MIGRATIONS,
      ];
      schoolsDs = createDataSource({ url: schoolsDb.url, migrations });
      personnelDs = createDataSource({ url: personnelDb.url, migrations });
      for (const ds of [schoolsDs, personnelDs]) {
        await ds.initialize();
        await ds.runMigrations();
      }
    });
    afterAll(async () => {
      await schoolsDs.destroy();
      await personnelDs.destroy();
      await schoolsDb.drop();
      await personnelDb.drop();
    });

    it('carry a directory event from the schools outbox into the personnel replica', async () => {
      await schoolsDs.transaction((m) => enqueueEvent(m, SchoolUpserted, school.id, school));
      expect(await new OutboxRelay(schoolsDs, await as('schools'), testLogger()).drain()).toBe(1);
      const consumer = new DurableConsumer(personnelDs, await as('personnel'), testLogger(), {
        durable: 'personnel-directory-replica',
        stream: SCHOOLS_STREAM,
        handlers: [upsertReplicaWhenSchoolUpserted],
      });
      await consumer.start();
      await eventually(async () => consumer.stats.handled === 1);
      expect(() => consumer.assertRunning()).not.toThrow();
      await consumer.stop();
      const [row] = await personnelDs.query(
        `SELECT obec_code, area_office_code FROM directory_school_replica`,
      );
      expect(row).toEqual({ obec_code: school.obecCode, area_office_code: '1601' });
    });

    it('keeps the schools relay from publishing another service’s events (the row backs off)', async () => {
      await schoolsDs.query(
        `INSERT INTO outbox_event (id, subject, aggregate_id, envelope, occurred_at)
         VALUES (gen_random_uuid(), 'finance.allocation.computed.v1', 'x', '{}', now())`,
      );
      const relay = new OutboxRelay(schoolsDs, await as('schools'), testLogger(), { publishTimeoutMs: 2000 });
      expect(await relay.drain()).toBe(0);
      const [row] = await schoolsDs.query(
        `SELECT attempts, last_error FROM outbox_event WHERE subject = 'finance.allocation.computed.v1'`,
      );
      expect(row.attempts).toBe(1);
      expect(row.last_error).toMatch(/Permissions Violation/);
    });
  });
});

describe('the permission list matches what the services run', () => {
  const root = path.resolve(__dirname, '..', '..');
  const names = readSubgraphList().map((s) => s.name);

  it('the NATS Helm values hold the same users and permissions; each Deployment runs as its own user', () => {
    const values = parse(readFileSync(path.join(root, 'infra', 'k8s', 'nats-values.yaml'), 'utf8')) as {
      config: { merge: { authorization: unknown } };
      container: { env: Record<string, unknown> };
    };
    expect(values.config.merge.authorization).toEqual(helmAuthorization(names));
    for (const name of [...names, 'ops'])
      expect(Object.keys(values.container.env)).toContain(
        `${name.toUpperCase().replace(/-/g, '_')}_NATS_PASSWORD`,
      );
    for (const name of names) {
      const docs = parseAllDocuments(
        readFileSync(path.join(root, 'infra', 'k8s', `${name}.yaml`), 'utf8'),
      ).map((d) => d.toJS());
      const deployment = docs.find((d) => d?.kind === 'Deployment');
      const env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string } } }> =
        deployment.spec.template.spec.containers[0].env;
      expect(env.find((e) => e.name === 'NATS_USER')?.value).toBe(name);
      expect(env.find((e) => e.name === 'NATS_PASSWORD')?.valueFrom?.secretKeyRef?.key).toBe(
        `${name.toUpperCase().replace(/-/g, '_')}_NATS_PASSWORD`,
      );
    }
  });

  it.each(readSubgraphList().map((s) => s.name))(
    '%s declares exactly the durables its NATS user may use',
    (name) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pkg = require(`@smss/${name}`) as Record<
        string,
        (o?: object) => { consumers?: Array<{ stream: string; durable: string }> }
      >;
      const definition = pkg[serviceFactoryName(name)]!();
      const declared = [
        ...new Set((definition.consumers ?? []).map((c) => `${c.stream}/${c.durable}`)),
      ].sort();
      expect(declared).toEqual(
        consumersOf(name)
          .map((c) => `${c.stream}/${c.durable}`)
          .sort(),
      );
    },
  );
});
