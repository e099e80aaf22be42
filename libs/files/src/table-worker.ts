/**
 * The parse process: reads one file (sent over IPC) and sends back its rows or the problem that
 * stopped it, then exits. A child process, not a worker thread: V8 can abort the whole process when a
 * worker thread hits its `resourceLimits` heap cap (nodejs/node#47224), so the cap is this process's
 * own `--max-old-space-size` and an out-of-memory abort takes only this process down. Imports only
 * plain modules (no GraphQL, no logger) so it starts quickly.
 */
import { TableFileError, type TableFormat, type TableLimits } from './limits';
import { readRows } from './read-rows';

export type WorkerReply =
  | { ok: true; rows: string[][] }
  | { ok: false; problem: TableFileError['problem'] }
  | { ok: false; failure: string };

export interface ParseJob {
  content: Uint8Array;
  format: TableFormat;
  limits: TableLimits;
}

const reply = (message: WorkerReply) => process.send!(message, () => process.exit(0));

process.once('message', (job: ParseJob) => {
  const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
  readRows(content, job.format, job.limits).then(
    (rows) => reply({ ok: true, rows }),
    (error: unknown) =>
      reply(
        error instanceof TableFileError
          ? { ok: false, problem: error.problem }
          : { ok: false, failure: String((error as Error)?.stack ?? error) },
      ),
  );
});
// The parent went away (it was stopped, or it gave up on this parse): nothing left to answer.
process.once('disconnect', () => process.exit(0));
