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
  /**
   * A NATS server to use. Unset (the default): the benchmark starts its own `nats-server -js` in a
   * temporary folder, so 29,000 synthetic snapshots never land in a shared STUDENTS stream where a
   * new durable (a fresh `npm start`) would replay them for 30 days.
   */
  natsUrl: process.env.BENCH_NATS_URL,
  /** Snapshot events in the national burst (one per school). */
  events: Number(process.env.BENCH_EVENTS ?? 29_000),
  /** Pullers on the finance DMC durable (DMC_CONSUMER_CONCURRENCY). */
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4),
  logLevel: process.env.LOG_LEVEL ?? 'silent',
};
