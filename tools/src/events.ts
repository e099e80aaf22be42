/**
 * `npm run events -- <command>`: the event pipeline's dead letters, for operators.
 *
 *   list [--service <name>] [--all]                 dead letters of the consumers, set-aside outbox rows
 *   replay <event-id|subject> [--service <name>] [--consumer <durable>] [--wait <seconds>]
 *
 * `replay` asks the running consumer that dead-lettered the event(s) to run them again: it picks
 * the request up within seconds and runs each event through the same handler and inbox, in one
 * transaction that also marks it replayed — so an event is applied at most once, however often a
 * replay is asked for. The command waits (default 30 s) and prints how each replay went. An id or
 * subject of a set-aside outbox row gives the row back to the relay instead.
 *
 * Databases: `--database-url <url>`; else DATABASE_URL (a service's own database, or a server URL
 * whose `smss_<service>` databases are used, as `npm start` does); else postgres on 127.0.0.1:5432.
 */
import { createDataSource, databaseUrlFor } from '@smss/db';
import {
  listDeadLetters,
  listDeadOutbox,
  requeueDeadOutbox,
  requestReplay,
  type DeadLetter,
  type SqlRunner,
} from '@smss/events';
import { readSubgraphList } from '@smss/gateway';

export interface EventsCommandIo {
  out: (line: string) => void;
  /** Database URL of a service (default: from the flags and DATABASE_URL, see above). */
  databaseUrl?: (service: string) => string;
}

interface Flags {
  service?: string;
  consumer?: string;
  databaseUrl?: string;
  all: boolean;
  waitSeconds: number;
  positional: string[];
}

const USAGE = `usage:
  npm run events -- list [--service <name>] [--all]
  npm run events -- replay <event-id|subject> [--service <name>] [--consumer <durable>] [--wait <seconds>]
options: --database-url <url> (else DATABASE_URL: a service database or a server URL)`;

function parseFlags(args: string[]): Flags {
  const flags: Flags = { all: false, waitSeconds: 30, positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[++i];
      if (!v) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--service') flags.service = value();
    else if (arg === '--consumer') flags.consumer = value();
    else if (arg === '--database-url') flags.databaseUrl = value();
    else if (arg === '--wait') flags.waitSeconds = Number(value());
    else if (arg === '--all') flags.all = true;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else flags.positional.push(arg);
  }
  return flags;
}

function defaultDatabaseUrl(service: string, explicit?: string): string {
  if (explicit) return explicit;
  const env = process.env.DATABASE_URL;
  const database = `smss_${service.replace(/-/g, '_')}`;
  if (!env) return `postgres://postgres@127.0.0.1:5432/${database}`;
  const path = new URL(env).pathname.replace(/^\//, '');
  return path === '' || path === 'postgres' ? databaseUrlFor(env, database) : env;
}

async function withDatabase<T>(url: string, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  const ds = createDataSource({ url, migrations: [], poolSize: 2, applicationName: 'smss-events-cli' });
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

const when = (d: Date | null) => (d ? d.toISOString() : '-');
const firstLine = (s: string | null) => (s ?? '').split('\n')[0]!.slice(0, 160);

function describe(d: DeadLetter): string {
  const state = d.replayedAt ? `replayed ${when(d.replayedAt)}` : d.deadAt ? 'dead' : 'retrying';
  return `  ${d.eventId}  ${d.consumer}  ${d.subject}  ${state}  attempts ${d.attempts}  first ${when(d.firstFailedAt)}  last ${when(d.lastFailedAt)}\n      ${firstLine(d.lastError)}`;
}

/** Run the command; resolves with the exit status. */
export async function runEventsCommand(argv: string[], io: EventsCommandIo): Promise<number> {
  const [command, ...rest] = argv;
  const flags = parseFlags(rest);
  const services = flags.service ? [flags.service] : readSubgraphList().map((s) => s.name);
  const urlOf = io.databaseUrl ?? ((service: string) => defaultDatabaseUrl(service, flags.databaseUrl));

  if (command === 'list') {
    for (const service of services) {
      await withDatabase(urlOf(service), async (sql) => {
        const letters = await listDeadLetters(sql, { all: flags.all, consumer: flags.consumer });
        const outbox = await listDeadOutbox(sql);
        io.out(`${service}: ${letters.length} dead letter(s), ${outbox.length} set-aside outbox row(s)`);
        for (const d of letters) io.out(describe(d));
        for (const o of outbox)
          io.out(
            `  outbox ${o.id}  ${o.subject}  attempts ${o.attempts}  dead ${when(o.deadAt)}\n      ${firstLine(o.lastError)}`,
          );
      });
    }
    return 0;
  }

  if (command === 'replay') {
    const target = flags.positional[0];
    if (!target) {
      io.out(USAGE);
      return 2;
    }
    let asked = 0;
    let failed = 0;
    for (const service of services) {
      await withDatabase(urlOf(service), async (sql) => {
        const outbox = await requeueDeadOutbox(sql, target);
        for (const id of outbox.requeued) io.out(`${service}: outbox ${id} given back to the relay`);
        for (const id of outbox.superseded)
          io.out(
            `${service}: outbox ${id} not republished: a later event of the same aggregate is on the stream`,
          );
        asked += outbox.requeued.length + outbox.superseded.length;
        const requested = await requestReplay(sql, { target, consumer: flags.consumer });
        asked += requested.length;
        if (!requested.length) return;
        io.out(
          `${service}: replay of ${requested.length} dead letter(s) requested; waiting for the consumer(s)`,
        );
        const deadline = Date.now() + flags.waitSeconds * 1000;
        let open = requested;
        while (open.length && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 500));
          const now = await listDeadLetters(sql, { target, consumer: flags.consumer, all: true });
          const byKey = new Map(now.map((d) => [`${d.consumer}/${d.eventId}`, d]));
          open = open.filter((d) => {
            const current = byKey.get(`${d.consumer}/${d.eventId}`);
            if (!current) return false;
            if (current.replayedAt) {
              io.out(`  ${d.eventId}  ${d.consumer}: replayed`);
              return false;
            }
            if (!current.replayRequestedAt) {
              failed += 1;
              io.out(`  ${d.eventId}  ${d.consumer}: failed again — ${firstLine(current.lastError)}`);
              return false;
            }
            return true;
          });
        }
        for (const d of open) {
          failed += 1;
          io.out(
            `  ${d.eventId}  ${d.consumer}: not picked up within ${flags.waitSeconds} s (is ${service} running?); the request stays`,
          );
        }
      });
    }
    if (!asked) io.out(`nothing to replay for ${target}`);
    return failed ? 1 : 0;
  }

  io.out(USAGE);
  return command ? 2 : 0;
}

if (require.main === module) {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  runEventsCommand(process.argv.slice(2), { out: (line) => process.stdout.write(`${line}\n`) })
    .then((code) => process.exit(code))
    .catch((error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    });
}
