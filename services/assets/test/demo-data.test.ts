import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import {
  buildEnvelope,
  connectNats,
  DurableConsumer,
  ensureStreams,
  SchoolUpserted,
  SCHOOLS_STREAM,
  STREAMS,
  subjectFor,
  type HandlerRegistration,
} from '@smss/events';
import { eventually, startPrivateNats, testLogger } from '@smss/testing';
import { replicateSchoolWhenSchoolUpserted } from '../src/events/replicate-school-when-school-upserted.handler';
import { startAssets, type AssetsHarness } from './support';

/*
 * The demo data follows the directory replica: each open Lopburi school gets its deterministic buildings,
 * assets, procurement and infrastructure once, in the consumer's transaction; a re-created school keeps
 * its records.
 */
let h1: AssetsHarness;
let h2: AssetsHarness;
const handler: HandlerRegistration = replicateSchoolWhenSchoolUpserted('lopburi');

const school = (obecCode: string, provinceCode: string, id = randomUUID(), version = 1) =>
  buildEnvelope(SchoolUpserted, id, {
    id,
    obecCode,
    smisCode: obecCode.slice(2),
    nameTh: `โรงเรียน ${obecCode}`,
    nameEn: null,
    areaOfficeCode: `${provinceCode}01`,
    provinceCode,
    districtCode: `${provinceCode}01`,
    status: 'OPEN',
    schoolType: obecCode.endsWith('1') ? 'SECONDARY' : 'PRIMARY',
    levels: obecCode.endsWith('1') ? ['LOWER_SECONDARY', 'UPPER_SECONDARY'] : ['PRE_PRIMARY', 'PRIMARY'],
    version,
  });

const apply = (h: AssetsHarness, events: ReturnType<typeof school>[]) =>
  h.service.dataSource.transaction((m) => handler.handleBatch!(events as never, m));

const snapshot = (h: AssetsHarness, obecCode: string) =>
  h.sql(
    `SELECT a.code, a.cost, a.acquired_on::text, a.status, a.capitalised FROM asset a
       JOIN directory_school_replica d ON d.school_id = a.school_id WHERE d.obec_code = $1 ORDER BY a.code`,
    [obecCode],
  );

beforeAll(async () => {
  [h1, h2] = await Promise.all([startAssets(), startAssets()]);
}, 60_000);
afterAll(async () => {
  await h1?.stop();
  await h2?.stop();
});

describe('the Lopburi demo data', () => {
  it('gives every open Lopburi school buildings, assets, a received procurement and infrastructure, and no other school', async () => {
    await apply(h1, [school('1016010001', '16'), school('1016010011', '16'), school('1096010001', '96')]);
    const per = await h1.sql(
      `SELECT d.obec_code, (SELECT count(*)::int FROM building b WHERE b.school_id = d.school_id) AS buildings,
              (SELECT count(*)::int FROM asset a WHERE a.school_id = d.school_id) AS assets,
              (SELECT count(*)::int FROM procurement p WHERE p.school_id = d.school_id AND p.status = 'RECEIVED') AS procurements,
              (SELECT count(*)::int FROM infrastructure i WHERE i.school_id = d.school_id) AS infrastructure
         FROM directory_school_replica d ORDER BY d.obec_code`,
    );
    expect(per[2]).toEqual({
      obec_code: '1096010001',
      buildings: 0,
      assets: 0,
      procurements: 0,
      infrastructure: 0,
    });
    for (const row of per.slice(0, 2)) {
      expect(row.buildings).toBeGreaterThanOrEqual(2);
      expect(row.assets).toBeGreaterThanOrEqual(20);
      expect(row).toMatchObject({ procurements: 1, infrastructure: 1 });
    }
    const [summary] =
      await h1.sql(`SELECT good + needs_repair + dilapidated + unsafe AS buildings FROM school_asset_summary s
      JOIN directory_school_replica d USING (school_id) WHERE d.obec_code = '1016010001'`);
    expect(summary.buildings).toBe(per[0].buildings);
    const events = await h1.sql(
      `SELECT count(*)::int AS n FROM outbox_event WHERE subject = 'assets.asset.changed.v1'`,
    );
    expect(events[0].n).toBeGreaterThanOrEqual(per[0].assets + per[1].assets);
    // Each seeded school's infrastructure is published as its own report would be (the war room's
    // internet figures), with the school's placement, its teaching computers and the row's version.
    const reported = await h1.sql(
      `SELECT o.envelope->'payload' AS p, i.internet_connected AS connected, i.version,
              (SELECT count(*)::int FROM asset a JOIN asset_category c ON c.code = a.category_code AND c.computer
                WHERE a.school_id = i.school_id AND a.usage = 'TEACHING' AND a.status <> 'DISPOSED') AS computers
         FROM outbox_event o JOIN infrastructure i ON i.school_id::text = o.envelope->'payload'->>'schoolId'
        WHERE o.subject LIKE 'assets.infrastructure.reported.v1%' ORDER BY o.envelope->'payload'->>'schoolCode'`,
    );
    expect(reported.map((r: any) => r.p.schoolCode)).toEqual(['1016010001', '1016010011']);
    for (const r of reported) {
      expect(r.p).toMatchObject({
        areaOfficeCode: '1601',
        provinceCode: '16',
        internetConnected: r.connected,
        version: r.version,
        teachingComputers: r.computers,
      });
      expect(r.computers).toBeGreaterThan(0);
    }
    // And the closed B-OBEC survey of fiscal year 2569: each school's buildings, accepted, published as a
    // round's close publishes them (the war room's buildings by condition).
    const surveys = await h1.sql(
      `SELECT o.envelope->'payload' AS p, s.status, s.accepted, r.fiscal_year, r.closed_at IS NOT NULL AS closed,
              (SELECT count(*)::int FROM building b WHERE b.school_id = s.school_id AND b.status <> 'DEMOLISHED') AS buildings
         FROM building_survey s JOIN building_survey_round r ON r.id = s.round_id
         JOIN outbox_event o ON o.subject LIKE 'assets.building-survey.closed.v1%' AND o.envelope->'payload'->>'surveyId' = s.id::text
        ORDER BY o.envelope->'payload'->>'schoolCode'`,
    );
    expect(surveys.map((x: any) => x.p.schoolCode)).toEqual(['1016010001', '1016010011']);
    for (const x of surveys) {
      expect(x).toMatchObject({ status: 'CLOSED', accepted: true, fiscal_year: 2569, closed: true });
      const c = x.p.byCondition;
      expect(x.p.buildings).toBe(x.buildings);
      expect(c.good + c.needsRepair + c.dilapidated + c.unsafe).toBe(x.buildings);
      expect(x.p).toMatchObject({ fiscalYear: 2569, accepted: true, areaOfficeCode: '1601' });
    }
  });

  it('is the same for the same school in another database (deterministic), and is given once', async () => {
    await apply(h2, [school('1016010001', '16')]);
    expect(await snapshot(h2, '1016010001')).toEqual(await snapshot(h1, '1016010001'));
    const before = await snapshot(h1, '1016010001');
    const [{ id }] = await h1.sql(
      `SELECT school_id AS id FROM directory_school_replica WHERE obec_code = '1016010001'`,
    );
    await apply(h1, [school('1016010001', '16', id, 2)]);
    expect(await snapshot(h1, '1016010001')).toEqual(before);
  });

  it('keeps a school’s records when the directory re-creates it under a new id', async () => {
    const before = await snapshot(h1, '1016010011');
    const newId = randomUUID();
    await apply(h1, [school('1016010011', '16', newId, 1)]);
    const moved = await h1.sql(`SELECT count(*)::int AS n FROM asset WHERE school_id = $1`, [newId]);
    expect(moved[0].n).toBe(before.length);
    expect(await snapshot(h1, '1016010011')).toEqual(before);
    const [orphans] = await h1.sql(
      `SELECT count(*)::int AS n FROM asset a WHERE NOT EXISTS (SELECT 1 FROM directory_school_replica d WHERE d.school_id = a.school_id)`,
    );
    expect(orphans.n).toBe(0);
  });
});

describe('the demo data from a consumer batch', () => {
  // What `npm start` reads from a SCHOOLS stream with earlier runs in it: the same school twice, a school
  // re-created under a new id (same OBEC code), in ONE batch. Every school is seeded once, as the replica
  // holds it, and the batch commits as one transaction (no fallback to one event per transaction).
  it('seeds each school once per batch, under the id the replica keeps, without falling back', async () => {
    const nats = await startPrivateNats();
    const nc = await connectNats(nats.url, 'assets-demo-batch-test');
    try {
      await ensureStreams(
        nc,
        STREAMS.filter((s) => s.name === SCHOOLS_STREAM),
      );
      const twice = randomUUID();
      const old = randomUUID();
      const renewed = randomUUID();
      const t0 = Date.now() - 60_000;
      const events = [
        school('1016010201', '16', twice, 1),
        school('1016010202', '16', old, 1),
        school('1016010201', '16', twice, 2),
        school('1016010202', '16', renewed, 1),
      ].map((e, i) => ({ ...e, occurredAt: new Date(t0 + i * 1000).toISOString() }));
      const js = jetstream(nc);
      for (const e of events)
        await js.publish(subjectFor(SchoolUpserted, e.aggregateId), JSON.stringify(e), { msgID: e.id });
      const consumer = new DurableConsumer(h1.service.dataSource, nc, testLogger(), {
        durable: `assets-demo-batch-${randomUUID().slice(0, 8)}`,
        stream: SCHOOLS_STREAM,
        handlers: [handler],
      });
      await consumer.start();
      try {
        // The stream keeps the last event per school (subject): one message per id is delivered.
        const delivered = new Set(events.map((e) => e.aggregateId)).size;
        await eventually(async () => consumer.stats.handled + consumer.stats.failures >= delivered, 20_000);
        expect(consumer.stats).toMatchObject({
          handled: delivered,
          batches: 1,
          batchFallbacks: 0,
          failures: 0,
        });
      } finally {
        await consumer.stop();
      }
      const per = await h1.sql(
        `SELECT d.obec_code, d.school_id::text AS id, d.version,
                (SELECT count(*)::int FROM procurement p WHERE p.school_id = d.school_id) AS procurements,
                (SELECT count(*)::int FROM infrastructure i WHERE i.school_id = d.school_id) AS infrastructure
           FROM directory_school_replica d WHERE d.obec_code IN ('1016010201', '1016010202') ORDER BY 1`,
      );
      expect(per).toEqual([
        { obec_code: '1016010201', id: twice, version: 2, procurements: 1, infrastructure: 1 },
        { obec_code: '1016010202', id: renewed, version: 1, procurements: 1, infrastructure: 1 },
      ]);
      const [orphans] = await h1.sql(
        `SELECT count(*)::int AS n FROM asset a
          WHERE NOT EXISTS (SELECT 1 FROM directory_school_replica d WHERE d.school_id = a.school_id)`,
      );
      expect(orphans.n).toBe(0);
    } finally {
      await nc.close();
      await nats.stop();
    }
  });
});
