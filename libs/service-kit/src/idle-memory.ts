import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Logger } from '@smss/core';

type CollectGarbage = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

export interface IdleMemoryOptions {
  /** How often the event loop's utilisation is looked at (default 5 s). */
  checkEveryMs?: number;
  /** Below this share of busy time over the last check, the process counts as idle (default 0.02). */
  idleBelow?: number;
  /** Heap growth since the last collection (committed MB) that makes another one worth it (default 2). */
  minGrowthMb?: number;
}

export interface IdleMemoryReducer {
  /** Collections run so far. */
  readonly collections: number;
  stop(): void;
}

/**
 * V8's `gc` function, without exposing it to the application: the flag is set for one new context
 * and cleared again. The function of that context collects the whole isolate's heap.
 */
function collectGarbage(): CollectGarbage {
  v8.setFlagsFromString('--expose-gc');
  try {
    return vm.runInNewContext('gc') as CollectGarbage;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

const committedMb = () => v8.getHeapStatistics().total_heap_size / 1_048_576;

/**
 * Hands memory back once the process has gone idle. V8 grows its young generation (up to
 * `--max-semi-space-size` per semi-space) while a service starts or serves a burst, and keeps it
 * for good: neither a regular full collection nor time shrinks it. A "last resort" collection —
 * what V8 runs under memory pressure — compacts the heap and shrinks the young generation back to
 * its minimum; it grows again as soon as there is work. It runs only when the event loop has been
 * almost idle for a whole check period and the heap grew since the last one, so a busy process
 * never pauses for it. One pauses the process for 50–250 ms on a subgraph's ~30–50 MB heap (the
 * gateway's first, on ~90 MB: ~450 ms); an idle subgraph runs about one a minute.
 */
export function reduceMemoryWhenIdle(logger: Logger, options: IdleMemoryOptions = {}): IdleMemoryReducer {
  const { checkEveryMs = 5000, idleBelow = 0.02, minGrowthMb = 2 } = options;
  const gc = collectGarbage();
  let last = performance.eventLoopUtilization();
  let baselineMb: number | undefined; // none yet: the first idle period collects
  let collections = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    const heapMb = committedMb();
    const grew = baselineMb === undefined || heapMb >= baselineMb + minGrowthMb;
    if (busy >= idleBelow || !grew) return;
    const started = performance.now();
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const after = committedMb();
    baselineMb = after;
    collections += 1;
    // The collection itself must not count as work in the next period.
    last = performance.eventLoopUtilization();
    logger.debug(
      {
        heapMbBefore: Math.round(heapMb * 10) / 10,
        heapMbAfter: Math.round(after * 10) / 10,
        rssMb: Math.round(process.memoryUsage.rss() / 104_857.6) / 10,
        ms: Math.round(performance.now() - started),
      },
      'idle: heap compacted and young generation shrunk',
    );
  }, checkEveryMs);
  timer.unref();
  return {
    get collections() {
      return collections;
    },
    stop: () => clearInterval(timer),
  };
}
