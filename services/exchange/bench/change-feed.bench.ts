/**
 * Benchmark of the partner change feed (issue 17), each figure against a baseline measured in this run:
 *
 *  1. Ingest: BENCH_CHANGES (300,000) `students.enrollment.changed.v1` events over 245 area offices, in
 *     batches of 500, through the feed's batch handler exactly as the batch consumer calls it (one
 *     transaction per batch: the writers' lock, a multi-row insert with the replay guard). Baseline: the
 *     same rows by one plain multi-row INSERT per batch into an identical table without lock or guard.
 *  2. Full sync as OBEC through GraphQL (`changes(first: 1000)` page by page, every entry's cursor, change,
 *     entity id and codes) vs the same pages by raw SQL.
 *  3. A partner's sync (agreement over one area office: about 1/245 of the rows, read by pseudonym) through
 *     GraphQL vs the same pages by raw SQL.
 *
 *   npm run bench -w @smss/exchange   (or: cd services/exchange && npx tsx bench/change-feed.bench.ts)
 *
 * Needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL, default 127.0.0.1:5432; a database is created
 * and dropped) and NATS (BENCH_NATS_URL or NATS_URL; nothing is published). Results go to
 * bench-results/exchange-change-feed.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import type { PartnerAgreementClaim } from '@smss/auth';
import { databaseUrlFor } from '@smss/db';
import { buildEnvelope, EnrollmentChanged } from '@smss/events';
import { bootService, DEFAULT_LIMITS } from '@smss/service-kit';
import { benchEnvironmentBase, gql, TEST_SUBGRAPH_SECURITY, tokenFor } from '@smss/testing';
import { recordChangeWhenEnrollmentChanged } from '../src/modules/changes/change.handlers';
import { createExchangeService } from '../src/server';

const env = {
  server: benchEnvironmentBase().databaseServerUrl,
  nats: process.env.BENCH_NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  changes: Number(process.env.BENCH_CHANGES ?? 300_000),
  batch: 500,
  offices: 245,
};
const say = (line: string) => process.stdout.write(`${line}\n`);
const now = () => performance.now();
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

const areaOf = (i: number) => String(1001 + (i % env.offices)).padStart(4, '0');

async function main() {
  const name = `smss_exchange_bench_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: env.server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  const service = await bootService(
    createExchangeService({ durablePrefix: `bench-${name}`, deliverPolicy: 'new' }),
    {
      port: 0,
      databaseUrl: databaseUrlFor(env.server, name),
      natsUrl: env.nats,
      logLevel: 'silent',
      ...TEST_SUBGRAPH_SECURITY,
      createDatabase: false,
      runRelay: false,
      runConsumers: false,
      limits: { ...DEFAULT_LIMITS, maxCost: 10_000_000 },
    },
    pino({ level: 'silent' }),
  );
  const db = service.dataSource;
  const results: Record<string, unknown> = {
    changes: env.changes,
    batch: env.batch,
    areaOffices: env.offices,
  };
  try {
    // 1. Ingest.
    const events = Array.from({ length: env.changes }, (_, i) => {
      const studentId = randomUUID();
      const area = areaOf(i);
      return buildEnvelope(EnrollmentChanged, studentId, {
        enrollmentId: randomUUID(),
        studentId,
        schoolId: randomUUID(),
        schoolCode: `1${area}${String(i % 100_000).padStart(5, '0')}`,
        areaOfficeCode: area,
        academicYear: 2569,
        gradeLevel: 'P1',
        status: 'ACTIVE',
        change: 'ENROLLED',
      });
    });
    await db.query(`CREATE TABLE change_log_raw (LIKE change_log INCLUDING ALL)`);
    const handle = recordChangeWhenEnrollmentChanged.handleBatch!;
    let t0 = now();
    for (let i = 0; i < events.length; i += env.batch)
      await db.transaction((m) => handle(events.slice(i, i + env.batch) as never, m));
    const ingestMs = now() - t0;
    t0 = now();
    for (let i = 0; i < events.length; i += env.batch) {
      const slice = events.slice(i, i + env.batch);
      await db.transaction((m) =>
        m.query(
          `INSERT INTO change_log_raw (event_id, entity_type, entity_id, change, school_code, area_office_code, occurred_at)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
          [
            slice.map((e) => e.id),
            slice.map(() => 'STUDENT'),
            slice.map((e) => e.payload.studentId),
            slice.map(() => 'ENROLLED'),
            slice.map((e) => e.payload.schoolCode),
            slice.map((e) => e.payload.areaOfficeCode),
            slice.map((e) => e.occurredAt),
          ],
        ),
      );
    }
    const rawIngestMs = now() - t0;
    results.ingest = {
      changesPerSecond: rate(env.changes, ingestMs),
      rawInsertPerSecond: rate(env.changes, rawIngestMs),
      ratio: rawIngestMs / ingestMs,
    };
    say(
      `ingest: ${rate(env.changes, ingestMs)} changes/s through the feed's batch handler vs ${rate(env.changes, rawIngestMs)}/s plain INSERT (×${(rawIngestMs / ingestMs).toFixed(2)})`,
    );
    await db.query(`ANALYZE change_log`);

    // 2 and 3. Syncs through GraphQL vs raw SQL pages.
    const obec = await tokenFor('obec-admin', 'OBEC');
    const partner = await tokenFor('partner', 'EEF');
    const agreement: PartnerAgreementClaim = {
      id: randomUUID(),
      partnerCode: 'EEF',
      areaOfficeCodes: [areaOf(7)],
      schoolCodes: [],
      include: { Student: ['pseudonym'], ChangeEntry: ['cursor', 'change', 'pseudonym'] },
      purposes: ['bench'],
      keyVersion: 1,
      validTo: '2099-12-31',
    };
    const sync = async (query: string, token: string, claim?: PartnerAgreementClaim) => {
      let since = '0';
      let rows = 0;
      const t = now();
      for (;;) {
        const res = await gql(service.url, query, { since }, { token, agreement: claim });
        if (res.errors) throw new Error(JSON.stringify(res.errors));
        rows += res.data.changes.entries.length;
        since = res.data.changes.endCursor;
        if (!res.data.changes.hasMore) break;
      }
      return { rows, ms: now() - t };
    };
    const rawSync = async (areas: string[] | null) => {
      let since = '0';
      let rows = 0;
      const t = now();
      for (;;) {
        const page: Array<{ position: string }> = await db.query(
          `SELECT position::text AS position, entity_type, entity_id, change, school_code, area_office_code, occurred_at
             FROM change_log WHERE position > $1::bigint AND ($2::text[] IS NULL OR area_office_code = ANY($2::text[]))
            ORDER BY change_log.position LIMIT 1000`,
          [since, areas],
        );
        rows += page.length;
        if (page.length < 1000) break;
        since = page[page.length - 1]!.position;
      }
      return { rows, ms: now() - t };
    };
    const full = await sync(
      `query($since: String) { changes(since: $since, first: 1000) { entries { cursor change entityId schoolCode areaOfficeCode occurredAt } endCursor hasMore } }`,
      obec,
    );
    const fullRaw = await rawSync(null);
    results.obecSync = {
      rows: full.rows,
      changesPerSecond: rate(full.rows, full.ms),
      rawPerSecond: rate(fullRaw.rows, fullRaw.ms),
      ratio: fullRaw.ms / full.ms,
    };
    say(
      `OBEC full sync: ${full.rows} changes in ${full.ms.toFixed(0)} ms = ${rate(full.rows, full.ms)}/s through GraphQL vs ${rate(fullRaw.rows, fullRaw.ms)}/s raw SQL pages (×${(fullRaw.ms / full.ms).toFixed(2)})`,
    );
    const part = await sync(
      `query($since: String) { changes(since: $since, first: 1000) { entries { cursor change pseudonym } endCursor hasMore } }`,
      partner,
      agreement,
    );
    const partRaw = await rawSync(agreement.areaOfficeCodes);
    results.partnerSync = {
      rows: part.rows,
      ms: part.ms,
      rawMs: partRaw.ms,
      changesPerSecond: rate(part.rows, part.ms),
      ratio: partRaw.ms / part.ms,
    };
    say(
      `partner sync (1 of ${env.offices} area offices): ${part.rows} changes in ${part.ms.toFixed(1)} ms = ${rate(part.rows, part.ms)}/s (pseudonyms) vs raw SQL ${partRaw.ms.toFixed(1)} ms (×${(partRaw.ms / part.ms).toFixed(2)})`,
    );
    if (part.rows !== partRaw.rows || full.rows !== fullRaw.rows)
      throw new Error('GraphQL and SQL disagree on the rows');
    const out = path.join(__dirname, '..', '..', '..', 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'exchange-change-feed.json'),
      `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2)}\n`,
    );
  } finally {
    await service.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
