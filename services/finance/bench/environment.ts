import { benchEnvironmentBase } from '@smss/testing';

/** The benchmark's settings (the only place it reads process.env): the shared ones and its own. */
export const benchEnvironment = {
  ...benchEnvironmentBase(),
  /** Snapshot events in the national burst (one per school). */
  events: Number(process.env.BENCH_EVENTS ?? 29_000),
  /** Pullers on the finance DMC durable (DMC_CONSUMER_CONCURRENCY). */
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4),
};
