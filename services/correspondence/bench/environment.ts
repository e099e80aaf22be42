import { benchEnvironmentBase } from '@smss/testing';

/** The benchmark's settings (the only place it reads process.env): the shared ones and its own. */
export const benchEnvironment = {
  ...benchEnvironmentBase(),
  /** Schools circulated to (one delivery, one event each). */
  schools: Number(process.env.BENCH_SCHOOLS ?? 29_000),
  /** Measured rounds (each a new national circular), medians reported. */
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
};
