import { existsSync } from 'node:fs';
import path from 'node:path';
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
  /**
   * Hands malloc's free pages back to the kernel (default: glibc's `malloc_trim(0)` from the build's
   * add-on beside the bundle, see {@link loadMallocTrim}; none when running from source). Called once
   * idle after each collection, and after each stretch of work even when the heap did not grow.
   */
  releaseMalloc?: (() => unknown) | null;
  /** Where the default `releaseMalloc` looks for `malloc-trim.node` (default: beside this file's bundle). */
  addonDir?: string;
}

export interface IdleMemoryReducer {
  /** Collections run so far. */
  readonly collections: number;
  /** Times malloc's free pages were handed back so far. */
  readonly trims: number;
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

/**
 * `trim()` of `malloc-trim.node` (libs/service-kit/native), which the production build compiles beside
 * each bundle that holds this file; undefined when it is not there (running from source, or a build
 * machine without a C compiler). glibc's free() only ever returns the top of a heap to the kernel: the
 * holes a burst of work leaves inside (V8's compiler zones, parser buffers) stay resident until
 * malloc_trim hands their pages back — 6–9 MB in a subgraph after serving reads (measured).
 */
export function loadMallocTrim(dir: string = __dirname): (() => boolean | undefined) | undefined {
  const file = path.join(dir, 'malloc-trim.node');
  if (!existsSync(file)) return undefined;
  const addon = { exports: {} as { trim?: () => boolean | undefined } };
  process.dlopen(addon, file);
  return addon.exports.trim;
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
 * gateway's first, on ~90 MB: ~450 ms); an idle subgraph runs about one a minute. After it, and
 * after any stretch of work since, malloc's free pages go back to the kernel (`releaseMalloc`).
 */
export function reduceMemoryWhenIdle(logger: Logger, options: IdleMemoryOptions = {}): IdleMemoryReducer {
  const { checkEveryMs = 5000, idleBelow = 0.02, minGrowthMb = 2 } = options;
  const gc = collectGarbage();
  let releaseMalloc: (() => unknown) | null | undefined = options.releaseMalloc;
  if (releaseMalloc === undefined) {
    try {
      releaseMalloc = loadMallocTrim(options.addonDir);
      if (!releaseMalloc)
        logger.debug('idle: no malloc-trim.node beside the bundle; malloc keeps its free pages');
    } catch (error) {
      // An optimisation only: a service whose add-on cannot load (built elsewhere) still starts.
      logger.warn({ err: error }, 'idle: malloc-trim.node could not be loaded; malloc keeps its free pages');
    }
  }
  let last = performance.eventLoopUtilization();
  let baselineMb: number | undefined; // none yet: the first idle period collects
  let collections = 0;
  let trims = 0;
  let workedSinceTrim = true;
  const rssMb = () => Math.round(process.memoryUsage.rss() / 104_857.6) / 10;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    if (busy >= idleBelow) {
      workedSinceTrim = true;
      return;
    }
    const heapMb = committedMb();
    const grew = baselineMb === undefined || heapMb >= baselineMb + minGrowthMb;
    if (!grew && !(workedSinceTrim && releaseMalloc)) return;
    const started = performance.now();
    const rssBefore = rssMb();
    if (grew) {
      gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      baselineMb = committedMb();
      collections += 1;
    }
    if (releaseMalloc) {
      releaseMalloc();
      trims += 1;
      workedSinceTrim = false;
    }
    // The collection itself must not count as work in the next period.
    last = performance.eventLoopUtilization();
    logger.debug(
      {
        collected: grew,
        heapMbBefore: Math.round(heapMb * 10) / 10,
        heapMbAfter: Math.round(committedMb() * 10) / 10,
        rssMbBefore: rssBefore,
        rssMb: rssMb(),
        mallocTrimmed: !!releaseMalloc,
        ms: Math.round(performance.now() - started),
      },
      grew ? 'idle: heap compacted, young generation shrunk' : 'idle: free malloc pages released',
    );
  }, checkEveryMs);
  timer.unref();
  return {
    get collections() {
      return collections;
    },
    get trims() {
      return trims;
    },
    stop: () => clearInterval(timer),
  };
}
