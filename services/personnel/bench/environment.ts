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
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  /** Measured repetitions of the two-page listing (after 3 warm-ups). */
  runs: Number(process.env.BENCH_RUNS ?? 30),
  logLevel: process.env.LOG_LEVEL ?? 'silent',
};
