/**
 * Benchmark (issue 13): circulating one letter from OBEC to every school nationally (29,000 recipients).
 *
 * Each round sends one national circular through the correspondence subgraph over HTTP, as the gateway
 * would (`sendLetter` with `recipients: { allSchools: true }`): it returns when the letter, its register
 * number, 29,000 deliveries (every inbox updated), 29,000 outbox events and the notifications have
 * committed in one transaction. Then the outbox relay's time until every event is on JetStream. Against a
 * baseline measured in the same run, interleaved with the rounds: a bare `INSERT … SELECT` of the same
 * 29,000 rows into an unindexed table of the same columns (the write alone). Medians, ratios.
 *
 *   npm run bench:correspondence      (or: cd services/correspondence && npx tsx bench/circulate.bench.ts)
 *
 * PostgreSQL from BENCH_DATABASE_URL / TEST_DATABASE_URL (a database is created and dropped); a private
 * `nats-server -js` unless BENCH_NATS_URL. BENCH_SCHOOLS (29000), BENCH_ROUNDS (3). Results also go to
 * bench-results/correspondence-circulation.json.
 */
import { benchEnvironment as env } from './environment';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createLogger } from '@smss/core';
import { databaseUrlFor } from '@smss/db';
import { bootService } from '@smss/service-kit';
import { gql, TEST_SUBGRAPH_SECURITY, tokenFor } from '@smss/testing';
import { freePort, startNatsServer } from '@smss/testing/infra.mjs';
import { createCorrespondenceService } from '../src/server';

const say = (line: string) => process.stdout.write(`${line}\n`);
const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const N = env.schools;
  const dataDir = path.join(os.tmpdir(), `smss-correspondence-bench-nats-${process.pid}`);
  const nats = env.natsUrl
    ? { url: env.natsUrl, stop: async () => undefined }
    : await startNatsServer({ dataDir, port: await freePort() });
  const dbName = `bench_correspondence_${randomBytes(4).toString('hex')}`;
  const databaseUrl = databaseUrlFor(env.databaseServerUrl, dbName);
  const attachmentDir = path.join(os.tmpdir(), `smss-correspondence-bench-files-${process.pid}`);
  say(`correspondence circulation benchmark — ${N} schools, ${env.rounds} rounds, ${os.cpus().length} CPUs`);
  const service = await bootService(
    { ...createCorrespondenceService({ attachmentDir }), consumers: [] },
    {
      port: 0,
      databaseUrl,
      natsUrl: nats.url,
      logLevel: env.logLevel,
      ...TEST_SUBGRAPH_SECURITY,
      createDatabase: true,
    },
    createLogger('correspondence-bench', env.logLevel),
  );
  const db = service.dataSource;
  try {
    // The national directory in the replica: 245 area offices, schools spread over them (synthetic codes).
    const areas = Array.from({ length: 245 }, (_, i) =>
      String(1000 + i * 37)
        .padStart(4, '0')
        .slice(0, 4),
    );
    const rows = Array.from({ length: N }, (_, i) => {
      const area = areas[i % areas.length]!;
      return { id: randomUUID(), code: `${area}${String(i).padStart(6, '0')}`, area };
    });
    await db.query(
      `INSERT INTO directory_school_replica (school_id, obec_code, name_th, area_office_code, province_code, district_code, status, version, updated_at)
       SELECT u.id, u.code, 'โรงเรียน ' || u.code, u.area, left(u.area, 2), left(u.area, 2) || '01', 'OPEN', 1, now()
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, code, area)`,
      [rows.map((r) => r.id), rows.map((r) => r.code), rows.map((r) => r.area)],
    );
    await db.query(
      `INSERT INTO correspondence_unit (org_code, name_th, letter_code, updated_by) VALUES ('OBEC', 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน', 'ศธ 04', 'bench')`,
    );
    // Same columns, no index, no key, no foreign key: the cost of writing the rows and nothing else.
    await db.query(`CREATE TABLE bench_baseline (LIKE delivery INCLUDING DEFAULTS)`);
    const token = await tokenFor('obec-admin', 'OBEC');
    const send = (subject: string) =>
      gql(
        service.url,
        `mutation($i: SendLetterInput!) { sendLetter(input: $i) { id registerNumber circulationSummary { recipients } } }`,
        {
          i: {
            kind: 'EXTERNAL',
            subject,
            circular: true,
            urgency: 'URGENT',
            recipients: { allSchools: true },
            dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          },
        },
        { token },
      );
    const baseline = async () => {
      const letterId = randomUUID();
      const t0 = now();
      await db.transaction(async (m) => {
        await m.query(
          `INSERT INTO bench_baseline (id, letter_id, recipient_org, recipient_school_id, recipient_area, sender_org, channel, sent_at)
           SELECT gen_random_uuid(), $1, obec_code, school_id, area_office_code, 'OBEC', 'ELECTRONIC', now()
             FROM directory_school_replica WHERE status = 'OPEN'`,
          [letterId],
        );
      });
      return (now() - t0) / 1000;
    };
    const published = async () =>
      Number((await db.query(`SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL`))[0].n);

    // Warm-up: one circular (plans, connections, JIT), not counted.
    await send('รอบอุ่นเครื่อง');
    while ((await published()) > 0) await sleep(200);
    await baseline();

    const circ: number[] = [];
    const relay: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < env.rounds; r += 1) {
      base.push(await baseline());
      const t0 = now();
      const res = await send(`หนังสือเวียนถึงโรงเรียนทุกแห่ง รอบที่ ${r + 1}`);
      const t1 = now();
      if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
      const recipients = res.data.sendLetter.circulationSummary.recipients;
      if (recipients !== N) throw new Error(`circulated to ${recipients}, expected ${N}`);
      while ((await published()) > 0) await sleep(50);
      const t2 = now();
      circ.push((t1 - t0) / 1000);
      relay.push((t2 - t0) / 1000);
      say(
        `  round ${r + 1}: inboxes ${((t1 - t0) / 1000).toFixed(2)} s, on JetStream ${((t2 - t0) / 1000).toFixed(2)} s, baseline ${base.at(-1)!.toFixed(2)} s`,
      );
    }
    // One school's inbox has every circular: check through the subgraph.
    const pick = rows[Math.floor(N / 2)]!;
    const inbox = await gql(
      service.url,
      `query($o: String) { inbox(orgCode: $o, first: 1) { totalCount } }`,
      { o: pick.code },
      { token: await tokenFor('school-staff', pick.code) },
    );
    if (inbox.data?.inbox.totalCount !== env.rounds + 1)
      throw new Error(`inbox of ${pick.code}: ${JSON.stringify(inbox)}`);
    const result = {
      schools: N,
      rounds: env.rounds,
      circulateSeconds: median(circ),
      circulateRowsPerSecond: Math.round(N / median(circ)),
      onJetStreamSeconds: median(relay),
      eventsPerSecond: Math.round(N / median(relay)),
      baselineInsertSeconds: median(base),
      baselineRowsPerSecond: Math.round(N / median(base)),
      ratioCirculateToBaseline: Number((median(circ) / median(base)).toFixed(1)),
      cpus: os.cpus().length,
    };
    say(
      `circulation to ${N} schools: ${result.circulateSeconds.toFixed(2)} s (${result.circulateRowsPerSecond} deliveries/s) until every inbox has it; ` +
        `${result.onJetStreamSeconds.toFixed(2)} s until every event is on JetStream (${result.eventsPerSecond} events/s); ` +
        `baseline bare INSERT ${result.baselineInsertSeconds.toFixed(2)} s (${result.baselineRowsPerSecond} rows/s): ${result.ratioCirculateToBaseline}× the baseline`,
    );
    const out = path.join(__dirname, '..', '..', '..', 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'correspondence-circulation.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await service.close();
    const admin = new Client({ connectionString: env.databaseServerUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    await nats.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(attachmentDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
