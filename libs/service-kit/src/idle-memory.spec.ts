import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { createLogger } from '@smss/core';
import { loadMallocTrim, reduceMemoryWhenIdle, type IdleMemoryReducer } from './idle-memory';

const logger = createLogger('idle-memory-test', 'silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const youngMb = () =>
  v8
    .getHeapSpaceStatistics()
    .filter((s) => s.space_name === 'new_space')
    .reduce((sum, s) => sum + s.space_size / 1_048_576, 0);

/** Short-lived objects, many of them surviving one scavenge: V8 grows the young generation. */
function churn(): void {
  let keep: object[] = [];
  for (let i = 0; i < 1_500_000; i += 1) {
    keep.push({ i, s: `x${i}` });
    if (keep.length > 150_000) keep = [];
  }
}

let reducer: IdleMemoryReducer | undefined;
afterEach(() => reducer?.stop());

it('shrinks the young generation back once the process is idle, and only once while nothing grows', async () => {
  churn();
  const grown = youngMb();
  expect(grown).toBeGreaterThan(2);
  reducer = reduceMemoryWhenIdle(logger, { checkEveryMs: 100 });
  for (let i = 0; i < 40 && reducer.collections === 0; i += 1) await sleep(50);
  expect(reducer.collections).toBe(1);
  expect(youngMb()).toBeLessThan(grown / 2);
  await sleep(500); // idle, and the heap has not grown since: no further collection
  expect(reducer.collections).toBe(1);
  churn();
  churn();
  for (let i = 0; i < 40 && reducer.collections === 1; i += 1) await sleep(50);
  expect(reducer.collections).toBe(2);
});

it('never collects while the event loop is busy', async () => {
  reducer = reduceMemoryWhenIdle(logger, { checkEveryMs: 100 });
  const until = Date.now() + 1000;
  while (Date.now() < until) {
    churn(); // ~all of each period is work
    await new Promise((r) => setImmediate(r));
  }
  expect(reducer.collections).toBe(0);
  for (let i = 0; i < 40 && reducer.collections === 0; i += 1) await sleep(50);
  expect(reducer.collections).toBe(1);
});

it("hands malloc's free pages back once idle: after the collection, then only after more work", async () => {
  let released = 0;
  reducer = reduceMemoryWhenIdle(logger, {
    checkEveryMs: 100,
    idleBelow: 0.3, // (the test runner itself does some work between checks)
    minGrowthMb: 1000, // one collection only: the releases after it come from work alone
    releaseMalloc: () => (released += 1),
  });
  for (let i = 0; i < 40 && reducer.collections === 0; i += 1) await sleep(50);
  expect(reducer.collections).toBe(1);
  expect(released).toBe(1);
  // (Code the collection flushed is compiled again on its next use: that may count as work once.)
  await sleep(300);
  const settled = released;
  await sleep(500); // idle, nothing done: nothing more to release
  expect(released).toBe(settled);
  // Work that leaves the heap as it was (no second collection) still leaves malloc holes behind.
  const until = Date.now() + 300;
  while (Date.now() < until); // busy, allocating nothing
  for (let i = 0; i < 40 && released === settled; i += 1) await sleep(50);
  expect(released).toBe(settled + 1);
  expect(reducer.trims).toBe(released);
  expect(reducer.collections).toBe(1);
});

it('runs from source without the add-on: nothing is released, collections go on', async () => {
  reducer = reduceMemoryWhenIdle(logger, { checkEveryMs: 100 });
  for (let i = 0; i < 40 && reducer.collections === 0; i += 1) await sleep(50);
  expect(reducer.collections).toBe(1);
  expect(reducer.trims).toBe(0);
});

it('starts without releasing anything when the add-on beside it cannot be loaded', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'malloc-trim-'));
  try {
    writeFileSync(path.join(dir, 'malloc-trim.node'), 'not a shared object');
    expect(() => loadMallocTrim(dir)).toThrow();
    const warnings: string[] = [];
    const debugs: string[] = [];
    const watched = {
      ...logger,
      warn: (_: unknown, message: string) => warnings.push(message),
      debug: (message: string) => debugs.push(message),
    };
    reducer = reduceMemoryWhenIdle(watched as never, { checkEveryMs: 100, addonDir: dir });
    expect(warnings).toEqual(['idle: malloc-trim.node could not be loaded; malloc keeps its free pages']);
    // (Not also "no add-on beside the bundle": there is one, and it is broken.)
    expect(debugs.filter((m) => m.includes('malloc-trim'))).toEqual([]);
    for (let i = 0; i < 40 && reducer.collections === 0; i += 1) await sleep(50);
    expect({ collections: reducer.collections, trims: reducer.trims }).toEqual({ collections: 1, trims: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
