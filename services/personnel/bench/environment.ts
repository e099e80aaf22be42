import { benchEnvironmentBase } from '@smss/testing';

/** The benchmark's settings (the only place it reads process.env): the shared ones and its own. */
export const benchEnvironment = {
  ...benchEnvironmentBase(),
  /** NATS_URL, else the shared broker on 127.0.0.1:4222 (this benchmark's own default, not a private server). */
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  /** Measured repetitions of the two-page listing (after 3 warm-ups). */
  runs: Number(process.env.BENCH_RUNS ?? 30),
};
