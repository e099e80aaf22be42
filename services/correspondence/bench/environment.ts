// No telemetry from anything Apollo loads (it would call out to the internet).
process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';

/** The benchmark's settings (the only place it reads process.env). */
export const benchEnvironment = {
  /** A PostgreSQL server URL; the benchmark creates and drops its own database on it. */
  databaseServerUrl:
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres',
  /** A NATS server; unset: a private `nats-server -js` in a temporary folder (29,000 events stay off shared streams). */
  natsUrl: process.env.BENCH_NATS_URL,
  /** Schools circulated to (one delivery, one event each). */
  schools: Number(process.env.BENCH_SCHOOLS ?? 29_000),
  /** Measured rounds (each a new national circular), medians reported. */
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  logLevel: process.env.LOG_LEVEL ?? 'silent',
};
