import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { toAppError } from './errors';
import { DEFAULT_TABLE_LIMITS, TableFileError, type TableFormat, type TableLimits } from './limits';
import type { WorkerReply } from './table-worker';
import { openZip } from './zip';

export interface ReadTableOptions {
  format: TableFormat;
  /** Overrides of `DEFAULT_TABLE_LIMITS`. */
  limits?: Partial<TableLimits>;
}

/** `csv` or `xlsx` from a file name, or null for anything else. */
export function tableFormatOf(fileName: string): TableFormat | null {
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return null;
}

/**
 * An uploaded CSV or XLSX as rows of strings (row i = file row i + 1; empty rows are `[]`).
 *
 * 1. In the calling thread, cheaply: the file size, and for XLSX the ZIP central directory (part
 *    count and the sum of declared inflated sizes) — a bomb is refused here without inflating a byte.
 * 2. In a worker thread: the streamed parse, which counts inflated bytes, rows, cells and cell
 *    lengths as it goes; the worker has its own heap cap (`maxWorkerMemoryMb`) and a deadline
 *    (`timeoutMs`), and at most two run at once. The event loop keeps serving requests meanwhile.
 *
 * Every refusal is a BAD_USER_INPUT `AppError` naming the limit and the figure allowed.
 */
export async function readTable(content: Buffer, options: ReadTableOptions): Promise<string[][]> {
  const limits: TableLimits = { ...DEFAULT_TABLE_LIMITS, ...options.limits };
  try {
    if (content.length > limits.maxFileBytes) {
      throw new TableFileError({
        kind: 'limit',
        limit: 'maxFileBytes',
        allowed: limits.maxFileBytes,
        found: content.length,
      });
    }
    if (options.format === 'xlsx') (await openZip(content, limits)).zip.close();
    return await oneAtATime(() => parseInWorker(content, options.format, limits));
  } catch (error) {
    throw toAppError(error);
  }
}

const MAX_PARALLEL_PARSES = 2;
let running = 0;
const waiting: Array<() => void> = [];

/** At most MAX_PARALLEL_PARSES workers at a time; a finished one hands its slot to the next in line. */
async function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_PARALLEL_PARSES) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

function parseInWorker(content: Buffer, format: TableFormat, limits: TableLimits): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const worker = startParseWorker({
      workerData: { content: new Uint8Array(content), format, limits },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxWorkerMemoryMb },
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outcome();
      void worker.terminate();
    };
    const deadline = setTimeout(
      () =>
        settle(() =>
          reject(new TableFileError({ kind: 'limit', limit: 'timeoutMs', allowed: limits.timeoutMs })),
        ),
      limits.timeoutMs,
    );
    worker.once('message', (reply: WorkerReply) =>
      settle(() => {
        if (reply.ok) resolve(reply.rows);
        else if ('problem' in reply) reject(new TableFileError(reply.problem));
        else reject(new Error(`The table parse worker failed: ${reply.failure}`));
      }),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new TableFileError({
                kind: 'limit',
                limit: 'maxWorkerMemoryMb',
                allowed: limits.maxWorkerMemoryMb,
              })
            : error,
        ),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`The table parse worker exited (code ${code}) without an answer`))),
    );
  });
}

let tsxCjsApi: string | undefined;

/**
 * Start the worker from whatever this module is running as:
 * - compiled JavaScript (a `table-worker.js` beside this file): that file, as it is;
 * - TypeScript sources (tsx in the launcher and the container, @swc/jest in tests): a new thread has
 *   no transpiler unless one happens to be inherited, so the worker is a two-line CommonJS script
 *   that registers tsx's `require` hook (tsx is a dependency of this package) and then loads
 *   `table-worker.ts`. Nothing depends on the parent's loader flags or on jest's transform.
 */
function startParseWorker(options: WorkerOptions): Worker {
  const compiled = path.join(__dirname, 'table-worker.js');
  if (path.extname(__filename) === '.js' && existsSync(compiled)) return new Worker(compiled, options);
  tsxCjsApi ??= require.resolve('tsx/cjs/api');
  const entry = path.join(__dirname, 'table-worker.ts');
  const bootstrap = `require(${JSON.stringify(tsxCjsApi)}).register();\nrequire(${JSON.stringify(entry)});`;
  // execArgv: [] — the parent's loader flags (`node --import tsx`) would start a second loader per thread.
  return new Worker(bootstrap, { ...options, eval: true, execArgv: [] });
}
