import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { eventually, testLogger } from '@smss/testing';
import {
  buildEnvelope,
  connectNats,
  DurableConsumer,
  ensureStreams,
  listDeadLetters,
  on,
  onBatch,
  requestReplay,
  type EventEnvelope,
  type NatsConnection,
} from '../src';
import {
  applyEffects,
  effectCounts,
  eventsTestDatabase,
  ItemNoted,
  ItemRecorded,
  startPrivateNats,
  TEST_STREAM,
  type EventsTestDb,
  type PrivateNats,
} from './support';

let nats: PrivateNats;
let nc: NatsConnection;
let js: JetStreamClient;
let t: EventsTestDb;
const running: DurableConsumer[] = [];
let durables = 0;

beforeAll(async () => {
  nats = await startPrivateNats();
  nc = await connectNats(nats.url, 'consumer-test');
  js = jetstream(nc);
  await ensureStreams(nc, [TEST_STREAM]);
});
beforeEach(async () => {
  t = await eventsTestDatabase('consumer');
});
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  await t.close();
});
afterAll(async () => {
  await nc.close();
  await nats.stop();
});

async function publish(contract: typeof ItemRecorded, n: number, msgID?: string): Promise<EventEnvelope> {
  const envelope = buildEnvelope(contract, `agg-${n}`, { n });
  await js.publish(contract.subject, JSON.stringify(envelope), { msgID: msgID ?? envelope.id });
  return envelope;
}

async function consumer(
  handlers: Parameters<typeof on>[] | ReturnType<typeof on>[],
  options: Partial<ConstructorParameters<typeof DurableConsumer>[3]> = {},
): Promise<DurableConsumer> {
  const c = new DurableConsumer(t.dataSource, nc, testLogger(), {
    durable: `c${++durables}-${Date.now()}`,
    stream: TEST_STREAM.name,
    handlers: handlers as ReturnType<typeof on>[],
    deliverPolicy: 'new',
    retryDelayMs: { first: 50, max: 200 },
    replayPollMs: 100,
    ...options,
  });
  await c.start();
  running.push(c);
  return c;
}

describe('DurableConsumer in batches', () => {
  it('handles a burst in batches of at most N, one transaction each, every event exactly once', async () => {
    const sizes: number[] = [];
    const c = await consumer(
      [
        onBatch(ItemRecorded, {
          handle: (e, m) => applyEffects(m, [e]),
          handleBatch: async (events, m) => {
            sizes.push(events.length);
            await applyEffects(m, events);
          },
        }),
      ],
      { batch: 200 },
    );
    await Promise.all(Array.from({ length: 2000 }, (_, i) => publish(ItemRecorded, i)));
    await eventually(async () => (await effectCounts(t.dataSource)).rows === 2000, 30_000);
    expect(await effectCounts(t.dataSource)).toEqual({ rows: 2000, applied: 2000 });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200);
    expect(c.stats.batches).toBeLessThan(2000 / 4); // far fewer transactions than events
    expect(c.stats.handled).toBe(2000);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM inbox_event`);
    expect(n).toBe(2000);
  });

  it('handles a lone event at once instead of waiting for a batch to fill', async () => {
    const c = await consumer([on(ItemRecorded, (e, m) => applyEffects(m, [e]))], { batch: 500 });
    const started = Date.now();
    await publish(ItemRecorded, 1);
    await eventually(async () => (await effectCounts(t.dataSource)).rows === 1, 5000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(c.stats.handled).toBe(1);
  });

  it('passes runs of consecutive same-contract events to handleBatch in stream order, across contracts', async () => {
    const seen: string[] = [];
    const calls: string[] = [];
    const record = (label: string) => async (events: EventEnvelope<{ n: number }>[]) => {
      calls.push(`${label}${events.length}`);
      for (const e of events) seen.push(`${label}${e.payload.n}`);
    };
    // Published before the consumer starts, so they arrive in one batch.
    const durable = `runs-${Date.now()}`;
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add(TEST_STREAM.name, {
      durable_name: durable,
      ack_policy: 'explicit' as never,
      deliver_policy: 'new' as never,
    });
    const order: Array<[typeof ItemRecorded, string]> = [
      [ItemRecorded, 'r'],
      [ItemRecorded, 'r'],
      [ItemNoted, 'n'],
      [ItemNoted, 'n'],
      [ItemNoted, 'n'],
      [ItemRecorded, 'r'],
    ];
    for (const [i, [contract]] of order.entries()) await publish(contract, i);
    await consumer(
      [
        onBatch(ItemRecorded, { handle: async () => undefined, handleBatch: record('r') }),
        onBatch(ItemNoted, { handle: async () => undefined, handleBatch: record('n') }),
      ],
      { durable },
    );
    await eventually(async () => seen.length === 6);
    expect(seen).toEqual(['r0', 'r1', 'n2', 'n3', 'n4', 'r5']);
    expect(calls).toEqual(['r2', 'n3', 'r1']);
  });

  it('acknowledges a republished event (new Nats-Msg-Id) without running its handler again', async () => {
    const c = await consumer([on(ItemRecorded, (e, m) => applyEffects(m, [e]))]);
    const envelope = await publish(ItemRecorded, 7);
    await eventually(async () => c.stats.handled === 1);
    await js.publish(ItemRecorded.subject, JSON.stringify(envelope), { msgID: `${envelope.id}-again` });
    await eventually(async () => c.stats.duplicates === 1);
    expect(await effectCounts(t.dataSource)).toEqual({ rows: 1, applied: 1 });
  });

  it('handles a first-delivery batch that holds republished events once: the inbox refuses the plain insert, the batch goes round again with ON CONFLICT', async () => {
    const durable = `republished-${Date.now()}`;
    const seen: string[][] = [];
    const handlers = [
      onBatch(ItemRecorded, {
        handle: (e, m) => applyEffects(m, [e]),
        handleBatch: async (events, m) => {
          seen.push(events.map((e) => e.aggregateId));
          await applyEffects(m, events);
        },
      }),
    ];
    const first = await consumer(handlers, { durable });
    const old = Array.from({ length: 10 }, (_, i) => buildEnvelope(ItemRecorded, `old${i}`, { n: i }));
    await Promise.all(old.map((e) => js.publish(ItemRecorded.subject, JSON.stringify(e), { msgID: e.id })));
    await eventually(async () => first.stats.handled === 10);
    await first.stop();
    // While it is stopped: the same ten events again under new message ids (past the duplicate
    // window), between twenty new ones; all are first deliveries on the stream.
    const fresh = Array.from({ length: 20 }, (_, i) =>
      buildEnvelope(ItemRecorded, `new${i}`, { n: 100 + i }),
    );
    for (const e of [...fresh.slice(0, 10), ...old, ...fresh.slice(10)])
      await js.publish(ItemRecorded.subject, JSON.stringify(e), { msgID: `${e.id}-${e.aggregateId}` });
    seen.length = 0;
    const second = await consumer(handlers, { durable });
    await eventually(async () => second.stats.handled + second.stats.duplicates === 30);
    expect(second.stats).toMatchObject({ handled: 20, duplicates: 10, batchFallbacks: 0, failures: 0 });
    expect(seen.flat()).toEqual(fresh.map((e) => e.aggregateId));
    expect(await effectCounts(t.dataSource)).toEqual({ rows: 30, applied: 30 });
  });

  it('retries a batch whole when it loses a real deadlock to another transaction, instead of one event a transaction', async () => {
    let attempts = 0;
    let other: Promise<unknown> | undefined;
    const c = await consumer([
      onBatch(ItemRecorded, {
        handle: (e, m) => applyEffects(m, [e]),
        handleBatch: async (events, m) => {
          attempts += 1;
          if (attempts === 1) {
            // Another transaction takes lock 2 and waits for lock 1, which this batch holds; this batch then
            // asks for lock 2: a deadlock. The other side waits 10 s before it looks, so this batch loses.
            await m.query(`SELECT pg_advisory_xact_lock(7101)`);
            const runner = t.dataSource.createQueryRunner();
            await runner.connect();
            await runner.startTransaction();
            await runner.query(`SET LOCAL deadlock_timeout = '10s'`);
            await runner.query(`SELECT pg_advisory_xact_lock(7102)`);
            other = runner
              .query(`SELECT pg_advisory_xact_lock(7101)`)
              .then(() => runner.commitTransaction())
              .finally(() => runner.release());
            await new Promise((r) => setTimeout(r, 200));
            await m.query(`SELECT pg_advisory_xact_lock(7102)`);
          }
          await applyEffects(m, events);
        },
      }),
    ]);
    const envelopes = Array.from({ length: 30 }, (_, i) => buildEnvelope(ItemRecorded, `d${i}`, { n: i }));
    await Promise.all(
      envelopes.map((e) => js.publish(ItemRecorded.subject, JSON.stringify(e), { msgID: e.id })),
    );
    await eventually(async () => (await effectCounts(t.dataSource)).rows === 30, 30_000);
    await other;
    expect(await effectCounts(t.dataSource)).toEqual({ rows: 30, applied: 30 });
    expect(c.stats.batchRetries).toBe(1);
    expect(c.stats.batchFallbacks).toBe(0);
    expect(c.stats.failures).toBe(0);
  });

  it('rolls back a batch with a failing event, commits the others one per transaction and retries only that one', async () => {
    let failuresLeft = 2;
    const c = await consumer([
      onBatch(ItemRecorded, {
        handle: async (e, m) => {
          if (e.id === poison && failuresLeft-- > 0) throw new Error('temporarily broken');
          await applyEffects(m, [e]);
        },
        handleBatch: async (events, m) => {
          if (events.some((e) => e.id === poison)) throw new Error('batch contains the bad event');
          await applyEffects(m, events);
        },
      }),
    ]);
    const envelopes = Array.from({ length: 50 }, (_, i) => buildEnvelope(ItemRecorded, `a${i}`, { n: i }));
    const poison = envelopes[20]!.id;
    await Promise.all(
      envelopes.map((e) => js.publish(ItemRecorded.subject, JSON.stringify(e), { msgID: e.id })),
    );
    await eventually(async () => (await effectCounts(t.dataSource)).rows === 50, 20_000);
    expect(await effectCounts(t.dataSource)).toEqual({ rows: 50, applied: 50 });
    expect(c.stats.failures).toBe(2);
    expect(c.stats.deadLettered).toBe(0);
    // The failure was on record while it was retried, and is gone now that it succeeded.
    expect(await listDeadLetters(t.dataSource, { all: true })).toEqual([]);
  });

  it('dead-letters an event that fails on every delivery, keeps consuming, and replays it once after the fix', async () => {
    let broken = true;
    const c = await consumer(
      [
        on(ItemRecorded, async (e, m) => {
          if (broken && e.payload.n === 13) throw new Error('rates table missing for 2569');
          await applyEffects(m, [e]);
        }),
      ],
      { maxDeliver: 3, ackWaitMs: 300 },
    );
    const bad = await publish(ItemRecorded, 13);
    await publish(ItemRecorded, 14);
    const [dead] = await eventually(async () => {
      const rows = await listDeadLetters(t.dataSource);
      return rows.length ? rows : undefined;
    }, 15_000);
    expect(dead).toMatchObject({
      consumer: c.durable,
      eventId: bad.id,
      subject: ItemRecorded.subject,
      attempts: 3,
      replayedAt: null,
    });
    expect(dead!.lastError).toContain('rates table missing for 2569');
    expect(dead!.deadAt).toBeInstanceOf(Date);
    expect(dead!.envelope).toMatchObject({ id: bad.id, payload: { n: 13 } });
    expect(c.stats.deadLettered).toBe(1);
    // The stream moved on: the next event was handled; the dead one was terminated, not redelivered.
    expect(await effectCounts(t.dataSource)).toEqual({ rows: 1, applied: 1 });
    const failuresWhenDead = c.stats.failures;
    await new Promise((r) => setTimeout(r, 1000)); // past the ack wait: a terminated message stays gone
    expect(c.stats.failures).toBe(failuresWhenDead);
    const info = await (await jetstreamManager(nc)).consumers.info(TEST_STREAM.name, c.durable);
    expect(info.num_ack_pending).toBe(0);

    broken = false;
    expect(await requestReplay(t.dataSource, { target: bad.id })).toHaveLength(1);
    await eventually(async () => (await listDeadLetters(t.dataSource, { all: true }))[0]?.replayedAt);
    expect(await effectCounts(t.dataSource)).toEqual({ rows: 2, applied: 2 });
    // Asking again finds nothing to replay; forcing the row back still cannot apply it twice (inbox).
    expect(await requestReplay(t.dataSource, { target: bad.id })).toHaveLength(0);
    await t.dataSource.query(
      `UPDATE dead_letter_event SET replayed_at = NULL, replay_requested_at = now() WHERE event_id = $1`,
      [bad.id],
    );
    await eventually(async () => (await listDeadLetters(t.dataSource, { all: true }))[0]?.replayedAt);
    expect(await effectCounts(t.dataSource)).toEqual({ rows: 2, applied: 2 });
    expect(c.stats.replayed).toBe(2);
  });

  it('keeps a dead letter, with the new error, when its replay fails again', async () => {
    const c = await consumer([on(ItemRecorded, async () => Promise.reject(new Error('still broken')))], {
      maxDeliver: 1,
    });
    const bad = await publish(ItemRecorded, 1);
    await eventually(async () => (await listDeadLetters(t.dataSource)).length === 1, 10_000);
    await requestReplay(t.dataSource, { target: ItemRecorded.subject });
    await eventually(async () => {
      const [row] = await listDeadLetters(t.dataSource);
      return row && row.replayRequestedAt === null && row.attempts === 2;
    });
    const [row] = await listDeadLetters(t.dataSource);
    expect(row).toMatchObject({ eventId: bad.id, replayedAt: null });
    expect(row!.lastError).toContain('still broken');
    expect(c.stats.replayed).toBe(0);
  });

  it('terminates a message that breaks its contract without running the handler, once for good', async () => {
    // A short ack wait: a termination the server ignored would bring the message back within it.
    const c = await consumer([on(ItemRecorded, (e, m) => applyEffects(m, [e]))], { ackWaitMs: 300 });
    const envelope = buildEnvelope(ItemRecorded, 'x', { n: 1 });
    await js.publish(ItemRecorded.subject, JSON.stringify({ ...envelope, payload: { n: 'one' } }));
    await publish(ItemRecorded, 2);
    await eventually(async () => c.stats.handled === 1 && c.stats.rejected === 1);
    expect(await effectCounts(t.dataSource)).toEqual({ rows: 1, applied: 1 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(c.stats.rejected).toBe(1);
    const info = await (await jetstreamManager(nc)).consumers.info(TEST_STREAM.name, c.durable);
    expect({ pending: info.num_ack_pending, redelivered: info.num_redelivered }).toEqual({
      pending: 0,
      redelivered: 0,
    });
  });

  it('reports a stopped loop (readiness) while its stream is gone and runs again once it is back', async () => {
    const c = await consumer([on(ItemRecorded, (e, m) => applyEffects(m, [e]))]);
    expect(() => c.assertRunning()).not.toThrow();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(TEST_STREAM.name);
    await eventually(async () => {
      try {
        c.assertRunning();
        return false;
      } catch (error) {
        return /waiting for stream|restarting/.test(String(error));
      }
    }, 40_000);
    await ensureStreams(nc, [TEST_STREAM]);
    await eventually(async () => c.state === 'running', 40_000);
    await publish(ItemRecorded, 5);
    await eventually(async () => c.stats.handled === 1, 10_000);
  });
});
