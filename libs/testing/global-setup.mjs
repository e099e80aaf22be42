// Jest global setup: PostgreSQL and NATS JetStream from TEST_DATABASE_URL / NATS_URL, else
// testcontainers when a Docker engine answers, else embedded ones. Never mocks.
import { freePort, startEmbeddedPostgresProcess, startNatsServer, tryTestcontainers, scratchDir } from './infra.mjs';

export default async function globalSetup() {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  process.env.TURBO_TELEMETRY_DISABLED = '1';
  const stops = [];
  const log = (m) => process.env.SMSS_TEST_VERBOSE && console.log(`[test-infra] ${m}`);
  if (!process.env.TEST_DATABASE_URL || !process.env.NATS_URL) {
    const containers = await tryTestcontainers(log);
    if (containers) {
      process.env.TEST_DATABASE_URL ??= containers.databaseUrl;
      process.env.NATS_URL ??= containers.natsUrl;
      stops.push(containers.stop);
    }
  }
  if (!process.env.TEST_DATABASE_URL) {
    const pg = await startEmbeddedPostgresProcess({ dataDir: `${scratchDir('test-pg')}/data`, port: await freePort(), log });
    process.env.TEST_DATABASE_URL = pg.url;
    stops.push(pg.stop);
  }
  if (!process.env.NATS_URL) {
    const nats = await startNatsServer({ dataDir: scratchDir('test-nats'), port: await freePort(), log });
    process.env.NATS_URL = nats.url;
    stops.push(nats.stop);
  }
  globalThis.__SMSS_TEST_INFRA_STOPS__ = stops;
}
