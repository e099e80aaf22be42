import { Registry, collectDefaultMetrics, Histogram, Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { countDeadLetters, type DurableConsumer, type OutboxRelay } from '@smss/events';

export interface ServiceMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  graphqlErrors: Counter<'code'>;
}

export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    graphqlErrors: new Counter({
      name: 'graphql_errors_total',
      help: 'GraphQL errors returned, by code',
      labelNames: ['code'],
      registers: [registry],
    }),
  };
}

/**
 * The event pipeline's metrics, read from the relay and consumers when Prometheus scrapes:
 * - `smss_events_dead_lettered_total{consumer}`: events this process gave up on (alert: any increase);
 * - `smss_events_dead_letters{consumer}`: dead letters in the database not yet replayed (alert: > 0);
 * - `smss_events_handled_total`, `smss_events_failures_total`, `smss_events_rejected_total{consumer}`;
 * - `smss_event_consumer_running{consumer}`: 1 while the consumer's loop runs;
 * - `smss_outbox_published_total`, `smss_outbox_publish_failures_total`, `smss_outbox_dead_total`;
 * - `smss_outbox_rows{state="pending"|"dead"}`: rows waiting to be published / set aside (database).
 * Instances on one durable (finance runs several pullers) add up under one label.
 */
export function registerEventMetrics(
  registry: Registry,
  source: { dataSource: DataSource; relay?: OutboxRelay; consumers: DurableConsumer[] },
): void {
  const { dataSource, relay, consumers } = source;
  const perConsumer = (pick: (c: DurableConsumer) => number) => {
    const sums = new Map<string, number>();
    for (const c of consumers) sums.set(c.durable, (sums.get(c.durable) ?? 0) + pick(c));
    return sums;
  };
  const mirrorCounter = (name: string, help: string, pick: (c: DurableConsumer) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['consumer'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [consumer, value] of perConsumer(pick)) this.inc({ consumer }, value);
      },
    });
  mirrorCounter(
    'smss_events_dead_lettered_total',
    'Events a consumer gave up on and wrote to dead_letter_event',
    (c) => c.stats.deadLettered,
  );
  mirrorCounter('smss_events_handled_total', 'Events handled (handler committed)', (c) => c.stats.handled);
  mirrorCounter('smss_events_failures_total', 'Failed handler attempts', (c) => c.stats.failures);
  mirrorCounter(
    'smss_events_rejected_total',
    'Messages terminated for breaking their contract',
    (c) => c.stats.rejected,
  );
  new Gauge({
    name: 'smss_event_consumer_running',
    help: '1 while every instance of the consumer runs its message loop',
    labelNames: ['consumer'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [consumer, stopped] of perConsumer((c) => (c.state === 'running' ? 0 : 1)))
        this.set({ consumer }, stopped ? 0 : 1);
    },
  });
  new Gauge({
    name: 'smss_events_dead_letters',
    help: 'Dead-lettered events not yet replayed, per consumer (from the database)',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of consumers) this.set({ consumer: c.durable }, 0);
      try {
        for (const { consumer, count } of await countDeadLetters(dataSource)) this.set({ consumer }, count);
      } catch {
        // database down: /readyz says so; keep the scrape working
      }
    },
  });
  if (!relay) return;
  const relayCounter = (name: string, help: string, pick: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(pick());
      },
    });
  relayCounter(
    'smss_outbox_published_total',
    'Outbox events published to JetStream',
    () => relay.stats.published,
  );
  relayCounter(
    'smss_outbox_publish_failures_total',
    'Failed publish attempts of outbox rows',
    () => relay.stats.failed,
  );
  relayCounter(
    'smss_outbox_dead_total',
    'Outbox rows set aside after their last attempt',
    () => relay.stats.dead,
  );
  new Gauge({
    name: 'smss_outbox_rows',
    help: 'Outbox rows waiting to be published (state="pending") or set aside (state="dead")',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      try {
        const [row] = await dataSource.query(
          `SELECT (SELECT count(*) FROM outbox_event WHERE published_at IS NULL AND dead_at IS NULL) AS pending,
                  (SELECT count(*) FROM outbox_event WHERE dead_at IS NOT NULL) AS dead`,
        );
        this.set({ state: 'pending' }, Number(row.pending));
        this.set({ state: 'dead' }, Number(row.dead));
      } catch {
        // database down
      }
    },
  });
}
