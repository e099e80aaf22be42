/**
 * The national initial load against raw COPY of the same file, in the same run (a benchmark, not a test).
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx services/students/bench/national-load.ts
 *
 * BENCH_ROWS (default 6,500,000 — every student of OBEC) synthetic students in 29,000 schools of 245 area
 * offices, grouped by school as DMC exports are, with one duplicate national ID every 250,000 rows and one
 * bad check digit every 100,000. The file (~800 MB) is generated once into a temporary folder, streamed,
 * and deleted at the end with the benchmark's database (which holds ~4 GB at the peak: check `df -h`).
 * In one run: (1) COPY the file as it is into a plain table; (2) the national load (`--initial`) into an
 * empty registry. Prints seconds per phase, rows/s and the ratio of (1) to (2), and — when the database
 * runs on this machine — the CPU seconds the loader's database sessions used per phase: on a machine
 * shared with other work, CPU / 2 is what the phase would take on two idle cores.
 */
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { benchDatabaseUrl, createScratchDatabase, perSecond, rounded, withScratchDir } from '@smss/testing';
import { bulkImport } from '../src/cli/bulk-import';
import { rawCopySeconds, seedReplica, writeBulkCsv } from './synthetic';

const ROWS = Number(process.env.BENCH_ROWS || 6_500_000);
const SCHOOLS = Number(process.env.BENCH_SCHOOLS || 29_000);
const AREAS = 245;
const server =
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function run(dir: string) {
  const free = statfsSync(dir);
  const needed = (ROWS / 6_500_000) * 6 * 1024 ** 3; // file + tables + WAL, with room to spare
  if (free.bavail * free.bsize < needed)
    throw new Error(`Needs about ${(needed / 1024 ** 3).toFixed(1)} GB free in ${dir}`);
  const file = path.join(dir, 'national.csv');
  let t = performance.now();
  const fileMiB = await writeBulkCsv(file, {
    rows: ROWS,
    schools: SCHOOLS,
    areas: AREAS,
    duplicateEvery: 250_000,
    badEvery: 100_000,
  });
  const generateSeconds = (performance.now() - t) / 1000;
  const db = await createScratchDatabase(server, `bench_national_${Date.now()}`);
  // The loader's sessions are read from pg_stat_activity on a connection of its own.
  const admin = new Client({ connectionString: benchDatabaseUrl(server, 'postgres') });
  await admin.connect();
  const c = new Client({ connectionString: db.url });
  try {
    await c.connect();
    const empty = path.join(dir, 'empty.csv');
    await writeBulkCsv(empty, { rows: 0, schools: 1, areas: 1, duplicateEvery: 0, badEvery: 0 });
    await bulkImport({ file: empty, academicYear: 2569, databaseUrl: db.url });
    await seedReplica(c, { schools: SCHOOLS, areas: AREAS });
    await c.query(`CHECKPOINT`);

    const loadBefore = os.loadavg().map((l) => rounded(l, 1));
    const copySeconds = await rawCopySeconds(c, file);
    await c.query(`CHECKPOINT`);
    const cpu = new Map<number, number>();
    const cpuSeconds = async () => {
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'smss-bulk-import' AND datname = $1`,
        [db.name],
      );
      for (const { pid } of rows) {
        try {
          const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          cpu.set(pid, (Number(f[11]) + Number(f[12])) / 100);
        } catch {
          // not on this machine
        }
      }
      return +[...cpu.values()].reduce((a, b) => a + b, 0).toFixed(1);
    };
    const cpuByPhase: Record<string, number> = {};
    t = performance.now();
    const load = await bulkImport({
      file,
      academicYear: 2569,
      databaseUrl: db.url,
      initial: true,
      keepErrors: 5,
      onPhase: async (phase) => {
        cpuByPhase[phase] = await cpuSeconds();
      },
    });
    const loadSeconds = (performance.now() - t) / 1000;
    const [sizes] = (
      await c.query(
        `SELECT pg_size_pretty(pg_total_relation_size('student')) AS student, pg_size_pretty(pg_total_relation_size('enrollment')) AS enrollment,
                (SELECT count(*) FROM enrollment)::int AS enrolments`,
      )
    ).rows;
    const report = {
      rows: ROWS,
      schools: SCHOOLS,
      areaOffices: AREAS,
      fileMiB,
      generateSeconds: rounded(generateSeconds, 1),
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg().map((l) => rounded(l, 1)),
      copy: { seconds: rounded(copySeconds, 2), rowsPerSecond: perSecond(ROWS, copySeconds) },
      nationalLoad: {
        seconds: rounded(loadSeconds, 2),
        rowsPerSecond: perSecond(ROWS, loadSeconds),
        phases: 'phases' in load ? load.phases : {},
        databaseCpuSecondsAtPhase: cpuByPhase,
        loaderCpuSeconds: +(process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6).toFixed(1),
        inserted: load.inserted,
        errors: 'errorCount' in load ? load.errorCount : load.errors.length,
        firstErrors: load.errors.slice(0, 3),
      },
      ratioLoadToCopy: rounded(copySeconds / loadSeconds, 3),
      target: { seconds: 60, met: loadSeconds < 60 },
      tables: sizes,
      peakRssMiB: Math.round(process.memoryUsage().rss / 1024 / 1024),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await c.end().catch(() => undefined);
    await admin.end().catch(() => undefined);
    await db.drop();
  }
}

withScratchDir('smss-national-bench-', run).catch((error) => {
  console.error(error);
  process.exit(1);
});
