import { benchEnvironmentBase } from '@smss/testing';

/** The benchmark's settings (the only place it reads process.env): the shared ones and its own. */
export const benchEnvironment = {
  ...benchEnvironmentBase(),
  /** `national` (29,000 schools, the scale) or `lopburi` (383, a quick run). */
  directory: (process.env.BENCH_DIRECTORY ?? 'national') as 'national' | 'lopburi',
  /** Durable goods per school on average (103 × 29,000 ≈ 3 M). */
  assetsPerSchool: Number(process.env.BENCH_ASSETS_PER_SCHOOL ?? 103),
  /** Measured runs of each query, interleaved (after 2 warm-ups). */
  runs: Number(process.env.BENCH_RUNS ?? 10),
};
