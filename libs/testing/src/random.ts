/*
 * Seeded randomness and small concurrency helpers for the generated tests (audit mixes, batch
 * equivalence, matrices): a failing random run prints its seed and is replayed with it.
 */

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a random test: `process.env[variable]` when set (to replay a run), else one from the clock. */
export const testSeed = (variable = 'AUDIT_SEED'): number =>
  Number(process.env[variable] ?? Date.now() % 1_000_000);

/** One item of `items`, chosen by `random`. */
export const pickWith =
  (random: () => number) =>
  <T>(items: readonly T[]): T =>
    items[Math.floor(random() * items.length)]!;

/** Shuffle `items` in place (Fisher–Yates) with `random`; returns them. */
export function shuffleWith<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Cut `items` into consecutive batches of 1 to `max` items, as a consumer would take them from a stream. */
export function randomBatches<T>(items: readonly T[], random: () => number, max: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length;) {
    const n = 1 + Math.floor(random() * max);
    out.push(items.slice(i, i + n));
    i += n;
  }
  return out;
}

/** Run `run` over `items` with at most `limit` at a time (each worker takes the next item when done). */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}
