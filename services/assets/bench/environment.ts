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
  /**
   * A NATS server to use. Unset (the default): a private `nats-server -js` in a temporary folder, so the
   * 29,000 national directory events never land in a shared SCHOOLS stream (it keeps them forever).
   */
  natsUrl: process.env.BENCH_NATS_URL,
  /** `national` (29,000 schools, the scale) or `lopburi` (383, a quick run). */
  directory: (process.env.BENCH_DIRECTORY ?? 'national') as 'national' | 'lopburi',
  /** Durable goods per school on average (103 × 29,000 ≈ 3 M). */
  assetsPerSchool: Number(process.env.BENCH_ASSETS_PER_SCHOOL ?? 103),
  /** Measured runs of each query, interleaved (after 2 warm-ups). */
  runs: Number(process.env.BENCH_RUNS ?? 10),
  logLevel: process.env.LOG_LEVEL ?? 'silent',
};
