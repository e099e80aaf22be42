/**
 * 30,000 events through a batch consumer killed ≥ 25 times: 0 effects applied twice, 0 missing.
 *
 * How a kill is modelled: each consumer life runs in its own worker thread (its own TypeORM pool
 * and NATS connection) and the test calls `worker.terminate()` at a random moment while batches
 * are in flight: the thread stops wherever it is, its sockets close, PostgreSQL rolls back an
 * uncommitted batch and the unacknowledged messages come back after the ack wait — what a SIGKILL
 * of the service does. The effect is a row per event (unique key) plus a counter that adds the size
 * of every batch it is given: an event applied twice would push the counter past 30,000.
 */
import type { Worker } from 'node:worker_threads';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { consumerCaughtUp } from '../src/consumer-lag';
import { eventually } from '@smss/testing';
import { buildEnvelope, type ConsumerStats } from '../src';
import { effectCounts, ItemRecorded, TEST_STREAM } from './support';
import { privateBrokerSuite } from './private-broker';
import { startTsWorker } from './workers/spawn';

const EVENTS = 30_000;
const KILLS = 30;
const durable = 'kill-consumer';

const bed = privateBrokerSuite('consumer-kill-test', 'consumerkill');

type LifeMessage =
  | { type: 'loaded' }
  | { type: 'running' }
  | { type: 'committed-not-acked'; events: number }
  | { type: 'stats'; stats: ConsumerStats };

function startLife(onStats: (s: ConsumerStats) => void): {
  worker: Worker;
  loaded: Promise<void>;
  running: Promise<void>;
  committed: Promise<number>;
} {
  const worker = startTsWorker('consumer-life.ts', { dbUrl: bed.t.db.url, natsUrl: bed.nats.url, durable });
  bed.workers.push(worker);
  worker.on('error', () => undefined); // terminated mid-flight
  let loadedResolve!: () => void;
  let runningResolve!: () => void;
  let committedResolve!: (events: number) => void;
  const committed = new Promise<number>((r) => (committedResolve = r));
  const loaded = new Promise<void>((r) => (loadedResolve = r));
  const running = new Promise<void>((r) => (runningResolve = r));
  worker.on('message', (m: LifeMessage) => {
    if (m.type === 'loaded') loadedResolve();
    else if (m.type === 'running') runningResolve();
    else if (m.type === 'committed-not-acked') committedResolve(m.events);
    else onStats(m.stats);
  });
  return { worker, loaded, running, committed };
}

it(`applies each of ${EVENTS} events exactly once across ${KILLS} kills of the consumer`, async () => {
  const js = jetstream(bed.nc);
  for (let i = 0; i < EVENTS; i += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, EVENTS - i) }, (_, k) => {
        const envelope = buildEnvelope(ItemRecorded, `a${i + k}`, { n: i + k });
        return js.publish(ItemRecorded.subject, JSON.stringify(envelope), { msgID: envelope.id });
      }),
    );
  }

  const t0 = Date.now();
  let duplicatesSeen = 0;
  const kills = { random: 0, afterCommit: 0, committedNotAcked: 0 };
  const lives = [startLife(() => undefined)];
  for (let i = 0; i < KILLS; i++) {
    let last: ConsumerStats | undefined;
    const life = lives.shift()!;
    lives.push(startLife(() => undefined)); // loads while this one runs
    life.worker.on('message', (m: LifeMessage) => {
      if (m.type === 'stats') last = m.stats;
    });
    await life.loaded;
    const mode = i % 2 === 0 ? 'random' : 'after-commit';
    life.worker.postMessage({ mode });
    await life.running;
    if (mode === 'random') {
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 300));
      kills.random += 1;
    } else {
      const events = await Promise.race([
        life.committed,
        new Promise<number>((r) => setTimeout(() => r(0), 5000)),
      ]);
      if (events) {
        kills.afterCommit += 1;
        kills.committedNotAcked += events;
      }
    }
    await life.worker.terminate();
    duplicatesSeen += last?.duplicates ?? 0;
  }
  const killPhaseMs = Date.now() - t0;
  const midway = await effectCounts(bed.t.dataSource);
  expect(midway.rows).toBeGreaterThan(0);
  expect(midway.rows).toBeLessThan(EVENTS); // the kills happened while events were still flowing

  // The last life is left alone until the durable has nothing left to deliver or acknowledge.
  const final = lives.shift()!;
  for (const spare of lives) await spare.worker.terminate();
  let finalStats: ConsumerStats | undefined;
  final.worker.on('message', (m: LifeMessage) => {
    if (m.type === 'stats') finalStats = m.stats;
  });
  await final.loaded;
  final.worker.postMessage({ mode: 'random' });
  await eventually(async () => (await effectCounts(bed.t.dataSource)).rows === EVENTS, 150_000).catch(
    async (error) => {
      // Say where it stood: what the durable still holds and what the last life reported.
      const info = await (await jetstreamManager(bed.nc)).consumers.info(TEST_STREAM.name, durable);
      throw new Error(
        `${(error as Error).message}; effects ${JSON.stringify(await effectCounts(bed.t.dataSource))}, ` +
          `last life ${JSON.stringify(finalStats)}, durable: pending ${info.num_pending}, ` +
          `unacknowledged ${info.num_ack_pending}, redelivered ${info.num_redelivered}`,
      );
    },
  );
  await eventually(() => consumerCaughtUp(bed.nc, TEST_STREAM.name, durable), 30_000);
  await final.worker.terminate();

  expect(await effectCounts(bed.t.dataSource)).toEqual({ rows: EVENTS, applied: EVENTS });
  const [{ n: inbox }] = await bed.t.dataSource.query(`SELECT count(*)::int AS n FROM inbox_event`);
  expect(inbox).toBe(EVENTS);
  duplicatesSeen += finalStats?.duplicates ?? 0;
  expect(kills.random + kills.afterCommit).toBeGreaterThanOrEqual(25);
  expect(kills.afterCommit).toBeGreaterThanOrEqual(10);
  process.stdout.write(
    `consumer kills: ${kills.random} at random points, ${kills.afterCommit} between commit and ack ` +
      `(${kills.committedNotAcked} events committed, not acknowledged); ` +
      `effects after the kills ${midway.rows}/${EVENTS}; ` +
      `redeliveries the inbox refused (as last reported by each life): ${duplicatesSeen}; ` +
      `final: ${EVENTS} rows, counter ${EVENTS}; kill phase ${(killPhaseMs / 1000).toFixed(1)} s, total ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}, 300_000);
