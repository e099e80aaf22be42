import { randomUUID } from 'node:crypto';
import type { Logger } from '@smss/core';
import { academicYearOf, academicYearRange, semesterOf } from '@smss/thai';
import { renderExport, exportFileName } from './export-files';
import { exportProfile, SCHOOL_PAGE_SIZE, STUDENT_PAGE_SIZE, type ExportOperation } from './export-profiles';
import type { ExportJobRepository } from './export-job.repository';
import type { ExportJob, ExportJobError } from './export-job.types';

export interface ExportWorkerOptions {
  /** The gateway's GraphQL endpoint: every page is a query through it, with the requester's token. */
  /** The gateway's GraphQL endpoint, read for every call (a platform may start the gateway later). */
  gatewayUrl: string | (() => string);
  /** How often the worker beats its heartbeat and looks for stale jobs (default 5 s). */
  heartbeatMs?: number;
  /** Schools read at the same time (default EXPORT_CONCURRENCY). */
  concurrency?: number;
  /** A job without a heartbeat for this long belongs to a process that stopped (default 30 s). */
  staleSeconds?: number;
}

/** Why a job failed that was open in a process that stopped. */
export const PROCESS_STOPPED: ExportJobError = {
  code: 'SERVICE_UNAVAILABLE',
  message: 'The export stopped because the exchange service stopped while it ran: start it again',
  messageTh: 'การส่งออกหยุดลงเพราะบริการแลกเปลี่ยนข้อมูลหยุดทำงานระหว่างส่งออก กรุณาเริ่มการส่งออกใหม่อีกครั้ง',
};

/** An error a page answered with (or the gateway could not be reached): the job fails with it. */
export class ExportRunError extends Error {
  constructor(readonly error: ExportJobError) {
    super(error.message);
  }
}

const unreachable = (): ExportJobError => ({
  code: 'SERVICE_UNAVAILABLE',
  message: 'The gateway did not answer a page of the export',
  messageTh: 'เกตเวย์ไม่ตอบสนองระหว่างดึงข้อมูลเพื่อส่งออก',
});

interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: T }>;
}

interface SchoolRef {
  id: string;
  obecCode: string;
  students?: { totalCount: number } | null;
}

/**
 * Runs export jobs in this process. A job's requester token is handed over in memory (`enqueue`) and
 * never written anywhere; each page is a GraphQL query to the gateway with that token, so row scope,
 * the partner's include-only profile, masking and the personal-data audit apply exactly as to any query.
 * Progress is written per page; the file and SUCCEEDED are written together; any page error fails the
 * job with that error's code and Thai message. Jobs of a process that stopped (stale heartbeat) are
 * failed on the next start (and by any running worker) with PROCESS_STOPPED.
 */
/** Schools whose students a job reads at the same time (requests in flight to the gateway). */
export const EXPORT_CONCURRENCY = 4;

export class ExportWorker {
  readonly workerId = randomUUID();
  private readonly tokens = new Map<string, string>();
  private readonly queue: string[] = [];
  private draining?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private started = false;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly repo: ExportJobRepository,
    private readonly logger: Logger,
    private readonly options: ExportWorkerOptions,
  ) {}

  /** Fail what stopped processes left open, then beat the heartbeat until `stop()`. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.sweep();
    const tick = () => {
      if (this.stopped) return;
      this.repo
        .heartbeat(this.workerId)
        .then(() => this.sweep())
        .catch((error: unknown) => this.logger.warn({ err: error }, 'export worker heartbeat failed'))
        .finally(() => {
          if (!this.stopped) this.schedule(tick);
        });
    };
    this.schedule(tick);
  }

  private schedule(tick: () => void) {
    this.timer = setTimeout(tick, this.options.heartbeatMs ?? 5000);
    this.timer.unref();
  }

  private async sweep(): Promise<void> {
    const failed = await this.repo.failStale(this.options.staleSeconds ?? 30, PROCESS_STOPPED);
    if (failed.length) this.logger.warn({ jobs: failed }, 'export jobs of a stopped process marked FAILED');
  }

  /** Run this QUEUED job of this worker with the requester's token (kept in memory only). */
  enqueue(jobId: string, token: string): void {
    if (this.stopped) return;
    this.tokens.set(jobId, token);
    this.queue.push(jobId);
    this.kick();
  }

  /** One drain loop at a time; a job queued while the loop was ending starts a new one. */
  private kick(): void {
    if (this.draining || this.stopped) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.queue.length) this.kick();
    });
  }

  /** Stop: no new page is asked for, the open jobs of this worker fail with PROCESS_STOPPED. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.draining;
    for (const id of [...this.queue, ...this.tokens.keys()]) await this.repo.fail(id, PROCESS_STOPPED);
    this.queue.length = 0;
    this.tokens.clear();
  }

  private async drain(): Promise<void> {
    // Yield first: the mutation that queued the job answers before the job starts.
    await new Promise((r) => setImmediate(r));
    while (!this.stopped && this.queue.length) {
      const id = this.queue.shift()!;
      try {
        await this.run(id);
      } catch (error) {
        this.logger.error({ err: error, jobId: id }, 'export job crashed');
        if (!this.stopped)
          await this.repo
            .fail(id, {
              code: 'INTERNAL_SERVER_ERROR',
              message: 'The export failed on an internal error: start it again',
              messageTh: 'การส่งออกล้มเหลวจากข้อผิดพลาดภายในระบบ กรุณาเริ่มการส่งออกใหม่อีกครั้ง',
            })
            .catch(() => undefined);
      } finally {
        if (!this.stopped) this.tokens.delete(id);
      }
    }
  }

  private async run(id: string): Promise<void> {
    const token = this.tokens.get(id);
    if (!token) return;
    if (!(await this.repo.markRunning(id, this.workerId))) return;
    const [job] = await this.repo.byIds([id]);
    if (!job) return;
    try {
      const rows = await this.collect(job, token);
      if (this.stopped) return;
      const profile = exportProfile(job.profile);
      const file = await renderExport(
        profile,
        job.format,
        rows,
        exportFileName(job.profile, job.scope, job.format, new Date(job.createdAt)),
      );
      await this.repo.succeed(id, rows.length, file);
      this.logger.info({ jobId: id, profile: job.profile, rows: rows.length }, 'export job succeeded');
    } catch (error) {
      if (this.stopped) return;
      if (!(error instanceof ExportRunError)) throw error;
      await this.repo.fail(id, error.error);
      this.logger.info({ jobId: id, code: error.error.code }, 'export job failed on a page error');
    }
  }

  /** Walk the gateway page by page (EXPORT_CONCURRENCY schools at a time), writing progress as it goes; the rows of the file. */
  private async collect(job: ExportJob, token: string): Promise<unknown[]> {
    const profile = exportProfile(job.profile);
    const { schoolsOfArea, school, students } = profile.operations;
    const rows: unknown[] = [];
    let total: number | null = null;
    const progress = () =>
      this.repo.progress(job.id, rows.length, total == null ? null : Math.max(total, rows.length));

    // 1. The schools of the scope (with their student counts for the STUDENTS profiles).
    const schools: SchoolRef[] = [];
    if (job.scope.schoolCode) {
      const data = await this.page<{ school: SchoolRef | null }>(token, school, {
        obecCode: job.scope.schoolCode,
      });
      if (data.school) schools.push(data.school);
      if (profile.kind === 'SCHOOLS') total = schools.length;
    } else {
      let after: string | null = null;
      for (;;) {
        const data: { schools: Connection<SchoolRef> } = await this.page(token, schoolsOfArea, {
          areaOfficeCode: job.scope.areaOfficeCode,
          first: SCHOOL_PAGE_SIZE,
          after,
        });
        for (const e of data.schools.edges) schools.push(e.node);
        if (profile.kind === 'SCHOOLS') {
          total = data.schools.totalCount;
          for (const e of data.schools.edges) rows.push({ school: e.node });
          await progress();
        }
        if (!data.schools.pageInfo.hasNextPage || !data.schools.edges.length) break;
        after = data.schools.pageInfo.endCursor;
      }
    }
    if (profile.kind === 'SCHOOLS') {
      if (job.scope.schoolCode) for (const s of schools) rows.push({ school: s });
      await progress();
      return rows;
    }

    // 2. Per school, its students page by page.
    total = schools.reduce((n, s) => n + (s.students?.totalCount ?? 0), 0);
    await progress();
    const at = new Date(job.createdAt);
    const academicYear = academicYearOf(at);
    const year = academicYearRange(academicYear);
    const extra = { from: year.start, to: year.end, academicYear, term: semesterOf(at) };
    const variablesOf = (op: ExportOperation, base: Record<string, unknown>) =>
      op.name === 'ExportEefStudents' ? { ...base, ...extra } : base;
    // A few schools at a time (the subgraphs' pages hold at most 100 students); the file keeps school order.
    const perSchool: unknown[][] = schools.map(() => []);
    let done = 0;
    let next = 0;
    const walk = async () => {
      for (let i = next++; i < schools.length; i = next++) {
        const s = schools[i]!;
        let after: string | null = null;
        for (;;) {
          const data: { school: { obecCode: string; students: Connection<unknown> } | null } =
            await this.page(
              token,
              students!,
              variablesOf(students!, { schoolId: s.id, first: STUDENT_PAGE_SIZE, after }),
            );
          if (!data.school) break;
          for (const e of data.school.students.edges)
            perSchool[i]!.push({ school: { obecCode: data.school.obecCode }, student: e.node });
          done += data.school.students.edges.length;
          await this.repo.progress(job.id, done, Math.max(total ?? 0, done));
          if (!data.school.students.pageInfo.hasNextPage || !data.school.students.edges.length) break;
          after = data.school.students.pageInfo.endCursor;
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency ?? EXPORT_CONCURRENCY, schools.length) }, walk),
    );
    for (const list of perSchool) rows.push(...list);
    return rows;
  }

  /** One query through the gateway; any GraphQL error of the page fails the job with it. */
  private async page<T>(token: string, op: ExportOperation, variables: Record<string, unknown>): Promise<T> {
    if (this.stopped) throw new ExportRunError(PROCESS_STOPPED);
    let res: Response;
    try {
      res = await fetch(
        typeof this.options.gatewayUrl === 'function' ? this.options.gatewayUrl() : this.options.gatewayUrl,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'apollographql-client-name': 'smss-exchange-export',
          },
          body: JSON.stringify({ query: op.document, operationName: op.name, variables }),
          signal: this.abort.signal,
        },
      );
    } catch {
      throw new ExportRunError(this.stopped ? PROCESS_STOPPED : unreachable());
    }
    let body: { data?: T; errors?: Array<{ message?: string; extensions?: Record<string, unknown> }> };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new ExportRunError(unreachable());
    }
    const first = body.errors?.[0];
    if (first) {
      const code =
        typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
      const message = first.message ?? 'The gateway refused a page of the export';
      const messageTh =
        typeof first.extensions?.messageTh === 'string'
          ? first.extensions.messageTh
          : 'เกตเวย์ปฏิเสธการดึงข้อมูลเพื่อส่งออก';
      throw new ExportRunError({ code, message, messageTh });
    }
    if (!res.ok || !body.data) throw new ExportRunError(unreachable());
    return body.data;
  }
}
