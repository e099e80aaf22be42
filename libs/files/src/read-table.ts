import { existsSync } from 'node:fs';
import path from 'node:path';
import { fork, type ChildProcess, type StdioOptions } from 'node:child_process';
import { toAppError } from './errors';
import { DEFAULT_TABLE_LIMITS, TableFileError, type TableFormat, type TableLimits } from './limits';
import type { ParseJob, WorkerReply } from './table-worker';
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
 * 2. In a child process: the streamed parse, which counts inflated bytes, rows, cells and cell
 *    lengths as it goes; the process has its own heap cap (`maxWorkerMemoryMb`, an out-of-memory
 *    abort ends only that process) and a deadline (`timeoutMs`), and at most two run at once. The
 *    event loop keeps serving requests meanwhile.
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
    const child = startParseProcess(limits.maxWorkerMemoryMb);
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outcome();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const deadline = setTimeout(
      () =>
        settle(() =>
          reject(new TableFileError({ kind: 'limit', limit: 'timeoutMs', allowed: limits.timeoutMs })),
        ),
      limits.timeoutMs,
    );
    // V8's out-of-memory report goes to stderr: read and drop it (kept short for other failures).
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    child.once('message', (reply: WorkerReply) =>
      settle(() => {
        if (reply.ok) resolve(reply.rows);
        else if ('problem' in reply) reject(new TableFileError(reply.problem));
        else reject(new Error(`The table parse process failed: ${reply.failure}`));
      }),
    );
    child.once('error', (error: Error) => settle(() => reject(error)));
    child.once('exit', (code, signal) =>
      settle(() =>
        reject(
          // V8 aborts (SIGABRT, or exit code 134 through a shell) when the heap cap is reached.
          signal === 'SIGABRT' || code === 134 || /heap out of memory/i.test(stderr)
            ? new TableFileError({
                kind: 'limit',
                limit: 'maxWorkerMemoryMb',
                allowed: limits.maxWorkerMemoryMb,
              })
            : new Error(`The table parse process exited (code ${code}, signal ${signal}) without an answer`),
        ),
      ),
    );
    const job: ParseJob = { content: new Uint8Array(content), format, limits };
    child.send(job, (error) => {
      if (error) settle(() => reject(error));
    });
  });
}

let tsxCjs: string | undefined;

/**
 * Start the parse process from whatever this module is running as:
 * - compiled JavaScript (a `table-worker.js` beside this file): that file, as it is;
 * - TypeScript sources (tsx in the launcher and the container, @swc/jest in tests): `table-worker.ts`
 *   under tsx's `require` hook (tsx is a dependency of this package); nothing depends on the parent's
 *   loader flags or on jest's transform.
 * Its heap is capped at `memoryMb` (`--max-old-space-size`); IPC uses the structured-clone
 * serialisation, so the file goes over as bytes and the rows come back as arrays.
 */
function startParseProcess(memoryMb: number): ChildProcess {
  const compiled = path.join(__dirname, 'table-worker.js');
  const heap = `--max-old-space-size=${Math.max(16, Math.floor(memoryMb))}`;
  const options = {
    serialization: 'advanced' as const,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'] as StdioOptions,
  };
  if (path.extname(__filename) === '.js' && existsSync(compiled))
    return fork(compiled, [], { ...options, execArgv: [heap] });
  tsxCjs ??= require.resolve('tsx/cjs');
  // execArgv replaces the parent's (`node --import tsx`, jest's flags): only tsx's require hook and the cap.
  return fork(path.join(__dirname, 'table-worker.ts'), [], {
    ...options,
    execArgv: ['--require', tsxCjs, heap],
  });
}
