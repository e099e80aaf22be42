/**
 * The parse worker: reads one file (workerData) and posts back its rows or the problem that stopped
 * it. Imports only plain modules (no GraphQL, no logger) so the thread starts quickly.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TableFileError, type TableFormat, type TableLimits } from './limits';
import { readRows } from './read-rows';

export type WorkerReply =
  | { ok: true; rows: string[][] }
  | { ok: false; problem: TableFileError['problem'] }
  | { ok: false; failure: string };

const job = workerData as { content: Uint8Array; format: TableFormat; limits: TableLimits };
const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);

readRows(content, job.format, job.limits).then(
  (rows) => parentPort!.postMessage({ ok: true, rows } satisfies WorkerReply),
  (error: unknown) =>
    parentPort!.postMessage(
      (error instanceof TableFileError
        ? { ok: false, problem: error.problem }
        : { ok: false, failure: String((error as Error)?.stack ?? error) }) satisfies WorkerReply,
    ),
);
