// No telemetry from the in-process gateway (it would call out to the internet).
process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';

/** The benchmark's settings (the only place it reads process.env). */
export const benchEnvironment = {
  /** A PostgreSQL server URL; the benchmark creates and drops its own two databases on it. */
  databaseServerUrl:
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres',
  /** Unset (the default): a private `nats-server -js` in a temporary folder (national events stay off shared streams). */
  natsUrl: process.env.BENCH_NATS_URL,
  /** `national` (29,000 schools, the scale) or `lopburi` (383, a quick run). */
  directory: (process.env.BENCH_DIRECTORY ?? 'national') as 'national' | 'lopburi',
  /** Students nationally (6.5 M); spread over the schools with many small ones. */
  students: Number(process.env.BENCH_STUDENTS ?? 6_500_000),
  /** Measured runs of each query, interleaved (after 2 warm-ups). */
  runs: Number(process.env.BENCH_RUNS ?? 30),
  logLevel: process.env.LOG_LEVEL ?? 'silent',
};
