/**
 * Benchmark of the finance allocation consumer (issues #5 and #10):
 *  1. A national-scale burst of DMC snapshot events (default 29,000, one per school) waiting in
 *     JetStream: the events/s a raw JetStream consumer with a no-op handler sustains (ack only), the
 *     same through the platform's DurableConsumer with a no-op handler (batched inbox transactions
 *     only), and the finance allocation consumer (per batch of up to 500: inbox, snapshots, rates
 *     once, integer-satang allocations, items with their lines, adjustments, outbox events — one
 *     statement per table) — all over the same events, in this run, with the consumers' counters.
 *  2. A Lopburi-sized round (383 schools: สพป.ลพบุรี เขต 1 168, เขต 2 184, สพม.ลพบุรี 31): the time from
 *     publishing the first snapshot to every allocation being queryable through the finance
 *     subgraph (Province 16 `allocationSummary.schoolCount` = 383, polled over HTTP).
 *
 *   cd services/finance && npx tsx bench/allocation.bench.ts     (or: npm run bench -w @smss/finance)
 *
 * Needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL, default 127.0.0.1:5432) and the
 * `nats-server` binary (a private JetStream server is started in a temporary folder unless
 * BENCH_NATS_URL is set). BENCH_EVENTS (29000), BENCH_CONCURRENCY (4 pullers). The database is
 * created and dropped; results also go to bench-results/finance-allocation.json. The national
 * round close with finance and personnel side by side: `npm run bench:events:national`.
 */
import { benchEnvironment as env } from './environment';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import pino from 'pino';
import { databaseUrlFor } from '@smss/db';
import {
  buildEnvelope,
  DmcSnapshotPublished,
  DurableConsumer,
  on,
  STUDENTS_STREAM,
  type DmcSnapshotPublishedPayload,
  type GradeCounts,
  type GradeLevel,
} from '@smss/events';
import { sum, toMoneyString } from '@smss/money';
import { bootService } from '@smss/service-kit';
import { gql, TEST_SUBGRAPH_SECURITY, tokenFor } from '@smss/testing';
import { freePort, startNatsServer } from '@smss/testing/infra.mjs';
import { computeAllocation } from '../src/modules/subsidy/allocation.calculator';
import { DEFAULT_RATES } from '../src/modules/subsidy/default-rates';
import { createFinanceService, financeConsumers } from '../src/server';

const logger = pino({ level: env.logLevel });
const say = (line: string) => process.stdout.write(`${line}\n`);
const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- synthetic snapshots (deterministic counts) ---------------------------------------------------

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRIMARY: GradeLevel[] = ['K1', 'K2', 'K3', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
const EXTENDED: GradeLevel[] = [...PRIMARY, 'M1', 'M2', 'M3'];
const SECONDARY: GradeLevel[] = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6'];

function grades(rand: () => number, kind: 'PRIMARY' | 'SECONDARY'): GradeCounts[] {
  const levels = kind === 'SECONDARY' ? SECONDARY : rand() < 0.2 ? EXTENDED : PRIMARY;
  const size = kind === 'SECONDARY' ? 60 : 18;
  return levels.map((gradeLevel) => {
    const male = Math.floor(rand() * size) + 2;
    const female = Math.floor(rand() * size) + 2;
    const eligible = !['M4', 'M5', 'M6'].includes(gradeLevel);
    const extremelyPoor = eligible ? Math.floor((male + female) * 0.25 * rand()) : 0;
    return {
      gradeLevel,
      male,
      female,
      poor: extremelyPoor,
      extremelyPoor,
      disabled: 0,
      orphan: 0,
      stateless: 0,
      ethnicMinority: 0,
      classrooms: 1,
    };
  });
}

function snapshot(
  rand: () => number,
  school: { areaOfficeCode: string; seq: number; kind: 'PRIMARY' | 'SECONDARY' },
  round: { roundId: string; round: 'TERM1' | 'TERM2'; asOfDate: string; academicYear: number },
): DmcSnapshotPublishedPayload {
  const g = grades(rand, school.kind);
  return {
    snapshotId: randomUUID(),
    roundId: round.roundId,
    academicYear: round.academicYear,
    round: round.round,
    asOfDate: round.asOfDate,
    schoolId: randomUUID(),
    schoolCode: `10${school.areaOfficeCode}${String(school.seq).padStart(4, '0')}`,
    areaOfficeCode: school.areaOfficeCode,
    provinceCode: school.areaOfficeCode.slice(0, 2),
    snapshotVersion: 1,
    grades: g,
    totalStudents: g.reduce((n, x) => n + x.male + x.female, 0),
  };
}

/** 29,000 schools over 245 area offices (183 primary, 62 secondary) in provinces 10–86; FY 2568 term 1. */
function nationalBurst(count: number): DmcSnapshotPublishedPayload[] {
  const rand = random(2568);
  const round = {
    roundId: randomUUID(),
    round: 'TERM1' as const,
    asOfDate: '2025-06-10',
    academicYear: 2568,
  };
  const perArea = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const areaIndex = i % 245;
    const secondary = areaIndex >= 183;
    const province = String(10 + (areaIndex % 77)).padStart(2, '0');
    const areaOfficeCode = `${province}${secondary ? 50 + Math.floor((areaIndex - 183) / 77) : 10 + Math.floor(areaIndex / 77)}`;
    const seq = (perArea.get(areaOfficeCode) ?? 0) + 1;
    perArea.set(areaOfficeCode, seq);
    return snapshot(rand, { areaOfficeCode, seq, kind: secondary ? 'SECONDARY' : 'PRIMARY' }, round);
  });
}

/** The Lopburi sandbox: 168 + 184 primary schools and 31 secondary; FY 2569 (term 2 of 2568). */
function lopburiRound(): DmcSnapshotPublishedPayload[] {
  const rand = random(16);
  const round = {
    roundId: randomUUID(),
    round: 'TERM2' as const,
    asOfDate: '2025-11-10',
    academicYear: 2568,
  };
  const areas = [
    { areaOfficeCode: '1601', schools: 168, kind: 'PRIMARY' as const },
    { areaOfficeCode: '1602', schools: 184, kind: 'PRIMARY' as const },
    { areaOfficeCode: '1650', schools: 31, kind: 'SECONDARY' as const },
  ];
  return areas.flatMap((a) =>
    Array.from({ length: a.schools }, (_, i) => snapshot(rand, { ...a, seq: i + 1 }, round)),
  );
}

const expectedTotal = (payloads: DmcSnapshotPublishedPayload[]) =>
  toMoneyString(sum(payloads.map((p) => computeAllocation(p, DEFAULT_RATES).total)));

// ---- helpers -------------------------------------------------------------------------------------

async function publishAll(
  nc: Parameters<typeof jetstream>[0],
  payloads: DmcSnapshotPublishedPayload[],
): Promise<number> {
  const js = jetstream(nc);
  const messages = payloads.map((p) => {
    const e = buildEnvelope(DmcSnapshotPublished, p.schoolId, p);
    return { id: e.id, data: JSON.stringify(e) };
  });
  const t0 = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      while (next < messages.length) {
        const m = messages[next++]!;
        await js.publish(DmcSnapshotPublished.subject, m.data, { msgID: m.id, timeout: 30_000 });
      }
    }),
  );
  return now() - t0;
}

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('benchmark step timed out');
    await sleep(everyMs);
  }
}

const rate = (events: number, ms: number) => Math.round(events / (ms / 1000));

/** Batches, average batch size, fallbacks and failures over a set of pullers. */
const counters = (consumers: DurableConsumer[]) => {
  const sum = (k: keyof DurableConsumer['stats']) => consumers.reduce((n, c) => n + c.stats[k], 0);
  const batches = sum('batches');
  return `${batches} batches (${batches ? Math.round((sum('handled') + sum('duplicates')) / batches) : 0} events each on average), ${sum('batchFallbacks')} fallbacks, ${sum('failures')} failures`;
};

// ---- main ----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const N = env.events;
  const dataDir = path.join(os.tmpdir(), `smss-finance-bench-nats-${process.pid}`);
  const nats = env.natsUrl
    ? { url: env.natsUrl, stop: async () => undefined }
    : await startNatsServer({ dataDir, port: await freePort() });
  const dbName = `bench_finance_${randomBytes(4).toString('hex')}`;
  const databaseUrl = databaseUrlFor(env.databaseServerUrl, dbName);
  say(
    `finance allocation benchmark — ${N} snapshot events, ${env.concurrency} pullers, ${os.cpus().length} CPUs`,
  );
  say(
    `  NATS ${env.natsUrl ? nats.url : `private nats-server -js at ${nats.url}`}, PostgreSQL database ${dbName}`,
  );

  // The subgraph with its outbox relay, but with the DMC consumers started by hand (timed below).
  const definition = { ...createFinanceService({ durablePrefix: 'bench' }), consumers: [] };
  const service = await bootService(
    definition,
    {
      port: 0,
      databaseUrl,
      natsUrl: nats.url,
      logLevel: env.logLevel,
      ...TEST_SUBGRAPH_SECURITY,
      createDatabase: true,
      poolSize: Math.max(10, env.concurrency + 4),
    },
    logger,
  );
  const started: DurableConsumer[] = [];
  const jsm = await jetstreamManager(service.nc);
  try {
    // 1. The burst, waiting in the stream.
    const burst = nationalBurst(N);
    const publishMs = await publishAll(service.nc, burst);
    say(
      `\n1. national burst: ${N} events published in ${(publishMs / 1000).toFixed(1)} s (${rate(N, publishMs)}/s)`,
    );

    // 1a. Raw JetStream consume, no-op handler (ack only).
    await jsm.consumers.add(STUDENTS_STREAM, {
      durable_name: 'bench-noop',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: DmcSnapshotPublished.subject,
    });
    const raw = await jetstream(service.nc).consumers.get(STUDENTS_STREAM, 'bench-noop');
    let seen = 0;
    const tRaw = now();
    const messages = await raw.consume({ max_messages: 100 });
    for await (const m of messages) {
      m.ack();
      seen += 1;
      if (seen === N) break;
    }
    const rawMs = now() - tRaw;
    await messages.close();
    say(
      `   raw JetStream consume, no-op handler:      ${rate(N, rawMs).toLocaleString('en')} events/s (${(rawMs / 1000).toFixed(2)} s)`,
    );

    // 1b. The platform's DurableConsumer with a no-op handler: one inbox insert per batch transaction.
    const noopOptions = financeConsumers({
      durablePrefix: 'bench-inbox',
      dmcConsumerConcurrency: env.concurrency,
    })
      .filter((o) => o.stream === STUDENTS_STREAM)
      .map((o) => ({ ...o, handlers: [on(DmcSnapshotPublished, async () => undefined)] }));
    const noop = noopOptions.map((o) => new DurableConsumer(service.dataSource, service.nc, logger, o));
    const tInbox = now();
    for (const c of noop) await c.start();
    await until(() => noop.reduce((n, c) => n + c.handled + c.duplicates, 0) >= N, 30 * 60_000);
    const inboxMs = now() - tInbox;
    for (const c of noop) await c.stop();
    say(
      `   DurableConsumer, no-op handler (inbox tx): ${rate(N, inboxMs).toLocaleString('en')} events/s (${(inboxMs / 1000).toFixed(1)} s)`,
    );
    say(`      counters: ${counters(noop)}`);

    // 1c. The finance allocation consumer.
    const financeOptions = financeConsumers({
      durablePrefix: 'bench',
      dmcConsumerConcurrency: env.concurrency,
    }).filter((o) => o.stream === STUDENTS_STREAM);
    const tFinance = now();
    for (const o of financeOptions) {
      const c = new DurableConsumer(service.dataSource, service.nc, logger, o);
      await c.start();
      started.push(c);
    }
    const handled = () => started.reduce((n, c) => n + c.handled + c.duplicates, 0);
    let lastReport = Date.now();
    await until(() => {
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        say(`      … ${handled()} / ${N}`);
      }
      return handled() >= N;
    }, 60 * 60_000);
    const financeMs = now() - tFinance;
    const financeRate = rate(N, financeMs);
    say(
      `   finance allocation consumer:               ${financeRate.toLocaleString('en')} events/s (${(financeMs / 1000).toFixed(1)} s)`,
    );
    say(`      counters: ${counters(started)}`);
    const ratio = financeRate / rate(N, rawMs);
    say(
      `   ratio finance / raw no-op: ${ratio.toFixed(3)}×   (finance / DurableConsumer no-op: ${(financeRate / rate(N, inboxMs)).toFixed(3)}×; DurableConsumer no-op / raw: ${(rate(N, inboxMs) / rate(N, rawMs)).toFixed(3)}×)`,
    );
    const [check] = await service.dataSource.query(
      `SELECT count(*)::int AS allocations, sum(total)::text AS total,
              (SELECT count(*)::int FROM subsidy_allocation_line) AS lines,
              (SELECT count(*)::int FROM journal_line) AS ledger FROM subsidy_allocation WHERE fiscal_year = 2568`,
    );
    const expected = expectedTotal(burst);
    say(
      `   check: ${check.allocations} allocations, ${check.lines} per-grade lines, total ${check.total} baht ` +
        `(${check.total === expected ? 'equals' : `DIFFERS from ${expected}`} the in-memory computation)`,
    );

    // 2. A Lopburi round: publish → every allocation queryable through the subgraph.
    const round = lopburiRound();
    const token = await tokenFor('obec-analyst', 'OBEC');
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Province {
      allocationSummary(fiscalYear: 2569) { schoolCount total } } } }`;
    const reps = [{ __typename: 'Province', code: '16' }];
    const tRound = now();
    const publishRoundMs = await publishAll(service.nc, round);
    let summary: { schoolCount: number; total: string } | undefined;
    let polls = 0;
    await until(
      async () => {
        polls += 1;
        const res = await gql(service.url, query, { reps }, { token });
        summary = res.data?._entities?.[0]?.allocationSummary;
        return summary?.schoolCount === round.length;
      },
      10 * 60_000,
      20,
    );
    const roundMs = now() - tRound;
    const roundExpected = expectedTotal(round);
    say(`\n2. Lopburi round: ${round.length} schools`);
    say(
      `   published in ${publishRoundMs.toFixed(0)} ms; all ${round.length} allocations queryable after ${roundMs.toFixed(0)} ms (${polls} polls)`,
    );
    say(
      `   province 16 total ${summary!.total} baht (${summary!.total === roundExpected ? 'equals' : `DIFFERS from ${roundExpected}`} the in-memory computation)`,
    );

    const result = {
      at: new Date().toISOString(),
      cpus: os.cpus().length,
      events: N,
      pullers: env.concurrency,
      burst: {
        publishEventsPerSecond: rate(N, publishMs),
        rawNoopEventsPerSecond: rate(N, rawMs),
        durableConsumerNoopEventsPerSecond: rate(N, inboxMs),
        financeEventsPerSecond: financeRate,
        ratioFinanceToRawNoop: Number(ratio.toFixed(4)),
        ratioDurableNoopToRawNoop: Number((rate(N, inboxMs) / rate(N, rawMs)).toFixed(4)),
        allocations: check.allocations,
        total: check.total,
        totalMatchesInMemory: check.total === expected,
      },
      lopburiRound: {
        schools: round.length,
        publishMs: Math.round(publishRoundMs),
        allQueryableMs: Math.round(roundMs),
        total: summary!.total,
        totalMatchesInMemory: summary!.total === roundExpected,
      },
    };
    const out = path.resolve(__dirname, '../../../bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'finance-allocation.json'), `${JSON.stringify(result, null, 2)}\n`);
    say(`\n   written to bench-results/finance-allocation.json`);
  } finally {
    for (const c of started) await c.stop().catch(() => undefined);
    if (env.natsUrl) {
      for (const d of ['bench-noop', 'bench-inbox-dmc-allocations', 'bench-dmc-allocations']) {
        await jsm.consumers.delete(STUDENTS_STREAM, d).catch(() => undefined);
      }
    }
    await service.close();
    const admin = new Client({ connectionString: databaseUrlFor(env.databaseServerUrl, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    await nats.stop();
    if (!env.natsUrl) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
